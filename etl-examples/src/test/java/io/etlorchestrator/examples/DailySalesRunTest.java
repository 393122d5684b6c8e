package io.etlorchestrator.examples;

import static io.etlorchestrator.examples.ExampleRun.checkpoint;
import static io.etlorchestrator.examples.ExampleRun.parquetRows;
import static io.etlorchestrator.examples.ExampleRun.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The example end to end, on the embedded source, in a fresh work directory per test. */
class DailySalesRunTest {
  private static final List<String> EXTRACTS = List.of("extract_orders", "extract_customers", "extract_products");

  @TempDir Path work;
  @RegisterExtension final CapturedLog alerts = new CapturedLog("io.etlorchestrator.alerts");

  @Test
  void runsEndToEndOnRealDataAndEveryFileHoldsTheSeedRowCounts() throws Exception {
    ExampleRun result = ExampleRun.run(work, "--run-id", "first");

    assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isEqualTo(ExitCode.SUCCESS.code());
    assertThat(parquetRows(work, "staging/orders.parquet")).as("staged orders").isEqualTo(52_340);
    assertThat(parquetRows(work, "staging/customers.parquet")).as("staged customers").isEqualTo(12_450);
    assertThat(parquetRows(work, "staging/products.parquet")).as("staged products").isEqualTo(3_200);
    assertThat(parquetRows(work, "transformed/orders_enriched.parquet")).as("enriched orders").isEqualTo(52_340);
    assertThat(parquetRows(work, "marts/daily_sales.parquet")).as("daily sales").isEqualTo(365);
    assertThat(ExampleRun.warehouse(work)).as("warehouse table sales.daily_summary")
        .isEqualTo(ExampleRun.expectedTotals());

    PipelineRun run = checkpoint(work, "first");
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    Map<String, Long> expectedRows = Map.of(
        "extract_orders", 52_340L, "extract_customers", 12_450L, "extract_products", 3_200L,
        "transform_orders", 52_340L, "aggregate_sales", 365L, "load_warehouse", 365L);
    for (StepRun step : run.steps()) {
      assertThat(step.status()).as("status of %s", step.name()).isEqualTo(StepStatus.SUCCESS);
      assertThat(step.attempts()).as("attempts of %s", step.name()).isEqualTo(1);
      assertThat(step.rows()).as("rows reported by %s", step.name()).isEqualTo(expectedRows.get(step.name()));
    }
    assertThat(result.out())
        .as("the plan as YAML, in the seed's format")
        .contains("pipeline: daily_sales_etl\ngenerated: ")
        .contains("execution_waves:\n  - wave: 1\n    parallel: true\n"
            + "    steps: [extract_orders, extract_customers, extract_products]\n    estimated_duration: 120s\n")
        .contains("total_estimated_duration: 450s\n"
            + "critical_path: [extract_orders, transform_orders, aggregate_sales, load_warehouse]\n")
        .contains("    - on: pipeline_failure\n      channels: [pagerduty, email]\n")
        .contains("waited 1000x shorter for the demo (30ms to 300ms")
        .contains("seeded now");
    assertThat(result.out())
        .as("the run report: the seed's Monitoring Output with the real row counts")
        .contains("# Pipeline Execution: daily_sales_etl\n\n**Run ID:** first\n")
        .contains("**Status:** 🟢 SUCCESS")
        .contains("| extract_orders | ", " | 52,340 | ✅ |")
        .contains(" | 12,450 | ✅ |", " | 3,200 | ✅ |", " | 365 | ✅ |")
        .contains("**Total Rows Processed:** 121,060");
    assertThat(result.out().indexOf("critical_path:"))
        .as("plan, then progress, then report")
        .isLessThan(result.out().indexOf("run first of daily_sales_etl started: 6 steps"))
        .isLessThan(result.out().indexOf("# Pipeline Execution"));
    Path html = work.resolve("reports/first.html");
    assertThat(html).isRegularFile();
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg").contains("52,340");
    assertThat(work.resolve("reports/first.md")).hasContent(
        result.out().substring(result.out().indexOf("# Pipeline Execution"), result.out().indexOf("Outputs (rows")).strip());
    assertThat(result.out())
        .as("says where the files are")
        .contains(work.resolve("marts/daily_sales.parquet").toString())
        .contains(html.toString())
        .contains(work.resolve(".etl").toString());
  }

  @Test
  void runningAgainReplacesTheLoadedDaysInsteadOfDuplicatingThem() throws Exception {
    assertThat(ExampleRun.run(work, "--run-id", "first").exitCode()).isZero();
    ExampleRun second = ExampleRun.run(work, "--run-id", "second");

    assertThat(second.exitCode()).as("stderr: %s", second.err()).isZero();
    assertThat(second.out()).contains("already seeded");
    assertThat(ExampleRun.warehouse(work)).isEqualTo(ExampleRun.expectedTotals());
  }

  @Test
  void resumeAfterAFailedTransformRunsOnlyWhatDidNotSucceed() throws Exception {
    ExampleRun failed = ExampleRun.run(work, "--run-id", "r1", "--fail", "transform_orders:3");

    assertThat(failed.exitCode()).as("a fail_pipeline failure fails the run").isEqualTo(ExitCode.RUN_FAILED.code());
    assertThat(failed.out()).contains("--resume r1");
    PipelineRun before = checkpoint(work, "r1");
    assertThat(before.status()).isEqualTo(RunStatus.FAILED);
    assertThat(step(before, "transform_orders").status()).isEqualTo(StepStatus.FAILED);
    assertThat(step(before, "transform_orders").attempts()).isEqualTo(3);
    assertThat(step(before, "aggregate_sales").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(step(before, "load_warehouse").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(work.resolve("transformed/orders_enriched.parquet")).doesNotExist();
    for (String extract : EXTRACTS) {
      assertThat(step(before, extract).status()).as(extract).isEqualTo(StepStatus.SUCCESS);
    }
    // Date the staged files back, so that rewriting them would show.
    FileTime past = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    for (String file : List.of("orders", "customers", "products")) {
      Files.setLastModifiedTime(work.resolve("staging/" + file + ".parquet"), past);
    }

    ExampleRun resumed = ExampleRun.run(work, "--resume", "r1");

    assertThat(resumed.exitCode()).as("stderr: %s", resumed.err()).isEqualTo(ExitCode.SUCCESS.code());
    PipelineRun after = checkpoint(work, "r1");
    assertThat(after.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(after.resumeCount()).isEqualTo(1);
    for (String extract : EXTRACTS) {
      assertThat(step(after, extract)).as("%s is not run again", extract).isEqualTo(step(before, extract));
    }
    assertThat(step(after, "transform_orders").attempts()).as("attempts continue across the resume").isEqualTo(4);
    assertThat(step(after, "transform_orders").status()).isEqualTo(StepStatus.SUCCESS);
    assertThat(step(after, "load_warehouse").rows()).isEqualTo(365);
    for (String file : List.of("orders", "customers", "products")) {
      assertThat(Files.getLastModifiedTime(work.resolve("staging/" + file + ".parquet")))
          .as("staging/%s.parquet is not rewritten", file).isEqualTo(past);
    }
    assertThat(resumed.out()).contains("run r1 of daily_sales_etl resumed: 6 steps, 3 already done")
        .doesNotContain("running: extract_orders").doesNotContain("extract_orders (");
    assertThat(ExampleRun.warehouse(work)).isEqualTo(ExampleRun.expectedTotals());

    assertThat(work.resolve("reports/r1.md"))
        .as("the first invocation's report is kept: it alone says why the run failed")
        .content().contains("**Status:** 🔴 FAILED").contains("transform_orders failed after 3 attempts");
    assertThat(work.resolve("reports/r1.resume-1.md"))
        .content().contains("**Resumed:** ").contains("**Status:** 🟢 SUCCESS")
        .contains("✅ (4 attempts, budget renewed on resume)");
    assertThat(work.resolve("reports/r1.resume-1.html")).content().contains("<dt>Resumed</dt>");
    assertThat(resumed.out()).contains(work.resolve("reports/r1.resume-1.md").toString());

    ExampleRun again = ExampleRun.run(work, "--resume", "r1");
    assertThat(again.exitCode()).isZero();
    assertThat(again.err()).contains("nothing to do: run r1 already succeeded");
    assertThat(checkpoint(work, "r1")).as("a finished run is left alone").isEqualTo(after);
  }

  @Test
  void retriesAFlakyExtractAndAlertsWhenTheLoadFailsForGood() throws Exception {
    ExampleRun result = ExampleRun.run(work, "--run-id", "flaky",
        "--fail", "extract_orders:2", "--fail", "load_warehouse:3");

    assertThat(result.exitCode())
        .as("alert_and_continue ends the run with failures: exit 1, as the etl command (3 is an internal error)")
        .isEqualTo(ExitCode.RUN_FAILED.code());
    PipelineRun run = checkpoint(work, "flaky");
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(step(run, "extract_orders").status()).isEqualTo(StepStatus.SUCCESS);
    assertThat(step(run, "extract_orders").attempts()).isEqualTo(3);
    assertThat(step(run, "load_warehouse").status()).isEqualTo(StepStatus.FAILED);
    assertThat(step(run, "load_warehouse").attempts()).isEqualTo(3);
    assertThat(parquetRows(work, "marts/daily_sales.parquet")).isEqualTo(365);
    assertThat(work.resolve("warehouse.duckdb")).doesNotExist();
    assertThat(result.out())
        .contains("retry: extract_orders attempt 1 failed (InjectedFailureException")
        .as("the seed's delays, waited 1000x shorter")
        .contains("next attempt in 30ms")
        .contains("next attempt in 60ms")
        .contains("failed: load_warehouse after 3 attempts (alert_and_continue)")
        .contains("| load_warehouse | ", " | ❌ (3 attempts) |")
        .contains("slack, pagerduty, email: not registered here, so their alerts go to the log channel");
    assertThat(alerts.lines())
        .as("the seed's alert rules, delivered by the logging channel")
        .anySatisfy(line -> assertThat(line).startsWith("ERROR step_failure alert: [daily_sales_etl]"
            + " step 'load_warehouse' failed after 3 attempts (alert_and_continue)").endsWith("(run flaky)"))
        .anySatisfy(line -> assertThat(line).startsWith("WARN pipeline_failure alert: [daily_sales_etl]"
            + " pipeline 'daily_sales_etl' completed with failures"));
  }

  @Test
  void skipsEverythingDownstreamWhenExtractOrdersFailsForGood() throws Exception {
    ExampleRun result = ExampleRun.run(work, "--run-id", "broken", "--fail", "extract_orders:3");

    assertThat(result.exitCode()).isEqualTo(ExitCode.RUN_FAILED.code());
    PipelineRun run = checkpoint(work, "broken");
    assertThat(step(run, "extract_orders").status()).isEqualTo(StepStatus.FAILED);
    assertThat(step(run, "extract_customers").status()).isEqualTo(StepStatus.SUCCESS);
    assertThat(step(run, "extract_products").status()).isEqualTo(StepStatus.SUCCESS);
    for (String downstream : List.of("transform_orders", "aggregate_sales", "load_warehouse")) {
      assertThat(step(run, downstream).status()).as(downstream).isEqualTo(StepStatus.SKIPPED);
      assertThat(step(run, downstream).attempts()).as(downstream).isZero();
    }
    assertThat(parquetRows(work, "staging/customers.parquet")).isEqualTo(12_450);
    assertThat(work.resolve("staging/orders.parquet")).doesNotExist();
  }

  @Test
  void runsTheBuilderDefinitionAndResumesWithTheDefinitionTheRunStartedWith() {
    ExampleRun failed = ExampleRun.run(work, "--run-id", "b1", "--definition", "builder", "--fail", "transform_orders:3");

    assertThat(failed.exitCode()).as("stderr: %s", failed.err()).isEqualTo(ExitCode.RUN_FAILED.code());
    assertThat(failed.out()).contains("definition:     DailySalesEtl.pipeline(), the fluent builder")
        .contains("critical_path: [extract_orders, transform_orders, aggregate_sales, load_warehouse]");
    assertThat(checkpoint(work, "b1").params()).containsEntry("definition", "builder");

    ExampleRun resumed = ExampleRun.run(work, "--resume", "b1");

    assertThat(resumed.exitCode()).as("stderr: %s", resumed.err()).isEqualTo(ExitCode.SUCCESS.code());
    assertThat(resumed.out()).contains("definition:     DailySalesEtl.pipeline(), the fluent builder");
    assertThat(step(checkpoint(work, "b1"), "load_warehouse").rows()).isEqualTo(365);
  }

  @Test
  void runsADefinitionFileOfTheUsersWithTheExampleStepTypes() throws Exception {
    Path file = work.resolve("products.yaml");
    Files.writeString(file, String.join("\n",
        "pipeline: products_only",
        "steps:",
        "  - name: copy_products",
        "    type: extract",
        "    source: postgres.products",
        "    target: staging/products_copy.parquet",
        "    estimated_duration: 30s",
        ""));

    ExampleRun result = ExampleRun.run(work, "--run-id", "mine", "--file", file.toString());

    assertThat(result.exitCode()).as("stderr: %s", result.err()).isEqualTo(ExitCode.SUCCESS.code());
    assertThat(result.out()).contains("definition:     " + file).contains("pipeline: products_only")
        .contains("Alerts: the definition has no alert rules");
    assertThat(parquetRows(work, "staging/products_copy.parquet")).isEqualTo(3_200);
    assertThat(step(checkpoint(work, "mine"), "copy_products").status()).isEqualTo(StepStatus.SUCCESS);
  }

  @Test
  void refusesAnInvalidDefinitionFileWithEveryProblemAndExitCode2() throws Exception {
    Path file = work.resolve("broken.yaml");
    Files.writeString(file, String.join("\n",
        "pipeline: broken",
        "steps:",
        "  - name: enrich",
        "    type: transform",
        "  - name: load",
        "    type: load",
        "    depends_on: [enrichh]",
        ""));

    ExampleRun result = ExampleRun.run(work, "--file", file.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(result.err())
        .contains("broken.yaml:3").contains("no transform 'enrich'")
        .contains("broken.yaml:7").contains("did you mean 'enrich'");
    assertThat(work.resolve("source")).as("nothing was seeded").doesNotExist();
  }

  @Test
  void rejectsInvalidCommandLinesWithExitCode2() {
    assertThat(ExampleRun.run(work, "--fail", "extract_orders").exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    ExampleRun unknownStep = ExampleRun.run(work, "--fail", "extract_order:1");
    assertThat(unknownStep.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(unknownStep.err()).contains("there is no step 'extract_order'");
    assertThat(ExampleRun.run(work, "--no-such-option").exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(ExampleRun.run(work, "--run-id", "a", "--resume", "b").exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(ExampleRun.run(work, "--definition", "builder", "--file", "x.yaml").exitCode())
        .isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(ExampleRun.run(work, "--definition", "xml").exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(ExampleRun.run(work, "--delay-scale", "0").exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    ExampleRun badHook = ExampleRun.run(work, "--webhook", "ftp://example.com/hook");
    assertThat(badHook.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(badHook.err()).contains("webhook url must be http or https");
    assertThat(ExampleRun.run(work, "--pagerduty-url", "http://127.0.0.1:1/pd").exitCode())
        .isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(work.resolve(".etl")).as("nothing ran").doesNotExist();
  }

  @Test
  void refusesToResumeAnUnknownRunWithExitCode2() {
    ExampleRun result = ExampleRun.run(work, "--resume", "never_ran");

    assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(result.err()).contains("there is no run 'never_ran'");
  }

  @Test
  void printsHelpWithExitCode0() {
    ExampleRun result = ExampleRun.run(work, "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("--work, --workdir=DIR", "--definition", "--file", "--source-url", "--fail", "--resume", "--webhook",
        "--slack-webhook", "--pagerduty-key", "Exit codes (the same as the etl command's):");
    assertThat(result.out().lines())
        .as("the project's exit codes, from ExitCode, as the etl command lists them")
        .contains("  0   " + ExitCode.SUCCESS.description())
        .anySatisfy(l -> assertThat(l).startsWith("  1   the run failed, completed with failures"))
        .anySatisfy(l -> assertThat(l).startsWith("  2   invalid input:"))
        .anySatisfy(l -> assertThat(l).startsWith("  3   internal error: a bug"));
  }
}
