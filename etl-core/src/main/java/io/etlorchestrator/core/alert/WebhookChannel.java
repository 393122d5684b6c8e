package io.etlorchestrator.core.alert;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.Durations;
import io.etlorchestrator.core.internal.Errors;
import io.etlorchestrator.core.internal.Redaction;
import io.etlorchestrator.core.internal.alert.Payloads;
import io.etlorchestrator.core.spi.AlertChannel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *
 * <p>The URL, the routing key and header values are credentials (a Slack webhook's path is its
 * token), so what this channel writes for people never shows them: its {@code toString()} and
 * the messages of the exceptions {@link #send} throws show the endpoint as {@code
 * scheme://host:port/***} ({@code https://hooks.slack.com/***}), and hide any of those secrets in
 * the endpoint's answer or in the HTTP client's own messages. Only {@link #url()} and {@link
 * #payload(Alert)} give them out.
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
  /** The URL as people may see it. */
  private final String shownUrl;
  /** What must not reach a message, longest first. */
  private final List<String> secrets;

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
    this.shownUrl = Redaction.url(url);
    Set<String> secrets = new LinkedHashSet<>(Redaction.secretsOf(url));
    if (!routingKey.isBlank()) {
      secrets.add(routingKey);
    }
    headers.values().stream().filter(v -> !v.isBlank()).forEach(secrets::add);
    this.secrets = List.copyOf(secrets);
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

  /** Where alerts are posted. A credential for most webhooks: do not log it (the channel's {@code toString()} is safe to). */
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
   * @throws IOException if the endpoint cannot be reached ({@link ConnectException}), times out
   *     ({@link HttpTimeoutException}) or answers with a status outside 2xx; its message names the
   *     endpoint without its credentials
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
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw withoutSecrets(e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      // Scrubbed before it is cut, so that no half of a secret survives at the cut.
      String body = response.body() == null ? "" : Redaction.scrub(response.body().strip(), secrets);
      throw new IOException(
          String.format(
              "webhook %s answered HTTP %d%s",
              shownUrl, status, body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body)));
    }
  }

  /**
   * A failure of the HTTP client as an exception of the same kind whose message names the endpoint
   * as people may see it. The client's exception stays its cause unless a message of it, or of
   * its causes, shows a secret; then only its stack trace is kept.
   */
  private IOException withoutSecrets(IOException e) {
    IOException failure;
    if (e instanceof HttpConnectTimeoutException) {
      failure =
          new HttpConnectTimeoutException(
              String.format("webhook %s could not be connected to within %s", shownUrl, Durations.human(timeout)));
    } else if (e instanceof HttpTimeoutException) {
      failure =
          new HttpTimeoutException(
              String.format("webhook %s did not answer within %s", shownUrl, Durations.human(timeout)));
    } else if (e instanceof ConnectException) {
      failure = new ConnectException(String.format("webhook %s could not be reached: %s", shownUrl, causes(e)));
    } else {
      failure = new IOException(String.format("webhook %s: %s", shownUrl, causes(e)));
    }
    if (showsSecret(e)) {
      failure.setStackTrace(e.getStackTrace());
    } else {
      failure.initCause(e);
    }
    return failure;
  }

  /** {@code e} and its root cause, described without secrets: {@code ConnectException (ClosedChannelException)}. */
  private String causes(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String described = root == e ? Errors.describe(e) : Errors.describe(e) + " (" + Errors.describe(root) + ")";
    return Redaction.scrub(described, secrets);
  }

  private boolean showsSecret(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String text = t + " " + Errors.describe(t);
      if (secrets.stream().anyMatch(text::contains)) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (showsSecret(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The format and the endpoint without its credentials: {@code WebhookChannel[SLACK, https://hooks.slack.com/***]}. */
  @Override
  public String toString() {
    return "WebhookChannel[" + format + ", " + shownUrl + "]";
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
          Redaction.url(url));
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

    /**
     * Adds a header to every request (an {@code Authorization} token, for example). Its value is
     * treated as a credential: never shown in messages.
     *
     * @throws IllegalArgumentException if HTTP or the JDK's client does not allow the header
     */
    public Builder header(String name, String value) {
      Checks.notNull(name, "name");
      Checks.notNull(value, "value");
      try {
        HttpRequest.newBuilder().header(name, "x");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            String.format("webhook header '%s' cannot be set: %s", name, e.getMessage()), e);
      }
      try {
        HttpRequest.newBuilder().header(name, value);
      } catch (IllegalArgumentException e) { // its message shows the value: not kept
        throw new IllegalArgumentException(
            String.format(
                "webhook header '%s' has a value HTTP does not allow (a line break or another control"
                    + " character?); the value is not shown, it may be a credential",
                name));
      }
      headers.put(name, value);
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
