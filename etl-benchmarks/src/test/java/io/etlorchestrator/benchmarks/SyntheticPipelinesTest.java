package io.etlorchestrator.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunStatus;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Smoke tests: every generator makes a valid pipeline of the promised shape, and it runs. */
class SyntheticPipelinesTest {

  @ParameterizedTest
  @EnumSource(Shape.class)
  void everyShapeBuildsAValidPipelineOfTheRequestedSize(Shape shape) {
    Pipeline pipeline = SyntheticPipelines.pipeline(shape, 1_000, 7);

    assertThat(pipeline.steps()).as("steps of %s", shape).hasSize(1_000);
    assertThat(Planner.plan(pipeline).waves()).as("waves of %s", shape).isNotEmpty();
  }

  @Test
  void chainHasOneWavePerStep() {
    ExecutionPlan plan = Planner.plan(SyntheticPipelines.pipeline(Shape.CHAIN, 500, 7));

    assertThat(plan.waves()).hasSize(500);
    assertThat(plan.criticalPath()).hasSize(500);
  }

  @Test
  void independentStepsFormOneWave() {
    ExecutionPlan plan = Planner.plan(SyntheticPipelines.pipeline(Shape.INDEPENDENT, 500, 7));

    assertThat(plan.waves()).hasSize(1);
    assertThat(plan.dependencies()).isEmpty();
  }

  @Test
  void layeredStepsReadThreeDistinctOutputsOfThePreviousLayer() {
    int width = SyntheticPipelines.LAYER_WIDTH;
    ExecutionPlan plan = Planner.plan(SyntheticPipelines.pipeline(Shape.LAYERED, 5 * width, 7));

    assertThat(plan.waves()).hasSize(5).allSatisfy(w -> assertThat(w.steps()).hasSize(width));
    assertThat(plan.dependencies()).hasSize(4 * width * SyntheticPipelines.FAN_IN);
    assertThat(plan.waveOf("s" + (4 * width + 3))).isEqualTo(5);
  }

  @Test
  void randomStepsDependOnEarlierStepsWithinTheWindowOnly() {
    ExecutionPlan plan = Planner.plan(SyntheticPipelines.pipeline(Shape.RANDOM, 3_000, 7));

    assertThat(plan.dependencies())
        .isNotEmpty()
        .allSatisfy(
            d -> {
              int from = Integer.parseInt(d.from().substring(1));
              int to = Integer.parseInt(d.to().substring(1));
              assertThat(to - from).isBetween(1, SyntheticPipelines.RANDOM_WINDOW);
            });
    assertThat(plan.dependencies()).anySatisfy(d -> assertThat(d.dataset()).isEmpty());
  }

  @Test
  void sameSeedGivesTheSamePipeline() {
    assertThat(SyntheticPipelines.pipeline(Shape.RANDOM, 2_000, 3))
        .isEqualTo(SyntheticPipelines.pipeline(Shape.RANDOM, 2_000, 3));
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void generatedPipelinesRunToSuccess(Shape shape) {
    ExecutionPlan plan = Planner.plan(SyntheticPipelines.pipeline(shape, 1_000, 7));
    try (Executor executor = Executor.builder().parallelism(2).build()) {
      PipelineRun run = executor.run(plan);

      assertThat(run.status()).as("run of %s", shape).isEqualTo(RunStatus.SUCCESS);
    }
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void baselineSchedulersRunEveryStepOnceAfterItsPredecessors(Shape shape) {
    IndexedDag dag = IndexedDag.of(Planner.plan(SyntheticPipelines.pipeline(shape, 1_000, 7)));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      AtomicIntegerArray futures = new AtomicIntegerArray(dag.size());
      CompletableFutureScheduler.run(dag, pool, i -> runAfterPredecessors(dag, futures, i));
      AtomicIntegerArray waves = new AtomicIntegerArray(dag.size());
      WaveBarrierScheduler.run(dag, pool, i -> runAfterPredecessors(dag, waves, i));

      for (int i = 0; i < dag.size(); i++) {
        assertThat(futures.get(i)).as("runs of step %s (futures)", i).isEqualTo(1);
        assertThat(waves.get(i)).as("runs of step %s (waves)", i).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void idealScheduleLiesBetweenTheLowerBoundAndTheWaveBarrier() {
    IndexedDag dag = IndexedDag.of(Planner.plan(SyntheticPipelines.pipeline(Shape.RANDOM, 200, 7)));

    long ideal = ListSchedule.criticalPathFirstNanos(dag, 1_000);

    assertThat(ideal).isEqualTo(ListSchedule.lowerBound(dag, 1_000));
    assertThat(ideal).isLessThanOrEqualTo(ListSchedule.waveBarrierNanos(dag));
    assertThat(ListSchedule.criticalPathFirstNanos(dag, 1)).isEqualTo(dag.totalWorkNanos());
  }

  private static void runAfterPredecessors(IndexedDag dag, AtomicIntegerArray runs, int i) {
    for (int p : dag.predecessors()[i]) {
      if (runs.get(p) != 1) {
        throw new AssertionError("step " + i + " ran before its predecessor " + p);
      }
    }
    runs.incrementAndGet(i);
  }
}
