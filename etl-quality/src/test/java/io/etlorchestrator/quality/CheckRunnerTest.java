package io.etlorchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks of a pipeline against its datasets as they are now, with drift against the history. */
class CheckRunnerTest {
  static final String MART = "marts/daily_sales.parquet";
  static final String SOURCE = "raw/orders.parquet";

  @TempDir Path work;

  private Pipeline pipeline() {
    return Pipeline.builder("daily_sales")
        .step("aggregate_sales", s -> s.inputs(SOURCE).outputs(MART)
            .check(QualityChecks.rowCount(SOURCE, 1L, null).onInput(true).build())
            .check(QualityChecks.rowCount(MART, 300L, 400L).build())
            .check(QualityChecks.drift(MART, "row_count", DriftRule.maxChange(0.2)).build())
            .action(ctx -> Duck.write(work.resolve(MART), Duck.sales(365))))
        .step("audit", s -> s.inputs(SOURCE).outputs("audit/done.csv")
            .check(QualityChecks.rowCount(SOURCE, 1L, null).onInput(true).build())
            .action(ctx -> Duck.write(work.resolve("audit/done.csv"), "select 1 as done")))
        .step("no_checks", s -> s.outputs("other.csv").action(ctx -> Duck.write(work.resolve("other.csv"), "select 1 as x")))
        .build();
  }

  @Test
  void checksTheDatasetsAsTheyAreNowAgainstTheHistoryOfRuns() {
    Duck.write(work.resolve(SOURCE), Duck.sales(10));
    CheckpointStore store = CheckpointStore.file(work.resolve(".etl"));
    try (Executor executor = Executor.builder().profiler(FileProfiler.in(work)).checkpointStore(store).build()) {
      assertThat(executor.run(pipeline()).status()).hasToString("SUCCESS");
    }
    Duck.write(work.resolve(MART), Duck.sales(200)); // someone rewrote the mart since

    Map<String, List<CheckResult>> results = CheckRunner.builder()
        .profilers(QualityProfilers.of(List.of(), work)).history(store).build().run(pipeline());

    assertThat(results).containsOnlyKeys("aggregate_sales", "audit");
    List<CheckResult> mart = results.get("aggregate_sales");
    assertThat(mart).extracting(CheckResult::outcome).containsExactly(CheckOutcome.PASS, CheckOutcome.FAIL, CheckOutcome.FAIL);
    assertThat(mart.get(1).message()).isEqualTo("marts/daily_sales.parquet has 200 rows, fewer than the 300 expected");
    assertThat(mart.get(2).baseline()).contains("365 rows in the previous run");
    assertThat(results.get("audit").get(0)).as("a source's check runs once for all its readers").isSameAs(mart.get(0));
  }

  @Test
  void selectsSteps() {
    Duck.write(work.resolve(SOURCE), Duck.sales(10));

    Map<String, List<CheckResult>> results = CheckRunner.builder().profiler(FileProfiler.in(work)).build()
        .run(pipeline(), step -> step.name().equals("audit"));

    assertThat(results).containsOnlyKeys("audit");
  }
}
