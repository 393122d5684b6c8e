package io.etlorchestrator.examples;

import static io.etlorchestrator.examples.ExampleRun.checkpoint;
import static io.etlorchestrator.examples.ExampleRun.parquetRows;
import static io.etlorchestrator.examples.ExampleRun.step;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.io.TempDir;

/** The example end to end, on the embedded source, in a fresh work directory per test. */
class DailySalesRunTest {
  private static final List<String> EXTRACTS = List.of("extract_orders", "extract_customers", "extract_products");

  @TempDir Path work;

  @Test
  void runsEndToEndOnRealDataAndEveryFileHoldsTheSeedRowCounts() throws Exception {
    ExampleRun result = ExampleRun.run(work, "--run-id", "first");

    assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isEqualTo(DailySalesCommand.SUCCESS);
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
        .contains("Plan: daily_sales_etl (6 steps, 4 waves)")
        .contains("scaled down 1000x")
        .contains("Run first of daily_sales_etl: SUCCESS")
        .contains("Total rows processed: 121,060")
        .contains(work.resolve("marts/daily_sales.parquet").toString())
        .contains("seeded now");
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

    assertThat(failed.exitCode()).as("a fail_pipeline failure fails the run").isEqualTo(DailySalesCommand.RUN_FAILED);
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

    assertThat(resumed.exitCode()).as("stderr: %s", resumed.err()).isEqualTo(DailySalesCommand.SUCCESS);
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
    assertThat(resumed.out()).contains("Resuming run r1").doesNotContain("extract_orders     attempt");
    assertThat(ExampleRun.warehouse(work)).isEqualTo(ExampleRun.expectedTotals());

    ExampleRun again = ExampleRun.run(work, "--resume", "r1");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("Run r1 already succeeded; there is nothing to resume.");
    assertThat(checkpoint(work, "r1")).as("a finished run is left alone").isEqualTo(after);
  }

  @Test
  void retriesAFlakyExtractAndAlertsWhenTheLoadFailsForGood() throws Exception {
    ExampleRun result = ExampleRun.run(work, "--run-id", "flaky",
        "--fail", "extract_orders:2", "--fail", "load_warehouse:3");

    assertThat(result.exitCode()).as("alert_and_continue ends the run with failures")
        .isEqualTo(DailySalesCommand.COMPLETED_WITH_FAILURES);
    PipelineRun run = checkpoint(work, "flaky");
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(step(run, "extract_orders").status()).isEqualTo(StepStatus.SUCCESS);
    assertThat(step(run, "extract_orders").attempts()).isEqualTo(3);
    assertThat(step(run, "load_warehouse").status()).isEqualTo(StepStatus.FAILED);
    assertThat(step(run, "load_warehouse").attempts()).isEqualTo(3);
    assertThat(parquetRows(work, "marts/daily_sales.parquet")).isEqualTo(365);
    assertThat(work.resolve("warehouse.duckdb")).doesNotExist();
    assertThat(result.out())
        .contains("extract_orders     attempt 1 failed")
        .contains("retrying in 30 ms")
        .contains("retrying in 60 ms")
        .contains("ALERT step_failure: step 'load_warehouse' failed");
  }

  @Test
  void skipsEverythingDownstreamWhenExtractOrdersFailsForGood() throws Exception {
    ExampleRun result = ExampleRun.run(work, "--run-id", "broken", "--fail", "extract_orders:3");

    assertThat(result.exitCode()).isEqualTo(DailySalesCommand.RUN_FAILED);
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
  void rejectsInvalidCommandLinesWithExitCode2() {
    assertThat(ExampleRun.run(work, "--fail", "extract_orders").exitCode()).isEqualTo(DailySalesCommand.USAGE);
    ExampleRun unknownStep = ExampleRun.run(work, "--fail", "extract_order:1");
    assertThat(unknownStep.exitCode()).isEqualTo(DailySalesCommand.USAGE);
    assertThat(unknownStep.err()).contains("there is no step 'extract_order'");
    assertThat(ExampleRun.run(work, "--no-such-option").exitCode()).isEqualTo(DailySalesCommand.USAGE);
    assertThat(ExampleRun.run(work, "--run-id", "a", "--resume", "b").exitCode()).isEqualTo(DailySalesCommand.USAGE);
    assertThat(work.resolve(".etl")).as("nothing ran").doesNotExist();
  }

  @Test
  void refusesToResumeAnUnknownRunWithExitCode4() {
    ExampleRun result = ExampleRun.run(work, "--resume", "never_ran");

    assertThat(result.exitCode()).isEqualTo(DailySalesCommand.NOT_RUN);
    assertThat(result.err()).contains("there is no run 'never_ran'");
  }

  @Test
  void printsHelpWithExitCode0() {
    ExampleRun result = ExampleRun.run(work, "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("--source-url", "--fail", "--resume", "Exit codes");
  }
}
