package io.etlorchestrator.benchmarks;

import io.etlorchestrator.core.Dependency;
import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Wave;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan's graph as plain int arrays, read once through the public {@link ExecutionPlan} API, for
 * the baseline schedulers ({@link CompletableFutureScheduler}, {@link WaveBarrierScheduler}) and
 * the makespan simulation ({@link ListSchedule}). Steps are identified by definition index.
 *
 * @param predecessors {@code predecessors[i]}: the steps step {@code i} waits for
 * @param successors {@code successors[i]}: the steps waiting for step {@code i}
 * @param durationNanos estimated duration of each step
 * @param waves the plan's waves, as step indices
 * @param topologicalOrder every step after all its predecessors (waves flattened)
 */
public record IndexedDag(
    int[][] predecessors,
    int[][] successors,
    long[] durationNanos,
    int[][] waves,
    int[] topologicalOrder) {

  /** Reads the graph of {@code plan}. */
  public static IndexedDag of(ExecutionPlan plan) {
    List<PipelineStep> steps = plan.pipeline().steps();
    int n = steps.size();
    int[][] predecessors = new int[n][];
    List<List<Integer>> successorLists = new ArrayList<>(n);
    long[] durations = new long[n];
    for (int i = 0; i < n; i++) {
      successorLists.add(new ArrayList<>(2));
    }
    for (int i = 0; i < n; i++) {
      PipelineStep step = steps.get(i);
      durations[i] = step.estimatedDuration().toNanos();
      List<Dependency> deps = plan.dependenciesOf(step.name());
      predecessors[i] = new int[deps.size()];
      for (int k = 0; k < deps.size(); k++) {
        int p = plan.pipeline().indexOf(deps.get(k).from()).orElseThrow();
        predecessors[i][k] = p;
        successorLists.get(p).add(i);
      }
    }
    int[][] successors = new int[n][];
    for (int i = 0; i < n; i++) {
      successors[i] = successorLists.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    List<Wave> planWaves = plan.waves();
    int[][] waves = new int[planWaves.size()][];
    int[] order = new int[n];
    int k = 0;
    for (int w = 0; w < waves.length; w++) {
      List<String> names = planWaves.get(w).steps();
      waves[w] = new int[names.size()];
      for (int j = 0; j < names.size(); j++) {
        int i = plan.pipeline().indexOf(names.get(j)).orElseThrow();
        waves[w][j] = i;
        order[k++] = i;
      }
    }
    return new IndexedDag(predecessors, successors, durations, waves, order);
  }

  /** Number of steps. */
  public int size() {
    return durationNanos.length;
  }

  /** Sum of all estimated durations: the work to do. */
  public long totalWorkNanos() {
    long total = 0;
    for (long d : durationNanos) {
      total += d;
    }
    return total;
  }
}
