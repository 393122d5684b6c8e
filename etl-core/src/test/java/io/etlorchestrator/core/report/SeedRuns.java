package io.etlorchestrator.core.report;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fixed runs of the seed's pipeline, for report tests. */
final class SeedRuns {
  private SeedRuns() {}

  static Instant at(String time) {
    return Instant.parse("2024-01-15T" + time + "Z");
  }

  static StepRun ran(String name, StepStatus status, int attempts, String from, String to, long rows) {
    return new StepRun(
        name, status, attempts, Optional.of(at(from)), Optional.of(at(to)), rows, Map.of(),
        Optional.empty(), Optional.empty());
  }

  static StepRun failed(String name, int attempts, String from, String to, String error) {
    return new StepRun(
        name, StepStatus.FAILED, attempts, Optional.of(at(from)), Optional.of(at(to)), 0, Map.of(),
        Optional.of(error), Optional.empty());
  }

  static StepRun skipped(String name, String reason) {
    return new StepRun(
        name, StepStatus.SKIPPED, 0, Optional.empty(), Optional.empty(), 0, Map.of(),
        Optional.empty(), Optional.of(reason));
  }

  static PipelineRun run(RunStatus status, String finishedAt, List<StepRun> steps) {
    return new PipelineRun(
        "run_20240115_100000",
        "daily_sales_etl",
        "",
        at("10:00:00"),
        Optional.of(at(finishedAt)),
        status,
        Map.of(),
        new ArrayList<>(steps));
  }

  /** The run of the seed's Monitoring Output, to the second. */
  static PipelineRun seedRun() {
    return run(
        RunStatus.SUCCESS,
        "10:07:42",
        List.of(
            ran("extract_orders", StepStatus.SUCCESS, 1, "10:00:00", "10:02:05", 52_340),
            ran("extract_customers", StepStatus.SUCCESS, 1, "10:00:00", "10:00:58", 12_450),
            ran("extract_products", StepStatus.SUCCESS, 1, "10:00:00", "10:00:28", 3_200),
            ran("transform_orders", StepStatus.SUCCESS, 1, "10:02:05", "10:05:12", 52_340),
            ran("aggregate_sales", StepStatus.SUCCESS, 1, "10:05:12", "10:06:45", 365),
            ran("load_warehouse", StepStatus.SUCCESS, 1, "10:06:45", "10:07:42", 365)));
  }

  /**
   * extract_orders fails after 3 attempts (skip_downstream): transform, aggregate and load are
   * skipped; extract_customers needed 2 attempts.
   */
  static PipelineRun failedRun() {
    return run(
        RunStatus.FAILED,
        "10:03:30",
        List.of(
            failed("extract_orders", 3, "10:03:00", "10:03:30", "IOException: connection <refused> & gone"),
            ran("extract_customers", StepStatus.SUCCESS, 2, "10:00:30", "10:01:28", 12_450),
            ran("extract_products", StepStatus.SUCCESS, 1, "10:00:00", "10:00:28", 3_200),
            skipped("transform_orders", "upstream step 'extract_orders' failed"),
            skipped("aggregate_sales", "upstream step 'extract_orders' failed"),
            skipped("load_warehouse", "upstream step 'extract_orders' failed")));
  }
}
