package io.etlorchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift and schema changes against a history of known values: one run a day of a real executor
 * with a file checkpoint store, each writing a Parquet file of a known number of rows.
 */
class DriftHistoryTest {
  static final String MART = "marts/daily_sales.parquet";

  @TempDir Path work;
  private final DayClock clock = new DayClock();
  private int day;

  /** A clock that one run a day moves forward by a day. */
  static final class DayClock extends Clock {
    private volatile Instant now = Instant.parse("2024-01-01T06:00:00Z");

    void nextDay() {
      now = now.plus(Duration.ofDays(1));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Runs the pipeline for one day whose mart has {@code rows} rows (of {@code select}, if given). */
  private CheckResult day(int rows, Check check) {
    return day(Duck.sales(rows), check);
  }

  private CheckResult day(String select, Check check) {
    clock.nextDay();
    day++;
    Pipeline pipeline = Pipeline.builder("daily_sales").defaultRetryPolicy(RetryPolicy.none())
        .defaultFallback(Fallback.SKIP_DOWNSTREAM)
        .step("aggregate_sales", s -> s.outputs(MART).check(check)
            .action(ctx -> Duck.write(work.resolve(MART), select)))
        .build();
    try (Executor executor = Executor.builder().clock(clock)
        .profiler(FileProfiler.in(work).withClock(clock))
        .checkpointStore(CheckpointStore.file(work.resolve(".etl/runs"))).build()) {
      PipelineRun run = executor.run(io.etlorchestrator.core.Planner.plan(pipeline),
          RunOptions.builder().runId(String.format("run_day_%02d", day)).build());
      return run.step("aggregate_sales").orElseThrow().checks().get(0);
    }
  }

  @Test
  void aRelativeRuleComparesWithThePreviousSuccessfulRun() {
    Check drift = QualityChecks.drift(MART, "row_count", DriftRule.maxChange(0.20)).build();

    CheckResult first = day(365, drift);
    CheckResult second = day(330, drift);
    CheckResult dropped = day(200, drift);
    CheckResult after = day(300, drift);

    assertThat(first.outcome()).isEqualTo(CheckOutcome.PASS);
    assertThat(first.message()).startsWith("no baseline: no earlier successful run has a profile of " + MART);
    assertThat(first.baseline()).isEmpty();
    assertThat(second.outcome()).isEqualTo(CheckOutcome.PASS);
    assertThat(second.baseline()).contains("365 rows in the previous run");
    assertThat(second.message()).isEqualTo("row_count changed by -9.6% (from 365 to 330)");
    assertThat(dropped.outcome()).isEqualTo(CheckOutcome.FAIL);
    assertThat(dropped.observed()).contains("200 rows");
    assertThat(dropped.expected()).contains("within 20% of the previous run");
    assertThat(dropped.message()).isEqualTo("row_count changed by -39.4% (from 330 to 200), more than 20%");
    assertThat(after.baseline()).as("the failed run is no baseline").contains("330 rows in the previous run");
    assertThat(after.outcome()).isEqualTo(CheckOutcome.PASS);
  }

  @Test
  void aZScoreNeedsFiveRunsAndFlagsADropFromANoisyHistory() {
    Check drift = QualityChecks.drift(MART, "row_count", DriftRule.sensitivity(3)).build();
    List<CheckResult> results = new ArrayList<>();
    for (int rows : new int[] {300, 340, 310, 350, 320}) {
      results.add(day(rows, drift));
    }
    CheckResult normal = day(335, drift);
    CheckResult drop = day(200, drift);

    assertThat(results.get(0).message()).startsWith("no baseline");
    assertThat(results.get(4).outcome()).isEqualTo(CheckOutcome.PASS);
    assertThat(results.get(4).message()).isEqualTo("not enough history for the z-score (4 of 5 runs)");
    assertThat(normal.outcome()).isEqualTo(CheckOutcome.PASS);
    assertThat(normal.baseline()).contains("mean 324, standard deviation 20.74 over 5 runs");
    assertThat(normal.message()).isEqualTo("z-score +0.5");
    assertThat(drop.outcome()).isEqualTo(CheckOutcome.FAIL);
    assertThat(drop.message()).isEqualTo(
        "row_count: 200 rows against a baseline mean of 325.8 (z-score -6.6, beyond ±3)");
  }

  @Test
  void aFlatHistoryDoesNotFlagNoiseButStillFlagsARealDrop() {
    // Standard deviation 1.58 around 100: a raw z-score of 104 would be 2.5; the floor (5% of the
    // mean) makes it 0.8.
    Check drift = QualityChecks.drift(MART, "row_count", DriftRule.sensitivity(2)).build();
    for (int rows : new int[] {100, 102, 98, 101, 99}) {
      day(rows, drift);
    }

    CheckResult noise = day(104, drift);
    CheckResult drop = day(60, drift);

    assertThat(noise.outcome()).as(noise.message()).isEqualTo(CheckOutcome.PASS);
    assertThat(noise.message()).isEqualTo("z-score +0.8");
    assertThat(drop.outcome()).isEqualTo(CheckOutcome.FAIL);
  }

  @Test
  void bothRulesFailTheCheckWhenEitherDoes() {
    // A noisy history hides a 30% drop from the z-score (sensitivity 3); the relative rule catches it.
    Check drift = QualityChecks.drift(MART, "row_count", DriftRule.maxChange(0.25).andSensitivity(3)).build();
    // The history days only warn, so that each of them succeeds and is part of the baseline.
    Check warning = QualityChecks.drift(MART, "row_count", DriftRule.maxChange(0.25).andSensitivity(3))
        .severity(io.etlorchestrator.core.quality.CheckSeverity.WARN).build();
    for (int rows : new int[] {100, 300, 150, 250, 200, 200}) {
      day(rows, warning);
    }

    CheckResult drop = day(140, drift);

    assertThat(drop.outcome()).isEqualTo(CheckOutcome.FAIL);
    assertThat(drop.expected()).contains("within 25% of the last 14 runs and a z-score within 3 over the last 14 runs");
    assertThat(drop.message()).isEqualTo("row_count changed by -30% (from 200 to 140), more than 25%");
  }

  @Test
  void aNullRatioDriftReadsTheColumnsNullsInEachRun() {
    Check drift = QualityChecks.drift(MART, "null_ratio(customer_id)", DriftRule.maxChange(0.5)).build();
    String someNulls = Duck.sales(100).replace("CAST(i AS BIGINT) AS customer_id", "CASE WHEN i < 10 THEN NULL ELSE i END AS customer_id");
    String moreNulls = Duck.sales(100).replace("CAST(i AS BIGINT) AS customer_id", "CASE WHEN i < 40 THEN NULL ELSE i END AS customer_id");

    day(someNulls, drift);
    CheckResult result = day(moreNulls, drift);

    assertThat(result.outcome()).isEqualTo(CheckOutcome.FAIL);
    assertThat(result.observed()).contains("40% nulls in customer_id");
    assertThat(result.baseline()).contains("10% nulls in customer_id in the previous run");
  }

  @Test
  void schemaUnchangedNamesTheColumnsAddedRemovedAndRetyped() {
    Check schema = QualityChecks.schemaUnchanged(MART).build();

    CheckResult first = day(10, schema);
    CheckResult same = day(12, schema);
    CheckResult changed = day(Duck.sales(10).replace(", CAST(i AS BIGINT) AS customer_id", "")
        .replace("CAST(100 + i AS DOUBLE)", "CAST(100 + i AS VARCHAR)").replace(" FROM range", ", 'x' AS note FROM range"), schema);

    assertThat(first.message()).isEqualTo("no baseline: no earlier successful run has a profile of " + MART);
    assertThat(same.outcome()).isEqualTo(CheckOutcome.PASS);
    assertThat(changed.outcome()).isEqualTo(CheckOutcome.FAIL);
    assertThat(changed.message()).isEqualTo("the schema of " + MART + " changed: column revenue changed type from"
        + " DOUBLE to VARCHAR; column customer_id removed; column note (VARCHAR) added");
    assertThat(changed.baseline().orElseThrow()).startsWith("previous run's 5 columns: sale_date DATE, region VARCHAR");
  }
}
