package io.etlorchestrator.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.SeedPipeline;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook channel against a real HTTP server on localhost. */
class WebhookChannelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Alert STEP_FAILURE =
      new Alert(
          AlertKind.STEP_FAILURE,
          "daily_sales_etl",
          "run_20240115_100000",
          Optional.of("load_warehouse"),
          "step 'load_warehouse' failed after 3 attempts (alert_and_continue): IOException: disk <full> & \"gone\"",
          AlertSeverity.ERROR,
          Instant.parse("2024-01-15T10:07:42Z"));

  /** One request as the server received it. */
  record Received(String path, String method, String contentType, String authorization, String body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  /** Opens the "/hang" endpoint: until then (or 30 s) it holds every request without answering. */
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger hangsAnswered = new AtomicInteger();
  private final ExecutorService serverThreads = Executors.newCachedThreadPool();
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/slack", exchange -> answer(exchange, 200, "ok"));
    server.createContext("/pagerduty", exchange -> answer(exchange, 202, "{\"status\":\"success\"}"));
    server.createContext("/broken", exchange -> answer(exchange, 500, "internal error"));
    server.createContext(
        "/hang",
        exchange -> {
          record(exchange);
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          hangsAnswered.incrementAndGet(); // before the answer can reach the client
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.setExecutor(serverThreads);
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private void record(HttpExchange exchange) throws IOException {
    received.add(
        new Received(
            exchange.getRequestURI().getPath(),
            exchange.getRequestMethod(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
  }

  private void answer(HttpExchange exchange, int status, String body) throws IOException {
    record(exchange);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private List<Received> receivedAt(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Test
  void slackReceivesTheAlertAsText() throws Exception {
    WebhookChannel slack = WebhookChannel.slack(url("/slack")).header("Authorization", "Bearer t0ken").build();

    slack.send(STEP_FAILURE);

    assertThat(received).hasSize(1);
    Received request = received.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.contentType()).startsWith("application/json");
    assertThat(request.authorization()).isEqualTo("Bearer t0ken");
    assertThat(JSON.readTree(request.body()))
        .isEqualTo(
            JSON.createObjectNode()
                .put(
                    "text",
                    ":red_circle: [daily_sales_etl] step 'load_warehouse' failed after 3 attempts"
                        + " (alert_and_continue): IOException: disk <full> & \"gone\" (run run_20240115_100000)"));
  }

  @Test
  void pagerDutyReceivesAnEventsV2Trigger() throws Exception {
    WebhookChannel pagerDuty = WebhookChannel.pagerDuty(url("/pagerduty"), "R0UT1NG").build();

    pagerDuty.send(STEP_FAILURE);

    JsonNode body = JSON.readTree(receivedAt("/pagerduty").get(0).body());
    JsonNode expected =
        JSON.readTree(
            """
            {
              "routing_key": "R0UT1NG",
              "event_action": "trigger",
              "dedup_key": "run_20240115_100000/load_warehouse",
              "payload": {
                "summary": "[daily_sales_etl] step 'load_warehouse' failed after 3 attempts (alert_and_continue): IOException: disk <full> & \\"gone\\" (run run_20240115_100000)",
                "severity": "error",
                "source": "daily_sales_etl",
                "timestamp": "2024-01-15T10:07:42Z",
                "component": "load_warehouse",
                "group": "daily_sales_etl",
                "class": "step_failure",
                "custom_details": {
                  "pipeline": "daily_sales_etl",
                  "run_id": "run_20240115_100000",
                  "step": "load_warehouse",
                  "message": "step 'load_warehouse' failed after 3 attempts (alert_and_continue): IOException: disk <full> & \\"gone\\""
                }
              }
            }
            """);
    assertThat(body).isEqualTo(expected);
  }

  @Test
  void pipelineAlertsDedupOnTheRunAndTakeTheGivenSource() throws Exception {
    Alert failure =
        new Alert(
            AlertKind.PIPELINE_FAILURE, "daily_sales_etl", "run_1", Optional.empty(), "pipeline failed",
            AlertSeverity.CRITICAL, Instant.parse("2024-01-15T10:07:42Z"));
    WebhookChannel pagerDuty = WebhookChannel.pagerDuty(url("/pagerduty"), "R").source("etl-host-1").build();

    pagerDuty.send(failure);

    JsonNode body = JSON.readTree(receivedAt("/pagerduty").get(0).body());
    assertThat(body.get("dedup_key").asText()).isEqualTo("run_1");
    assertThat(body.at("/payload/severity").asText()).isEqualTo("critical");
    assertThat(body.at("/payload/source").asText()).isEqualTo("etl-host-1");
    assertThat(body.at("/payload").has("component")).isFalse();
  }

  @Test
  void anErrorStatusFailsTheSend() {
    WebhookChannel broken = WebhookChannel.slack(url("/broken")).build();

    assertThatThrownBy(() -> broken.send(STEP_FAILURE))
        .isInstanceOf(IOException.class)
        .hasMessage("webhook http://127.0.0.1:" + server.getAddress().getPort() + "/*** answered HTTP 500: internal error");
  }

  @Test
  void aServerThatDoesNotAnswerTimesOut() {
    RecordingHttpClient client = new RecordingHttpClient();
    WebhookChannel hanging =
        WebhookChannel.slack(url("/hang")).timeout(Duration.ofMillis(300)).httpClient(client).build();

    assertThatThrownBy(() -> hanging.send(STEP_FAILURE))
        .isInstanceOf(HttpTimeoutException.class)
        .hasMessage("webhook http://127.0.0.1:" + server.getAddress().getPort() + "/*** did not answer within 300ms");

    assertThat(hangsAnswered).as("the send gave up while the server still held the request").hasValue(0);
    assertThat(client.requests()).singleElement()
        .satisfies(request -> assertThat(request.timeout()).as("the request's timeout").contains(Duration.ofMillis(300)));
  }

  @Test
  void aServerThatIsDownFailsTheSend() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    WebhookChannel down =
        WebhookChannel.slack(URI.create("http://127.0.0.1:" + port + "/slack")).timeout(Duration.ofSeconds(2)).build();

    assertThatThrownBy(() -> down.send(STEP_FAILURE))
        .isInstanceOf(java.net.ConnectException.class)
        .hasMessageStartingWith("webhook http://127.0.0.1:" + port + "/*** could not be reached: ConnectException");
  }

  @Test
  void onlyHttpUrlsAreAccepted() {
    assertThatThrownBy(() -> WebhookChannel.slack(URI.create("file:///tmp/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("webhook url must be http or https, was 'file:***'");
    assertThatThrownBy(() -> WebhookChannel.pagerDuty(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the PagerDuty routing key must not be blank");
  }

  @Test
  void aHangingAndABrokenWebhookNeitherSlowNorFailTheRun() throws Exception {
    Pipeline.Builder builder = Pipeline.builder("daily_sales_etl").defaultRetryPolicy(RetryPolicy.none());
    for (PipelineStep step : SeedPipeline.pipeline().steps()) {
      boolean fails = step.name().equals("load_warehouse");
      builder.step(
          step.toBuilder()
              .fallback(Fallback.ALERT_AND_CONTINUE)
              .action(
                  ctx -> {
                    if (fails) {
                      throw new IOException("disk full");
                    }
                    ctx.reportRows(10);
                  })
              .build());
    }
    Pipeline pipeline = builder.build();
    try (Alerting alerting =
            Alerting.builder()
                // Held until the test releases it: its timeout is longer than the server's own limit.
                .channel("slack", WebhookChannel.slack(url("/hang")).timeout(Duration.ofMinutes(1)).build())
                .channel("pagerduty", WebhookChannel.pagerDuty(url("/broken"), "R").timeout(Duration.ofSeconds(1)).build())
                .rule(AlertKind.STEP_FAILURE, "slack", "pagerduty")
                .rule(AlertKind.PIPELINE_FAILURE, "slack", "pagerduty")
                .deliveryAttempts(2)
                .retryDelay(Duration.ofMillis(50))
                .build();
        Executor executor = Executor.builder().parallelism(2).listener(alerting).build()) {
      PipelineRun run = executor.run(Planner.plan(pipeline), RunOptions.defaults());

      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
      // A run that waited for the hanging webhook could only have ended after it answered.
      assertThat(hangsAnswered).as("the run ended while the hanging webhook had answered nothing").hasValue(0);

      release.countDown();
      assertThat(alerting.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(receivedAt("/broken")).as("2 alerts, 2 attempts each").hasSize(4);
      assertThat(receivedAt("/hang")).as("2 alerts, each delivered once released").hasSize(2);
      assertThat(alerting.failedCount()).isEqualTo(2);
      assertThat(alerting.deliveredCount()).isEqualTo(2);
    }
  }
}
