package io.etlorchestrator.core.alert;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.alert.Payloads;
import io.etlorchestrator.core.spi.AlertChannel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link AlertChannel} that POSTs each alert as JSON to an HTTP endpoint with the JDK's {@link
 * HttpClient}: a Slack incoming webhook ({@code {"text": "..."}}) or the PagerDuty Events API v2
 * (a {@code trigger} event whose {@code dedup_key} is the run id and step, so the alerts of one
 * step of one run make one incident).
 *
 * <pre>{@code
 * AlertChannel slack = WebhookChannel.slack(URI.create("https://hooks.slack.com/services/T0/B0/XYZ"))
 *     .timeout(Duration.ofSeconds(5))
 *     .build();
 * AlertChannel pagerDuty = WebhookChannel.pagerDuty("R0UT1NGKEY").build();
 * }</pre>
 *
 * <p>A send fails (and {@link Alerting} retries it) when the endpoint cannot be reached, does not
 * answer within the timeout, or answers with a status outside 2xx. Thread-safe.
 */
public final class WebhookChannel implements AlertChannel {
  /** PagerDuty's Events API v2 endpoint. */
  public static final URI PAGERDUTY_EVENTS_V2 = URI.create("https://events.pagerduty.com/v2/enqueue");

  /** The JSON a channel sends. */
  public enum Format {
    /** Slack's incoming webhook: {@code {"text": ...}}; also understood by Mattermost and others. */
    SLACK,
    /** A PagerDuty Events API v2 {@code trigger} event. */
    PAGERDUTY
  }

  private final URI url;
  private final Format format;
  private final String routingKey;
  private final String source;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final HttpClient client;

  private WebhookChannel(Builder builder) {
    this.url = builder.url;
    this.format = builder.format;
    this.routingKey = builder.routingKey;
    this.source = builder.source;
    this.timeout = builder.timeout;
    this.headers = Map.copyOf(builder.headers);
    this.client =
        builder.client != null
            ? builder.client
            : HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** A builder for a Slack-compatible webhook at {@code url}. */
  public static Builder slack(URI url) {
    return new Builder(Checks.notNull(url, "url"), Format.SLACK, "");
  }

  /** A builder for PagerDuty's Events API v2 with the integration's {@code routingKey}. */
  public static Builder pagerDuty(String routingKey) {
    return pagerDuty(PAGERDUTY_EVENTS_V2, routingKey);
  }

  /** A builder for a PagerDuty Events v2-compatible endpoint at {@code url}. */
  public static Builder pagerDuty(URI url, String routingKey) {
    Checks.notNull(routingKey, "routingKey");
    Checks.argument(!routingKey.isBlank(), "the PagerDuty routing key must not be blank");
    return new Builder(Checks.notNull(url, "url"), Format.PAGERDUTY, routingKey);
  }

  /** Where alerts are posted. */
  public URI url() {
    return url;
  }

  /** The JSON this channel sends. */
  public Format format() {
    return format;
  }

  /** How long one request may take, connecting included. */
  public Duration timeout() {
    return timeout;
  }

  /** The JSON body this channel posts for {@code alert}. */
  public String payload(Alert alert) {
    Checks.notNull(alert, "alert");
    return format == Format.SLACK ? Payloads.slack(alert) : Payloads.pagerDuty(alert, routingKey, source);
  }

  /**
   * Posts {@code alert} and waits for the answer, at most {@link #timeout()}.
   *
   * @throws IOException if the endpoint cannot be reached, times out ({@link
   *     java.net.http.HttpTimeoutException}) or answers with a status outside 2xx
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  @Override
  public void send(Alert alert) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(payload(alert), StandardCharsets.UTF_8));
    headers.forEach(request::header);
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      String body = response.body() == null ? "" : response.body().strip();
      throw new IOException(
          String.format(
              "webhook %s answered HTTP %d%s",
              url, status, body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body)));
    }
  }

  @Override
  public String toString() {
    return "WebhookChannel[" + format + ", " + url + "]";
  }

  /** Builds a {@link WebhookChannel}; {@link #build()} copies, so a builder can be reused. */
  public static final class Builder {
    private final URI url;
    private final Format format;
    private final String routingKey;
    private String source = "";
    private Duration timeout = Duration.ofSeconds(10);
    private final Map<String, String> headers = new LinkedHashMap<>();
    private HttpClient client;

    private Builder(URI url, Format format, String routingKey) {
      Checks.argument(
          "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()),
          "webhook url must be http or https, was '%s'",
          url);
      this.url = url;
      this.format = format;
      this.routingKey = routingKey;
    }

    /** How long one request may take, connecting included (default 10 s). */
    public Builder timeout(Duration timeout) {
      Checks.notNull(timeout, "timeout");
      Checks.argument(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive, was %s", timeout);
      this.timeout = timeout;
      return this;
    }

    /** Adds a header to every request (an {@code Authorization} token, for example). */
    public Builder header(String name, String value) {
      headers.put(Checks.notNull(name, "name"), Checks.notNull(value, "value"));
      return this;
    }

    /** PagerDuty's {@code payload.source} (default: the pipeline's name). */
    public Builder source(String source) {
      this.source = Checks.notNull(source, "source");
      return this;
    }

    /** Sends with {@code client} (proxies, TLS settings) instead of a client of the channel's own. */
    public Builder httpClient(HttpClient client) {
      this.client = Checks.notNull(client, "client");
      return this;
    }

    /** The channel. */
    public WebhookChannel build() {
      return new WebhookChannel(this);
    }
  }
}
