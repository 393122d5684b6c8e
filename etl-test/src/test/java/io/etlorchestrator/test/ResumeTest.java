package io.etlorchestrator.test;

import static io.etlorchestrator.test.EtlAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.CheckpointException;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.PlanChangedException;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ResumeTest {
  private final SeedRig seed = new SeedRig();

  @Test
  void aResumedRunRerunsOnlyWhatDidNotSucceedAndAttemptsGoOnCounting() {
    // The transform fails its 3 attempts; on resume its attempt 4 runs and succeeds.
    PipelineTester tester = PipelineTester.of(seed.pipeline()).failing("transform_orders", 3);
    TestRun failed = tester.run();
    assertThat(failed).failed().step("transform_orders").failed().hasAttempts(3);

    TestRun resumed = tester.resume(failed.runId());

    assertThat(resumed).succeeded().hasBeenResumed(1).hasTotalRows(SeedRig.TOTAL_ROWS)
        .step("transform_orders").succeeded().hasAttempts(4)
        .step("extract_orders").succeeded().hasAttempts(1);
    assertThat(seed.calls("extract_orders")).isEqualTo(1);
    assertThat(seed.calls("transform_orders")).isEqualTo(1);
    assertThat(resumed.eventLog()).first().isEqualTo("run resumed");
    assertThat(resumed.eventLog()).doesNotContain("started extract_orders#2");
    // The clock went on: the resume starts where the failed run ended (30 s + 60 s of backoff).
    assertThat(resumed.run().resumedAt()).containsExactly(ManualScheduler.DEFAULT_START.plusSeconds(90));
    assertThat(resumed.store().load(failed.runId())).hasValueSatisfying(run -> assertThat(run).succeeded());
  }

  @Test
  void resumingFromAFileStoreInAnotherTesterWorksLikeAfterARestart(@TempDir Path dir) {
    TestRun failed =
        PipelineTester.of(seed.pipeline()).checkpointStore(CheckpointStore.file(dir)).failingEveryAttempt("load_warehouse").run();
    assertThat(failed).completedWithFailures();

    TestRun resumed = PipelineTester.of(seed.pipeline()).checkpointStore(CheckpointStore.file(dir)).resume(failed.runId());

    assertThat(resumed).succeeded().step("load_warehouse").hasAttempts(4);
    assertThat(resumed).stepsWithStatus(StepStatus.SUCCESS).hasSize(6);
  }

  @Test
  void aChangedPipelineIsRefusedUnlessAllowed() {
    PipelineTester first = PipelineTester.of(seed.pipeline()).failingEveryAttempt("aggregate_sales");
    TestRun failed = first.run();
    Pipeline changed = withAggregateReading(seed.pipeline(), "staging/customers.parquet");

    PipelineTester second = PipelineTester.of(changed).checkpointStore(first.store());

    assertThatThrownBy(() -> second.resume(failed.runId()))
        .isInstanceOf(PlanChangedException.class)
        .hasMessageContaining("aggregate_sales");
    TestRun resumed = second.allowPlanChange(true).resume(failed.runId());
    assertThat(resumed).succeeded().step("aggregate_sales").succeeded();
  }

  @Test
  void resumingAnUnknownRunSaysSo() {
    PipelineTester tester = PipelineTester.of(seed.pipeline());

    assertThatThrownBy(() -> tester.resume("no_such_run"))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("no_such_run");
  }

  @Test
  void resumingARunThatSucceededRunsNothing() {
    PipelineTester tester = PipelineTester.of(seed.pipeline());
    TestRun done = tester.run();

    TestRun again = tester.resume(done.runId());

    assertThat(again).succeeded();
    assertThat(again.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(again.eventLog()).isEmpty();
    assertThat(seed.calls("extract_orders")).isEqualTo(1);
  }

  @Test
  void aCancelledRunCanBeResumed() {
    PipelineTester tester = PipelineTester.of(seed.pipeline()).failing("extract_products", 1);
    String runId;
    try (ManualRun run = tester.start()) {
      run.awaitIdle(); // extract_products failed once; its retry waits 30 s of virtual time
      run.cancel();
      TestRun cancelled = run.finish();
      assertThat(cancelled).wasCancelled().step("extract_products").wasCancelled().hasAttempts(1);
      runId = cancelled.runId();
    }

    TestRun resumed = tester.resume(runId);

    assertThat(resumed).succeeded().step("extract_products").hasAttempts(2);
    assertThat(resumed.scheduler().elapsed()).isEqualTo(Duration.ZERO);
  }

  private static Pipeline withAggregateReading(Pipeline pipeline, String extraInput) {
    Pipeline.Builder builder = Pipeline.builder(pipeline.name()).defaultRetryPolicy(pipeline.defaultRetryPolicy());
    for (PipelineStep step : pipeline.steps()) {
      if (step.name().equals("aggregate_sales")) {
        java.util.List<String> inputs = new java.util.ArrayList<>(step.inputs());
        inputs.add(extraInput);
        builder.step(step.toBuilder().inputs(inputs).build());
      } else {
        builder.step(step);
      }
    }
    return builder.build();
  }
}
