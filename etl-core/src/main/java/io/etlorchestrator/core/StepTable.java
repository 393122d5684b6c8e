package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.DependencyGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What the executor reads of every step at run time, in flat arrays ordered by <em>rank</em>:
 * the order in which the executor prefers ready steps (longest remaining critical path first,
 * then definition order). Made once per plan, immutable.
 *
 * <p>A run keeps its state in arrays indexed by rank, so comparing two ready steps is comparing
 * two ints, and the steps a run starts one after another (which, on a wide DAG, are far apart in
 * definition order) sit side by side in memory: a 10,000-step run touches a few cache lines per
 * step instead of a dozen scattered ones.
 */
final class StepTable {
  /** Rank to definition index. */
  final int[] definitionIndex;
  /** Definition index to rank. */
  final int[] rankOf;
  /** Each step by rank. */
  final PipelineStep[] steps;
  /** Each step's name by rank. */
  final String[] names;
  /** Each step's action by rank; null for a step without one. */
  final StepAction[] actions;
  /** Whether each step must run with nothing else running ({@code canParallelize=false}). */
  final boolean[] exclusive;
  /** Each step's own timeout; null for none. */
  final Duration[] timeouts;
  /** The retry policy that applies to each step (its own or the pipeline's default). */
  final RetryPolicy[] retryPolicies;
  /** How many steps each step waits for. */
  final int[] inDegree;
  /** Successors of rank {@code r} are {@code successors[successorStart[r] .. successorStart[r + 1])}, as ranks. */
  final int[] successorStart;
  final int[] successors;
  /** Names of the steps without an action, in definition order. */
  final List<String> withoutAction;
  /** Whether each step has checks (most have none: their attempts pay nothing for checks). */
  final boolean[] checked;
  /** Names of the steps with a check that has no logic, in definition order. */
  final List<String> withoutCheckLogic;

  StepTable(ExecutionPlan plan) {
    Pipeline pipeline = plan.pipeline();
    DependencyGraph graph = plan.graph();
    List<PipelineStep> byDefinition = pipeline.steps();
    int size = byDefinition.size();
    definitionIndex = rank(plan, size);
    rankOf = new int[size];
    for (int r = 0; r < size; r++) {
      rankOf[definitionIndex[r]] = r;
    }
    steps = new PipelineStep[size];
    names = new String[size];
    actions = new StepAction[size];
    exclusive = new boolean[size];
    timeouts = new Duration[size];
    retryPolicies = new RetryPolicy[size];
    checked = new boolean[size];
    inDegree = new int[size];
    successorStart = new int[size + 1];
    successors = new int[graph.edgeCount()];
    int edge = 0;
    for (int r = 0; r < size; r++) {
      int d = definitionIndex[r];
      PipelineStep step = byDefinition.get(d);
      steps[r] = step;
      names[r] = step.name();
      actions[r] = step.action().orElse(null);
      exclusive[r] = !step.canParallelize();
      timeouts[r] = step.timeout().orElse(null);
      retryPolicies[r] = pipeline.retryPolicyOf(step);
      checked[r] = !step.checks().isEmpty();
      inDegree[r] = graph.inDegree(d);
      successorStart[r] = edge;
      for (int e = graph.successorStart(d); e < graph.successorEnd(d); e++) {
        successors[edge++] = rankOf[graph.successorAt(e)];
      }
    }
    successorStart[size] = edge;
    List<String> missing = new ArrayList<>();
    for (PipelineStep step : byDefinition) {
      if (step.action().isEmpty()) {
        missing.add(step.name());
      }
    }
    withoutAction = Collections.unmodifiableList(missing);
    List<String> unchecked = new ArrayList<>();
    for (PipelineStep step : byDefinition) {
      if (step.checks().stream().anyMatch(c -> c.logic().isEmpty())) {
        unchecked.add(step.name());
      }
    }
    withoutCheckLogic = Collections.unmodifiableList(unchecked);
  }

  /**
   * Definition indices sorted by remaining critical path, longest first, ties in definition
   * order. Sorts primitive keys (the remaining path's position among the distinct values, then
   * the index) so that a million steps rank in well under a second.
   */
  private static int[] rank(ExecutionPlan plan, int size) {
    long[] tails = new long[size];
    for (int i = 0; i < size; i++) {
      tails[i] = plan.remainingCriticalPathNanos(i);
    }
    long[] distinct = tails.clone();
    Arrays.sort(distinct);
    int count = 0;
    for (int k = 0; k < distinct.length; k++) {
      if (k == 0 || distinct[k] != distinct[k - 1]) {
        distinct[count++] = distinct[k];
      }
    }
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      int position = Arrays.binarySearch(distinct, 0, count, tails[i]);
      long longerFirst = count - 1 - position;
      keys[i] = (longerFirst << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[size];
    for (int r = 0; r < size; r++) {
      order[r] = (int) keys[r];
    }
    return order;
  }
}
