package io.etlorchestrator.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.ReadmeText;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.SeedPipeline;
import io.etlorchestrator.core.internal.alert.LoggingChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Alerts example of README.md: the code as the README shows it runs, and the README's rules
 * send each alert where the README says, to webhooks on a real HTTP server on localhost.
 */
class ReadmeAlertsExampleTest {
  private static final Path SOURCE = Path.of("src/test/java/io/etlorchestrator/core/alert/ReadmeAlertsExampleTest.java");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One POST as the server received it. */
  record Received(String path, JsonNode body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/slack", exchange -> answer(exchange, 200));
    server.createContext("/pagerduty", exchange -> answer(exchange, 202));
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange, int status) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    received.add(new Received(exchange.getRequestURI().getPath(), JSON.readTree(new String(body, StandardCharsets.UTF_8))));
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private List<JsonNode> receivedAt(String path) {
    return received.stream().filter(r -> r.path().equals(path)).map(Received::body).toList();
  }

  /** The seed's pipeline; {@code load_warehouse} fails for good, with alert_and_continue, when asked to. */
  private static ExecutionPlan seedPlan(boolean loadFails) {
    Pipeline.Builder builder = Pipeline.builder("daily_sales_etl").defaultRetryPolicy(RetryPolicy.none());
    for (PipelineStep step : SeedPipeline.pipeline().steps()) {
      boolean fails = loadFails && step.name().equals("load_warehouse");
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
    return Planner.plan(builder.build());
  }

  @Test
  void theExampleSaysWhereUnregisteredChannelsGoAndASuccessfulRunAlertsNobody() throws Exception {
    ExecutionPlan plan = seedPlan(false);
    String slackWebhookUrl = url("/slack");
    String pagerDutyRoutingKey = "R0UT1NGKEY";
    try (LogCapture build = new LogCapture(Alerting.class.getName());
        LogCapture alerts = new LogCapture(LoggingChannel.LOGGER)) {
      // --- README alerts start ---
      try (Alerting alerting = Alerting.builder()
              .channel("slack", WebhookChannel.slack(URI.create(slackWebhookUrl)).timeout(Duration.ofSeconds(5)).build())
              .channel("pagerduty", WebhookChannel.pagerDuty(pagerDutyRoutingKey).build())
              .rule(AlertKind.STEP_FAILURE, "slack")
              .rule(AlertKind.PIPELINE_FAILURE, "pagerduty", "email")
              .unregisteredChannelsTo("log")                     // nobody registered "email": log it
              .build();
          Executor executor = Executor.builder().listener(alerting).build()) {
        executor.run(plan);
      }
      // --- README alerts end ---

      assertThat(build.lines())
          .containsExactly("INFO alert channel email is not registered; its alerts go to channel 'log'");
      assertThat(alerts.lines()).as("alerts written to the log channel").isEmpty();
    }
    assertThat(received).as("no rule is on pipeline_success: nothing was posted").isEmpty();
  }

  @Test
  void theExampleRulesSendTheFailedStepToSlackAndTheFailedRunToPagerDutyAndTheLog() throws Exception {
    // The README's channels and rules; PagerDuty is the same channel at a local address instead of
    // PagerDuty's own, which a test must not call.
    try (LogCapture alerts = new LogCapture(LoggingChannel.LOGGER)) {
      try (Alerting alerting = Alerting.builder()
              .channel("slack", WebhookChannel.slack(URI.create(url("/slack"))).timeout(Duration.ofSeconds(5)).build())
              .channel("pagerduty", WebhookChannel.pagerDuty(URI.create(url("/pagerduty")), "R0UT1NGKEY").build())
              .rule(AlertKind.STEP_FAILURE, "slack")
              .rule(AlertKind.PIPELINE_FAILURE, "pagerduty", "email")
              .unregisteredChannelsTo("log")
              .build();
          Executor executor = Executor.builder().listener(alerting).build()) {
        executor.run(seedPlan(true));
        assertThat(alerting.flush(Duration.ofSeconds(30))).as("every alert delivered").isTrue();
        assertThat(alerting.deliveredCount()).isEqualTo(3);
        assertThat(alerting.failedCount()).isZero();
      }

      assertThat(receivedAt("/slack")).as("step_failure goes to slack").singleElement()
          .satisfies(body -> assertThat(body.get("text").asText()).startsWith(":red_circle:").contains("load_warehouse"));
      assertThat(receivedAt("/pagerduty")).as("pipeline_failure goes to pagerduty").singleElement()
          .satisfies(
              body -> {
                assertThat(body.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
                assertThat(body.get("event_action").asText()).isEqualTo("trigger");
                assertThat(body.at("/payload/class").asText()).isEqualTo("pipeline_failure");
                assertThat(body.at("/payload/severity").asText()).as("completed with failures").isEqualTo("warning");
              });
      assertThat(alerts.lines())
          .as("pipeline_failure for the unregistered 'email' goes to the log channel")
          .singleElement()
          .asString()
          .startsWith("WARN pipeline_failure alert: ");
    }
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    assertThat(ReadmeText.read().blocks("## Alerts", "java"))
        .as("the java blocks of README.md's 'Alerts'")
        .containsExactly(ReadmeText.snippet(SOURCE, "alerts"));
  }
}
