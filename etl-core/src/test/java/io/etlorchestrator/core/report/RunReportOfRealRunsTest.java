package io.etlorchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.RunHandle;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.SeedPipeline;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reports of runs the executor really made, on virtual time with one worker. */
class RunReportOfRealRunsTest {
  private static final Map<String, Duration> SEED_DURATIONS =
      Map.of(
          "extract_orders", Duration.ofSeconds(125),
          "extract_customers", Duration.ofSeconds(58),
          "extract_products", Duration.ofSeconds(28),
          "transform_orders", Duration.ofSeconds(187),
          "aggregate_sales", Duration.ofSeconds(93),
          "load_warehouse", Duration.ofSeconds(57));
  private static final Map<String, Long> SEED_ROWS =
      Map.of(
          "extract_orders", 52_340L,
          "extract_customers", 12_450L,
          "extract_products", 3_200L,
          "transform_orders", 52_340L,
          "aggregate_sales", 365L,
          "load_warehouse", 365L);

  private final VirtualTime time = new VirtualTime();
  private final Executor executor =
      Executor.builder().parallelism(1).scheduler(time.scheduler).clock(time.clock()).build();

  @AfterEach
  void close() {
    executor.close();
  }

  private static final String EXPECTED_TIMELINE =
      """
      ```
      10:00:00 ─── extract_orders ─────────────────────────── 10:02:05 ✅
      10:02:05 ─── extract_customers ──────────── 10:03:03 ✅
      10:03:03 ─── transform_orders ──────────────────────────────────────── 10:06:10 ✅
      10:06:10 ─── extract_products ────── 10:06:38 ✅
      10:06:38 ─── aggregate_sales ──────────────────── 10:08:11 ✅
      10:08:11 ─── load_warehouse ──────────── 10:09:08 ✅
      ```
      """;

  @Test
  void aSeedRunOnOneWorkerIsReportedStepAfterStep() {
    Pipeline.Builder builder = Pipeline.builder("daily_sales_etl");
    for (PipelineStep step : SeedPipeline.pipeline().steps()) {
      builder.step(
          step.toBuilder()
              .action(
                  ctx -> {
                    time.spend(SEED_DURATIONS.get(ctx.step().name()));
                    ctx.reportRows(SEED_ROWS.get(ctx.step().name()));
                  })
              .build());
    }
    ExecutionPlan plan = Planner.plan(builder.build());

    PipelineRun run = executor.run(plan, RunOptions.builder().runId("run_20240115_100000").build());
    String markdown = RunReport.of(run, plan).markdown();

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(markdown)
        .startsWith(
            "# Pipeline Execution: daily_sales_etl\n\n**Run ID:** run_20240115_100000\n"
                + "**Started:** 2024-01-15 10:00:00 UTC\n**Status:** 🟢 SUCCESS\n")
        .contains(EXPECTED_TIMELINE)
        .contains("| transform_orders | 3m 7s | 52,340 | ✅ |")
        .contains("**Total Duration:** 9m 8s\n**Total Rows Processed:** 121,060\n");
    // With one worker, extract_products ran last of aggregate_sales' dependencies (it waited for
    // the worker, not for a dependency), so the chain that ended the run starts with it.
    assertThat(RunReport.of(run, plan).actualCriticalPath())
        .containsExactly("extract_products", "aggregate_sales", "load_warehouse");
    assertThat(markdown)
        .contains("| Actual | extract_products → aggregate_sales → load_warehouse | 2m 58s |");
  }

  @Test
  void aRetriedStepIsReportedWithItsAttempts() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("retrying")
            .defaultRetryPolicy(
                RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ofSeconds(30)).build())
            .step(
                "extract",
                s ->
                    s.outputs("raw")
                        .action(
                            ctx -> {
                              time.spend(Duration.ofSeconds(10));
                              if (calls.incrementAndGet() == 1) {
                                throw new IOException("connection reset");
                              }
                              ctx.reportRows(1_500);
                            }))
            .step(
                "load",
                s -> s.inputs("raw").action(ctx -> {
                  time.spend(Duration.ofSeconds(5));
                  ctx.reportRows(1_500);
                }))
            .build();
    ExecutionPlan plan = Planner.plan(pipeline);

    RunHandle handle = executor.start(plan, RunOptions.builder().runId("r_retry").build());
    time.scheduler.awaitPending(1, Duration.ofSeconds(10));
    time.scheduler.runNext();
    PipelineRun run = handle.result().get(10, java.util.concurrent.TimeUnit.SECONDS);
    RunReport report = RunReport.of(run, plan);

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(report.markdown())
        .contains(
            """
            ```
            10:00:40 ─── extract ──────────────────────────────────────── 10:00:50 ✅ (2 attempts)
            10:00:50 ─── load ──────────────────── 10:00:55 ✅
            ```
            """)
        .contains("| extract | 10s | 1,500 | ✅ (2 attempts) |")
        .contains("**Total Duration:** 55s");
    assertThat(report.html()).contains("class=\"bar success retried\" data-step=\"extract\" data-attempts=\"2\"");
  }
}
