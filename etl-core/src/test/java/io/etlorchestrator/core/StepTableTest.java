package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.internal.DependencyGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The executor's step table: ranks are the order "longest remaining critical path first, then
 * definition order", its edges are the plan's, and a run on one worker starts steps in exactly
 * the order of critical-path-first list scheduling.
 */
class StepTableTest {

  /** A random DAG of {@code size} steps, many estimates equal so that ties are common. */
  private static Pipeline randomPipeline(Random random, int size, List<String> started) {
    Pipeline.Builder builder = Pipeline.builder("random");
    for (int i = 0; i < size; i++) {
      java.util.Set<String> inputs = new java.util.LinkedHashSet<>();
      inputs.add("external.source");
      int parents = i == 0 ? 0 : random.nextInt(Math.min(i, 4));
      for (int k = 0; k < parents; k++) {
        inputs.add("d" + random.nextInt(i));
      }
      String name = "s" + i;
      long seconds = 1 + random.nextInt(random.nextBoolean() ? 3 : 300);
      builder.step(
          name,
          s ->
              s.inputs(inputs.toArray(String[]::new))
                  .outputs("d" + name.substring(1))
                  .estimatedDuration(Duration.ofSeconds(seconds))
                  .action(ctx -> started.add(ctx.step().name())));
    }
    return builder.build();
  }

  private static Comparator<Integer> criticalPathFirst(ExecutionPlan plan) {
    return Comparator.<Integer>comparingLong(i -> -plan.remainingCriticalPathNanos(i))
        .thenComparingInt(i -> i);
  }

  @Test
  void ranksByRemainingCriticalPathThenDefinitionOrderAndKeepsTheEdges() {
    Random random = new Random(11);
    for (int round = 0; round < 30; round++) {
      ExecutionPlan plan = Planner.plan(randomPipeline(random, 1 + random.nextInt(400), new ArrayList<>()));
      StepTable table = plan.stepTable();
      int size = plan.pipeline().steps().size();
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        expected.add(i);
      }
      expected.sort(criticalPathFirst(plan));
      DependencyGraph graph = plan.graph();
      for (int r = 0; r < size; r++) {
        int d = table.definitionIndex[r];
        assertThat(d).isEqualTo(expected.get(r));
        assertThat(table.rankOf[d]).isEqualTo(r);
        assertThat(table.names[r]).isEqualTo(plan.pipeline().steps().get(d).name());
        assertThat(table.inDegree[r]).isEqualTo(graph.inDegree(d));
        List<Integer> successors = new ArrayList<>();
        for (int e = table.successorStart[r]; e < table.successorStart[r + 1]; e++) {
          successors.add(table.definitionIndex[table.successors[e]]);
        }
        List<Integer> fromGraph = new ArrayList<>();
        for (int e = graph.successorStart(d); e < graph.successorEnd(d); e++) {
          fromGraph.add(graph.successorAt(e));
        }
        assertThat(successors).isEqualTo(fromGraph);
      }
    }
  }

  @Test
  void oneWorkerStartsStepsInCriticalPathFirstListOrder() {
    Random random = new Random(23);
    try (Executor serial = Executor.builder().parallelism(1).build()) {
      for (int round = 0; round < 20; round++) {
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        ExecutionPlan plan = Planner.plan(randomPipeline(random, 50 + random.nextInt(300), started));
        DependencyGraph graph = plan.graph();
        int size = plan.pipeline().steps().size();
        int[] waiting = new int[size];
        TreeSet<Integer> ready = new TreeSet<>(criticalPathFirst(plan));
        for (int i = 0; i < size; i++) {
          waiting[i] = graph.inDegree(i);
          if (waiting[i] == 0) {
            ready.add(i);
          }
        }
        List<String> expected = new ArrayList<>();
        while (!ready.isEmpty()) {
          int next = ready.pollFirst();
          expected.add(plan.pipeline().steps().get(next).name());
          for (int e = graph.successorStart(next); e < graph.successorEnd(next); e++) {
            if (--waiting[graph.successorAt(e)] == 0) {
              ready.add(graph.successorAt(e));
            }
          }
        }

        PipelineRun run = serial.run(plan);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(started).isEqualTo(expected);
        List<String> definitionOrder = new ArrayList<>();
        for (StepRun step : run.steps()) {
          definitionOrder.add(step.name());
        }
        assertThat(definitionOrder)
            .as("the run's steps stay in definition order")
            .isEqualTo(plan.pipeline().steps().stream().map(PipelineStep::name).toList());
      }
    }
  }
}
