package io.etlorchestrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.RunStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The example's alerts delivered over HTTP to a real server on localhost. */
class AlertWebhookTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;
  @RegisterExtension final CapturedLog log = new CapturedLog("io.etlorchestrator");
  private HttpServer server;
  private final List<Request> requests = new ArrayList<>();

  private record Request(String path, String contentType, JsonNode body) {}

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      synchronized (requests) {
        requests.add(new Request(exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            JSON.readTree(new String(body, StandardCharsets.UTF_8))));
      }
      if (exchange.getRequestURI().getPath().startsWith("/services/")) {
        // A careless endpoint: it answers 500 with everything it got.
        byte[] echo = ("rejected " + exchange.getRequestURI() + ": " + new String(body, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(500, echo.length);
        exchange.getResponseBody().write(echo);
      } else {
        exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 200 : 405, -1);
      }
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private List<Request> received(String path) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.path().equals(path)).collect(Collectors.toList());
    }
  }

  @Test
  void deliversTheStepFailureAlertOfAFailedLoadToTheWebhookAndExitsWith1() {
    ExampleRun result = ExampleRun.run(work, "--run-id", "hooked", "--fail", "load_warehouse:3",
        "--webhook", url("/hook"));

    assertThat(result.exitCode()).as("alert_and_continue: completed with failures; stderr: %s", result.err())
        .isEqualTo(ExitCode.RUN_FAILED.code());
    assertThat(ExampleRun.checkpoint(work, "hooked").status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    List<Request> hook = received("/hook");
    assertThat(hook).as("alerts posted to --webhook: the step failure, then the pipeline failure").hasSize(2);
    assertThat(hook.get(0).contentType()).startsWith("application/json");
    assertThat(hook.get(0).body().get("text").asText())
        .contains("[daily_sales_etl] step 'load_warehouse' failed after 3 attempts (alert_and_continue)")
        .contains("injected failure of step 'load_warehouse'")
        .endsWith("(run hooked)");
    assertThat(hook.get(1).body().get("text").asText())
        .contains("pipeline 'daily_sales_etl' completed with failures")
        .endsWith("(run hooked)");
    assertThat(result.out())
        .contains("Alerts: step_failure -> slack, webhook; pipeline_failure -> pagerduty, email, webhook")
        .contains("webhook: WebhookChannel[SLACK, " + url("") + "/***]");
  }

  @Test
  void sendsTheSeedsSlackAndPagerDutyRulesToTheirOwnEndpoints() {
    ExampleRun result = ExampleRun.run(work, "--run-id", "paged", "--fail", "load_warehouse:3",
        "--slack-webhook", url("/slack"), "--pagerduty-key", "R0UT1NGKEY", "--pagerduty-url", url("/pd"));

    assertThat(result.exitCode()).as("stderr: %s", result.err()).isEqualTo(ExitCode.RUN_FAILED.code());
    assertThat(received("/slack")).as("step_failure goes to slack only").singleElement()
        .satisfies(r -> assertThat(r.body().get("text").asText())
            .contains("step 'load_warehouse' failed after 3 attempts"));
    assertThat(received("/pd")).as("pipeline_failure goes to pagerduty").singleElement().satisfies(r -> {
      assertThat(r.body().get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
      assertThat(r.body().get("event_action").asText()).isEqualTo("trigger");
      assertThat(r.body().get("dedup_key").asText()).isEqualTo("paged");
      assertThat(r.body().at("/payload/class").asText()).isEqualTo("pipeline_failure");
      assertThat(r.body().at("/payload/severity").asText()).isEqualTo("warning");
    });
    assertThat(result.out()).contains("email: not registered here, so its alerts go to the log channel");
  }

  @Test
  void webhookCredentialsAppearNeitherInTheOutputNorInTheLog() {
    String token = "SECRETTOKEN123";
    String key = "ROUTINGKEY0042";
    ExampleRun result = ExampleRun.run(work, "--run-id", "secret", "--fail", "load_warehouse:3",
        "--slack-webhook", url("/services/T000/B000/" + token), "--pagerduty-key", key,
        "--pagerduty-url", url("/services/pd/" + token));
    ExampleRun notAUrl = ExampleRun.run(work, "--webhook", "https://hooks.example.com/services/T000/B000/" + token + " x");

    assertThat(result.exitCode()).as("stderr: %s", result.err()).isEqualTo(ExitCode.RUN_FAILED.code());
    assertThat(received("/services/T000/B000/" + token)).as("the endpoint was called").isNotEmpty();
    assertThat(log.lines())
        .as("the log says which endpoint failed")
        .anySatisfy(l -> assertThat(l).contains("channel 'slack'").contains(url("") + "/*** answered HTTP 500"));
    assertThat(notAUrl.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(notAUrl.err()).contains("--webhook").contains("not a URL");
    for (String text : List.of(result.out(), result.err(), String.join("\n", log.lines()), notAUrl.err())) {
      assertThat(text).doesNotContain(token).doesNotContain(key);
    }
  }
}
