package io.etlorchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.quality.CheckSeverity;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing check on a real file keeps the steps that read it from running; a warning does not. */
class BlockingChecksTest {
  static final String MART = "marts/daily_sales.parquet";

  @TempDir Path work;
  private final AtomicInteger loads = new AtomicInteger();

  private PipelineRun run(CheckSeverity severity, Fallback fallback) {
    Pipeline pipeline = Pipeline.builder("daily_sales").defaultRetryPolicy(RetryPolicy.ofDefaults())
        .step("aggregate_sales", s -> s.outputs(MART).fallback(fallback)
            .check(QualityChecks.rowCount(MART, 300L, null).severity(severity).build())
            .action(ctx -> Duck.write(work.resolve(MART), Duck.sales(40))))
        .step("load_warehouse", s -> s.inputs(MART).action(ctx -> loads.incrementAndGet()))
        .build();
    try (Executor executor = Executor.builder().profiler(FileProfiler.in(work)).build()) {
      return executor.run(pipeline);
    }
  }

  @Test
  void aFailingErrorCheckSkipsTheDependentsWithoutRetryingTheStep() {
    PipelineRun run = run(CheckSeverity.ERROR, Fallback.SKIP_DOWNSTREAM);

    assertThat(run.step("aggregate_sales").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    assertThat(run.step("aggregate_sales").orElseThrow().attempts()).isEqualTo(1);
    assertThat(run.step("load_warehouse").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(loads).as("the load never read the bad mart").hasValue(0);
    assertThat(run.status()).hasToString("FAILED");
  }

  @Test
  void alertAndContinueLetsTheDependentsRunAfterAFailedCheck() {
    PipelineRun run = run(CheckSeverity.ERROR, Fallback.ALERT_AND_CONTINUE);

    assertThat(run.step("aggregate_sales").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    assertThat(loads).hasValue(1);
  }

  @Test
  void aWarningLetsTheDependentsRunAndTheRunSucceed() {
    PipelineRun run = run(CheckSeverity.WARN, Fallback.SKIP_DOWNSTREAM);

    assertThat(run.step("aggregate_sales").orElseThrow().checks().get(0).outcome().definitionName()).isEqualTo("warn");
    assertThat(loads).hasValue(1);
    assertThat(run.status()).hasToString("SUCCESS");
  }
}
