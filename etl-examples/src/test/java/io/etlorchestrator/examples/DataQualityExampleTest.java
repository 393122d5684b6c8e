package io.etlorchestrator.examples;

import static io.etlorchestrator.examples.ExampleRun.checkpoint;
import static io.etlorchestrator.examples.ExampleRun.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's two commands of the data-quality walk-through: a clean first day passes every check
 * and records the baseline; a second day with bad data fails the orders' not_null check (the
 * pipeline fails, nothing downstream of the orders runs) and detects drift against the first day,
 * in the report and in an alert.
 */
class DataQualityExampleTest {
  @TempDir Path work;

  @RegisterExtension final CapturedLog alerts = new CapturedLog("io.etlorchestrator.alerts");

  @Test
  void aCleanDayPassesAndABadDayFailsItsChecksAndDriftsFromTheFirst() {
    ExampleRun day1 = ExampleRun.run(work, "--run-id", "day1");
    assertThat(day1.exitCode()).as("day 1; stderr: %s", day1.err()).isEqualTo(ExitCode.SUCCESS.code());
    PipelineRun first = checkpoint(work, "day1");
    assertThat(step(first, "extract_orders").checks()).extracting(CheckResult::outcome)
        .containsOnly(CheckOutcome.PASS);
    assertThat(step(first, "aggregate_sales").checks()).hasSize(5).extracting(CheckResult::outcome)
        .containsOnly(CheckOutcome.PASS);
    assertThat(day1.out()).contains("## Checks").contains("no baseline");

    ExampleRun day2 = ExampleRun.run(work, "--run-id", "day2", "--day", "2", "--corrupt", "nulls,drop:40%");

    assertThat(day2.exitCode()).as("day 2; stderr: %s", day2.err()).isEqualTo(ExitCode.RUN_FAILED.code());
    assertThat(day2.out()).contains("day 2: ").contains("corrupted: nulls:10%,drop:40%");
    PipelineRun second = checkpoint(work, "day2");
    assertThat(step(second, "extract_orders").status()).isEqualTo(StepStatus.FAILED);
    assertThat(step(second, "extract_orders").error()).hasValueSatisfying(
        e -> assertThat(e).contains("check not_null(order_id, customer_id) on staging/orders.parquet failed"));
    assertThat(step(second, "transform_orders").status()).as("blocked by the failed check").isEqualTo(StepStatus.SKIPPED);
    CheckResult drift = step(second, "extract_orders").checks().stream()
        .filter(c -> c.kind().equals("drift")).findFirst().orElseThrow();
    assertThat(drift.outcome()).isEqualTo(CheckOutcome.WARN);
    assertThat(drift.baseline()).hasValue("52,340 rows in the previous run");
    assertThat(drift.message()).contains("row_count changed by -");
    assertThat(day2.out())
        .contains("| extract_orders | staging/orders.parquet | not_null(order_id, customer_id) | ❌ fail |")
        .contains("| extract_orders | staging/orders.parquet | drift(row_count) | ⚠️ warn |");
    assertThat(alerts.lines()).anySatisfy(line -> assertThat(line)
        .startsWith("WARN drift_detected alert: [daily_sales_etl] check drift(row_count) on staging/orders.parquet"));
  }

  @Test
  void duplicatedOrdersFailTheUniqueCheck() {
    ExampleRun run = ExampleRun.run(work, "--run-id", "dupes", "--corrupt", "dupes:2%");

    assertThat(run.exitCode()).as("stderr: %s", run.err()).isEqualTo(ExitCode.RUN_FAILED.code());
    assertThat(step(checkpoint(work, "dupes"), "extract_orders").error())
        .hasValueSatisfying(e -> assertThat(e).contains("check unique(order_id)"));
  }
}
