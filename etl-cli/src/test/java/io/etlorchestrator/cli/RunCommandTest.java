package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.sun.net.httpserver.HttpServer;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path dir;
  Path seed;
  Path store;

  @BeforeEach
  void setUp() {
    seed = Seed.copyTo(dir);
    store = dir.resolve("store");
  }

  private Cli.Result simulate(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of(
        "run", seed.toString(), "--store", store.toString(), "--simulate", "--time-scale", "0.001"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(new String[0]));
  }

  private PipelineRun recorded(Cli.Result result) {
    String runId = result.outLines().get(0).substring("run_id: ".length());
    return CheckpointStore.file(store).load(runId).orElseThrow();
  }

  private static Map<String, StepStatus> statuses(PipelineRun run) {
    Map<String, StepStatus> statuses = new LinkedHashMap<>();
    for (StepRun step : run.steps()) {
      statuses.put(step.name(), step.status());
    }
    return statuses;
  }

  @Test
  void simulatesTheSeedPipelineToSuccess() {
    Cli.Result result = simulate();

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.outLines().get(0)).matches("run_id: run_\\d{8}_\\d{6}_[a-z0-9]{4}");
    assertThat(result.outLines().get(1)).isEqualTo("# Pipeline Execution: daily_sales_etl");
    assertThat(result.out()).contains("**Status:** 🟢 SUCCESS").contains("| extract_orders |");
    assertThat(result.err())
        .contains("of daily_sales_etl started: 6 steps")
        .contains("finished: 🟢 SUCCESS")
        .contains("alerts: channels slack, pagerduty, email have no webhook (--webhook CHANNEL=URL); their alerts go to the log");
    PipelineRun run = recorded(result);
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(run.steps()).allSatisfy(s -> {
      assertThat(s.status()).isEqualTo(StepStatus.SUCCESS);
      assertThat(s.rows()).as("plausible rows from the step's name").isEqualTo(Simulation.rows(s.name()));
    });
    assertThat(store.resolve(".definitions").resolve(run.runId() + ".yaml"))
        .as("the definition is kept for resume")
        .hasContent(Seed.yaml());
  }

  @Test
  void skipDownstreamWhenExtractOrdersFails() {
    Cli.Result result = simulate("--fail", "extract_orders");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    PipelineRun run = recorded(result);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(statuses(run)).containsExactly(
        entry("extract_orders", StepStatus.FAILED),
        entry("extract_customers", StepStatus.SUCCESS),
        entry("extract_products", StepStatus.SUCCESS),
        entry("transform_orders", StepStatus.SKIPPED),
        entry("aggregate_sales", StepStatus.SKIPPED),
        entry("load_warehouse", StepStatus.SKIPPED));
    assertThat(run.step("extract_orders").orElseThrow().attempts()).as("the seed's 3 attempts").isEqualTo(3);
    assertThat(result.err()).contains("failed: extract_orders after 3 attempts (skip_downstream)");
  }

  @Test
  void failPipelineWhenTransformOrdersFails() {
    Cli.Result result = simulate("--fail", "transform_orders");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    PipelineRun run = recorded(result);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(statuses(run)).containsExactly(
        entry("extract_orders", StepStatus.SUCCESS),
        entry("extract_customers", StepStatus.SUCCESS),
        entry("extract_products", StepStatus.SUCCESS),
        entry("transform_orders", StepStatus.FAILED),
        entry("aggregate_sales", StepStatus.SKIPPED),
        entry("load_warehouse", StepStatus.SKIPPED));
    assertThat(result.out()).contains("**Status:** 🔴 FAILED");
  }

  @Test
  void alertAndContinueWhenLoadWarehouseFails() {
    Cli.Result result = simulate("--fail", "load_warehouse");

    assertThat(result.exitCode()).as("completed with failures exits 1: " + result).isEqualTo(1);
    PipelineRun run = recorded(result);
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(statuses(run)).containsExactly(
        entry("extract_orders", StepStatus.SUCCESS),
        entry("extract_customers", StepStatus.SUCCESS),
        entry("extract_products", StepStatus.SUCCESS),
        entry("transform_orders", StepStatus.SUCCESS),
        entry("aggregate_sales", StepStatus.SUCCESS),
        entry("load_warehouse", StepStatus.FAILED));
  }

  @Test
  void aStepFailingFewerAttemptsThanTheRetryPolicyAllowsSucceedsOnRetry() {
    Cli.Result result = simulate("--fail", "extract_orders:2");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(recorded(result).step("extract_orders").orElseThrow().attempts()).isEqualTo(3);
    assertThat(result.err()).contains("retry: extract_orders attempt 1 failed").contains("retry: extract_orders attempt 2 failed");
  }

  @Test
  void circuitBreakersFromTheDefinitionStopCallsToAFailingSource() throws IOException {
    Path file = dir.resolve("breaker.yaml");
    java.nio.file.Files.writeString(
        file,
        """
        pipeline: breaker_demo
        steps:
          - name: extract_orders
            type: extract
            source: postgres.orders
            estimated_duration: 1s
          - name: extract_customers
            type: extract
            source: postgres.customers
            depends_on: [extract_orders]
            estimated_duration: 1s
        failure_policies:
          retry: {max_attempts: 2, backoff: fixed, initial_delay: 1s}
          default_fallback: alert_and_continue
          circuit_breakers:
            postgres: {failure_threshold: 2, delay: 1h}
        """);
    Cli.Result result =
        Cli.run(
            "run", file.toString(), "--store", store.toString(), "--simulate", "--time-scale", "0.001",
            "--fail", "extract_orders");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    PipelineRun run = recorded(result);
    assertThat(run.step("extract_customers").orElseThrow().error().orElseThrow())
        .contains("circuit breaker 'postgres' is open (2 failures)");
    assertThat(result.out()).contains("circuit breaker 'postgres' is open");
  }

  @Test
  void printsTheRunIdBeforeAnyStepRuns() {
    Path probe = Seed.write(dir.resolve("probe.yaml"), String.join("\n",
        "pipeline: probed",
        "steps:",
        "  - name: first",
        "    type: probe",
        "    params: {rows: 7}",
        "  - name: second",
        "    type: probe",
        "    depends_on: [first]",
        ""));
    ProbeStepTypes.seen.clear();

    Cli.Result result = Cli.run("run", probe.toString(), "--store", store.toString(), "--param", "date=2024-01-15");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(ProbeStepTypes.seen)
        .as("what each step (a type found by ServiceLoader) saw on standard output when it started")
        .hasSize(2)
        .allSatisfy(seen -> assertThat(seen).matches("run_id: \\S+\n"));
    PipelineRun run = recorded(result);
    assertThat(run.params()).containsEntry("date", "2024-01-15");
    assertThat(run.totalRows()).isEqualTo(7);
  }

  @Test
  void anUnregisteredStepTypeWithoutSimulateExitsTwoListingTheRegisteredTypes() {
    Cli.Result result = Cli.run("run", seed.toString(), "--store", store.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).as("no run_id: nothing ran").isEmpty();
    assertThat(result.err())
        .contains("uses step types that are not registered: 'extract' (steps extract_orders, extract_customers, extract_products)")
        .contains("registered step types: noop, probe, shell")
        .contains("--simulate")
        .doesNotContain("\tat ");
    assertThat(store.resolve(".definitions")).doesNotExist();
  }

  @Test
  void rejectsOptionsThatMakeNoSense() {
    Cli.Result unknownStep = simulate("--fail", "extract_order:2");
    Cli.Result badCount = simulate("--fail", "extract_orders:zero");
    Cli.Result scaleWithoutSimulate = Cli.run("run", seed.toString(), "--store", store.toString(), "--time-scale", "0.1");
    Cli.Result badParallelism = simulate("--parallelism", "0");
    Cli.Result unknownOption = simulate("--no-such-option");
    Cli.Result missingFile = Cli.run("run", dir.resolve("nope.yaml").toString(), "--simulate");

    assertThat(List.of(unknownStep, badCount, scaleWithoutSimulate, badParallelism, unknownOption, missingFile))
        .allSatisfy(r -> {
          assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
          assertThat(r.err()).as(r.toString()).startsWith("etl: ").doesNotContain("\tat ");
          assertThat(r.out()).isEmpty();
        });
    assertThat(unknownStep.err()).contains("has no step 'extract_order' (did you mean 'extract_orders'?)");
    assertThat(badCount.err()).contains("'zero' is not a number of attempts");
    assertThat(scaleWithoutSimulate.err()).contains("--time-scale only applies with --simulate");
    assertThat(unknownOption.err()).contains("Unknown option: '--no-such-option'");
    assertThat(missingFile.err()).contains("nope.yaml: no such file");
  }

  @Test
  void aRunIdAlreadyRecordedIsRefused() {
    assertThat(simulate("--run-id", "nightly").exitCode()).isEqualTo(0);

    Cli.Result again = simulate("--run-id", "nightly");

    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("run 'nightly' is already recorded").contains("etl resume nightly");
    assertThat(simulate("--run-id", "../escape").err()).contains("--run-id: run id '../escape' must be");
  }

  @Test
  void writesTheHtmlReport() throws IOException {
    Path html = dir.resolve("report.html");

    Cli.Result result = simulate("--html", html.toString());

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(Files.readString(html)).contains("<svg").contains("daily_sales_etl");
    assertThat(simulate("--html", dir.resolve("no/such/dir/r.html").toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void sendsAlertsToWebhooksAndTheRestToTheLog() throws IOException {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      bodies.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();

      Cli.Result result = simulate(
          "--fail", "load_warehouse",
          "--webhook", "slack=" + base + "/slack",
          "--alert-webhook", "pagerduty=" + base + "/pd",
          "--pagerduty-routing-key", "R0UT1NG");

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.err()).contains("alerts: channel email has no webhook (--webhook CHANNEL=URL); its alerts go to the log");
      assertThat(bodies)
          .as("alerts delivered before the command returned")
          .anySatisfy(b -> assertThat(b).startsWith("/slack {\"text\":").contains("load_warehouse"))
          .anySatisfy(b -> assertThat(b).startsWith("/pd ").contains("\"routing_key\":\"R0UT1NG\"").contains("\"event_action\":\"trigger\""));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aPagerDutyWebhookNeedsARoutingKey() {
    Cli.Result result = simulate("--webhook", "pagerduty=http://127.0.0.1:9/x");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("needs --pagerduty-routing-key");
  }
}
