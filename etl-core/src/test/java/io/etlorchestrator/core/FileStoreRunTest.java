package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs through the {@link Executor} with {@link CheckpointStore#file} used directly, as a host
 * would. Regression test for the run that ended inside the journal's commit callback, on the
 * journal's own flusher thread, and then closed the journal by joining that thread: every run with
 * the file store hung when it finished.
 */
class FileStoreRunTest {
  @TempDir Path dir;

  /** Layers of 100 steps; each step reads three outputs of the layer before. */
  private static Pipeline layered(int size) {
    Pipeline.Builder builder = Pipeline.builder("layered_" + size);
    for (int i = 0; i < size; i++) {
      int layer = i / 100;
      int column = i % 100;
      PipelineStep.Builder step =
          PipelineStep.builder("step_" + i).type("noop").outputs("data/" + i).action(ctx -> {});
      if (layer > 0) {
        int previous = (layer - 1) * 100;
        step.inputs(
            "data/" + (previous + column),
            "data/" + (previous + (column + 1) % 100),
            "data/" + (previous + (column + 37) % 100));
      } else {
        step.inputs("source/" + column);
      }
      builder.step(step.build());
    }
    return builder.build();
  }

  /** Each step reads the output of the one before: every commit is the last one pending. */
  private static Pipeline chain(int size) {
    Pipeline.Builder builder = Pipeline.builder("chain_" + size);
    for (int i = 0; i < size; i++) {
      PipelineStep.Builder step =
          PipelineStep.builder("step_" + i).type("noop").outputs("data/" + i).action(ctx -> {});
      if (i > 0) {
        step.inputs("data/" + (i - 1));
      }
      builder.step(step.build());
    }
    return builder.build();
  }

  private void runsAndReloadsAsSuccess(Pipeline pipeline) throws Exception {
    ExecutionPlan plan = Planner.plan(pipeline);
    PipelineRun run;
    try (Executor executor =
        Executor.builder().parallelism(2).checkpointStore(CheckpointStore.file(dir)).build()) {
      run = executor.start(plan, RunOptions.defaults()).result().get(30, TimeUnit.SECONDS);
    }
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);

    PipelineRun reloaded = CheckpointStore.file(dir).load(run.runId()).orElseThrow();
    assertThat(reloaded.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(reloaded.steps()).hasSize(pipeline.steps().size());
    assertThat(reloaded.steps()).allMatch(s -> s.status() == StepStatus.SUCCESS);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void thousandStepRunWithTheFileStoreFinishesAndReloadsAsSuccess() throws Exception {
    runsAndReloadsAsSuccess(layered(1_000));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void chainRunWithTheFileStoreFinishesAndReloadsAsSuccess() throws Exception {
    runsAndReloadsAsSuccess(chain(200));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void consecutiveRunsWithOneFileStoreAllFinish() throws Exception {
    ExecutionPlan plan = Planner.plan(layered(300));
    CheckpointStore store = CheckpointStore.file(dir);
    try (Executor executor = Executor.builder().parallelism(2).checkpointStore(store).build()) {
      for (int r = 0; r < 5; r++) {
        PipelineRun run =
            executor.start(plan, RunOptions.defaults()).result().get(30, TimeUnit.SECONDS);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(CheckpointStore.file(dir).load(run.runId()).orElseThrow().status())
            .isEqualTo(RunStatus.SUCCESS);
      }
    }
  }
}
