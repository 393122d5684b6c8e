package io.etlorchestrator.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.event.RunFinished;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A webhook's credentials (issue 14): the secret path and query of its URL, its user info, a
 * PagerDuty routing key and header values never appear in a log line, an exception message or a
 * {@code toString()}, whether the endpoint answers 500 (echoing what it got), hangs past the
 * timeout or is not there at all.
 */
@Timeout(60)
class WebhookCredentialsTest {
  private static final String TOKEN = "SECRETTOKEN123";
  private static final String QUERY = "QUERYSECRET789";
  private static final String AUTHORIZATION = "AUTHSECRET456";
  private static final String ROUTING_KEY = "ROUTINGKEY0042";
  private static final String PASSWORD = "PASSWORD77";
  private static final String PD_PATH = "SECRETPDPATH99";
  private static final List<String> SECRETS = List.of(TOKEN, QUERY, AUTHORIZATION, ROUTING_KEY, PASSWORD, PD_PATH);
  private static final Duration TIMEOUT = Duration.ofMillis(300);
  private static final Instant AT = Instant.parse("2024-01-15T10:00:00Z");

  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService serverThreads = Executors.newCachedThreadPool();
  private HttpServer server;
  private int downPort;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/services", this::echoWith500);
    server.createContext("/pd", this::echoWith500);
    server.createContext(
        "/hang",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.setExecutor(serverThreads);
    server.start();
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      downPort = socket.getLocalPort();
    }
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  /** Answers 500 with everything it got, as a careless endpoint's error page might. */
  private void echoWith500(HttpExchange exchange) throws IOException {
    String got =
        "rejected " + exchange.getRequestURI() + " with Authorization "
            + exchange.getRequestHeaders().getFirst("Authorization") + ": "
            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    byte[] bytes = got.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(500, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private WebhookChannel slackAnswering500() {
    return WebhookChannel.slack(URI.create(base() + "/services/T000/B000/" + TOKEN + "?token=" + QUERY))
        .header("Authorization", "Bearer " + AUTHORIZATION)
        .timeout(TIMEOUT)
        .build();
  }

  private WebhookChannel pagerDutyAnswering500() {
    return WebhookChannel.pagerDuty(URI.create(base() + "/pd/" + PD_PATH), ROUTING_KEY).timeout(TIMEOUT).build();
  }

  private WebhookChannel slackHanging() {
    return WebhookChannel.slack(URI.create(base() + "/hang/T000/B000/" + TOKEN))
        .header("Authorization", "Bearer " + AUTHORIZATION)
        .timeout(TIMEOUT)
        .build();
  }

  private WebhookChannel slackDown() {
    return WebhookChannel.slack(
            URI.create("http://alerts:" + PASSWORD + "@127.0.0.1:" + downPort + "/services/T000/B000/" + TOKEN))
        .timeout(TIMEOUT)
        .build();
  }

  private static Alert alert() {
    return new Alert(
        AlertKind.PIPELINE_FAILURE, "daily_sales_etl", "run_1", Optional.empty(), "pipeline failed",
        AlertSeverity.CRITICAL, AT);
  }

  /** The messages of {@code failure}, of its causes and suppressed exceptions, and their toString. */
  private static List<String> texts(Throwable failure) {
    List<String> texts = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      texts.add(t.toString());
      for (Throwable suppressed : t.getSuppressed()) {
        texts.addAll(texts(suppressed));
      }
    }
    return texts;
  }

  private static void assertNoSecretIn(List<String> texts, String where) {
    for (String secret : SECRETS) {
      assertThat(texts).as("%s must not show %s", where, secret).noneMatch(t -> t.contains(secret));
    }
  }

  @Test
  void aWebhooksCredentialsNeverAppearInTheLogWhateverTheEndpointDoes() throws Exception {
    try (LogCapture capture = new LogCapture("io.etlorchestrator");
        Alerting alerting =
            Alerting.builder()
                .channel("slack", slackAnswering500())
                .channel("pagerduty", pagerDutyAnswering500())
                .channel("hanging", slackHanging())
                .channel("down", slackDown())
                .rule(AlertKind.PIPELINE_FAILURE, "slack", "pagerduty", "hanging", "down")
                .deliveryAttempts(2)
                .retryDelay(Duration.ZERO)
                .build()) {
      alerting.onRunFinished(
          new RunFinished(
              new PipelineRun("run_1", "daily_sales_etl", "fp", AT, Optional.of(AT), RunStatus.FAILED, Map.of(), List.of())));

      assertThat(alerting.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(alerting.failedCount()).isEqualTo(4);
      List<String> log = capture.everything();
      assertNoSecretIn(log, "the log");
      assertThat(log)
          .as("the log still says which endpoint failed and how")
          .anySatisfy(l -> assertThat(l).contains("channel 'slack'").contains(base() + "/*** answered HTTP 500"))
          .anySatisfy(l -> assertThat(l).contains("channel 'pagerduty'").contains(base() + "/*** answered HTTP 500"))
          .anySatisfy(l -> assertThat(l).contains("channel 'hanging'").contains(base() + "/*** did not answer within 300ms"))
          .anySatisfy(l -> assertThat(l).contains("channel 'down'").contains("http://127.0.0.1:" + downPort + "/***"));
    }
  }

  @Test
  void theExceptionsOfAFailedSendShowNoCredential() {
    for (WebhookChannel channel : List.of(slackAnswering500(), pagerDutyAnswering500(), slackHanging(), slackDown())) {
      Throwable failure = null;
      try {
        channel.send(alert());
      } catch (Exception e) {
        failure = e;
      }
      assertThat(failure).as("%s fails", channel).isInstanceOf(IOException.class);
      assertNoSecretIn(texts(failure), "the failure of " + channel);
      assertThat(failure.getMessage()).contains("/***");
    }
  }

  @Test
  void toStringShowsTheEndpointWithoutItsCredentials() {
    assertThat(slackAnswering500()).hasToString("WebhookChannel[SLACK, " + base() + "/***]");
    assertThat(pagerDutyAnswering500()).hasToString("WebhookChannel[PAGERDUTY, " + base() + "/***]");
    assertThat(slackDown()).hasToString("WebhookChannel[SLACK, http://127.0.0.1:" + downPort + "/***]");
    assertThat(WebhookChannel.pagerDuty(ROUTING_KEY).build())
        .hasToString("WebhookChannel[PAGERDUTY, https://events.pagerduty.com/***]");
  }

  @Test
  void aRejectedUrlOrHeaderIsNamedWithoutItsCredentials() {
    assertThatThrownBy(() -> WebhookChannel.slack(URI.create("ftp://alerts:" + PASSWORD + "@example.com/hooks/" + TOKEN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("webhook url must be http or https, was 'ftp://example.com/***'");
    assertThatThrownBy(() -> WebhookChannel.slack(URI.create(base())).header("Authorization", "Bearer " + AUTHORIZATION + "\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "webhook header 'Authorization' has a value HTTP does not allow (a line break or another"
                + " control character?); the value is not shown, it may be a credential");
    assertThatThrownBy(() -> WebhookChannel.slack(URI.create(base())).header("Host", "example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("webhook header 'Host' cannot be set: restricted header name: \"Host\"");
  }
}
