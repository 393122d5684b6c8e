package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the planner over random DAGs of up to a few thousand steps: edges go forward in
 * waves, waves are longest-path levels, the critical path is the longest chain of estimates,
 * slack is never negative and zero on the critical path, and a back edge always gives a real
 * cycle.
 */
class PlannerPropertiesTest {

  /** A random DAG: step i may read the outputs of steps before it, and depend on them by name. */
  record Dag(int size, List<int[]> readsFrom, List<int[]> dependsOn, long[] estimateMillis) {
    Pipeline pipeline() {
      Pipeline.Builder builder = Pipeline.builder("random");
      for (int i = 0; i < size; i++) {
        List<String> inputs = new ArrayList<>();
        inputs.add("external.source_" + (i % 3));
        for (int from : readsFrom.get(i)) {
          inputs.add("d" + from);
        }
        List<String> depends = new ArrayList<>();
        for (int from : dependsOn.get(i)) {
          depends.add("s" + from);
        }
        int index = i;
        builder.step(
            "s" + i,
            s ->
                s.inputs(inputs.toArray(String[]::new))
                    .outputs("d" + index)
                    .dependsOn(depends.toArray(String[]::new))
                    .estimatedDuration(Duration.ofMillis(estimateMillis[index])));
      }
      return builder.build();
    }

    /** Every predecessor of step i. */
    Set<Integer> predecessors(int i) {
      Set<Integer> result = new HashSet<>();
      for (int from : readsFrom.get(i)) {
        result.add(from);
      }
      for (int from : dependsOn.get(i)) {
        result.add(from);
      }
      return result;
    }
  }

  @Provide
  Arbitrary<Dag> dags() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 3000),
            Arbitraries.longs(),
            Arbitraries.integers().between(0, 4))
        .as(
            (size, seed, fanIn) -> {
              Random random = new Random(seed);
              List<int[]> reads = new ArrayList<>();
              List<int[]> depends = new ArrayList<>();
              long[] estimates = new long[size];
              for (int i = 0; i < size; i++) {
                reads.add(pick(random, i, random.nextInt(fanIn + 1)));
                depends.add(random.nextInt(10) == 0 ? pick(random, i, 1) : new int[0]);
                estimates[i] = random.nextInt(5) == 0 ? 0 : random.nextInt(600_000);
              }
              return new Dag(size, reads, depends, estimates);
            });
  }

  /** Up to {@code count} distinct steps before {@code i}, mostly near it. */
  private static int[] pick(Random random, int i, int count) {
    if (i == 0) {
      return new int[0];
    }
    Set<Integer> chosen = new HashSet<>();
    for (int k = 0; k < count; k++) {
      int back = random.nextBoolean() ? 1 + random.nextInt(Math.min(i, 20)) : 1 + random.nextInt(i);
      chosen.add(i - back);
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  @Property(tries = 60)
  void everyEdgeGoesFromAnEarlierWaveToALaterOne(@ForAll("dags") Dag dag) {
    ExecutionPlan plan = Planner.plan(dag.pipeline());
    for (Dependency dependency : plan.dependencies()) {
      assertThat(plan.waveOf(dependency.from())).isLessThan(plan.waveOf(dependency.to()));
    }
  }

  @Property(tries = 60)
  void eachStepIsInExactlyOneWaveAtItsLongestPathLevel(@ForAll("dags") Dag dag) {
    ExecutionPlan plan = Planner.plan(dag.pipeline());
    Map<String, Integer> waveOf = new HashMap<>();
    for (Wave wave : plan.waves()) {
      for (String step : wave.steps()) {
        assertThat(waveOf.put(step, wave.number())).as("%s in one wave only", step).isNull();
      }
    }
    assertThat(waveOf).hasSize(dag.size());
    // Longest-path level, computed independently in definition (topological) order.
    int[] level = new int[dag.size()];
    for (int i = 0; i < dag.size(); i++) {
      int max = 0;
      for (int from : dag.predecessors(i)) {
        max = Math.max(max, level[from] + 1);
      }
      level[i] = max;
      assertThat(waveOf.get("s" + i)).isEqualTo(level[i] + 1);
    }
  }

  @Property(tries = 60)
  void criticalPathLengthIsTheLargestEarliestFinish(@ForAll("dags") Dag dag) {
    ExecutionPlan plan = Planner.plan(dag.pipeline());
    long[] finish = new long[dag.size()];
    long largest = 0;
    for (int i = 0; i < dag.size(); i++) {
      long start = 0;
      for (int from : dag.predecessors(i)) {
        start = Math.max(start, finish[from]);
      }
      finish[i] = start + dag.estimateMillis()[i];
      largest = Math.max(largest, finish[i]);
      assertThat(plan.timing("s" + i).earliestFinish()).isEqualTo(Duration.ofMillis(finish[i]));
    }
    assertThat(plan.criticalPathDuration()).isEqualTo(Duration.ofMillis(largest));
    // The critical path is a chain of dependencies whose estimates add up to its length.
    List<String> path = plan.criticalPath();
    long sum = 0;
    for (int k = 0; k < path.size(); k++) {
      sum += dag.estimateMillis()[Integer.parseInt(path.get(k).substring(1))];
      if (k > 0) {
        int to = Integer.parseInt(path.get(k).substring(1));
        int from = Integer.parseInt(path.get(k - 1).substring(1));
        assertThat(dag.predecessors(to)).as("%s follows %s", path.get(k), path.get(k - 1)).contains(from);
      }
    }
    assertThat(Duration.ofMillis(sum)).isEqualTo(plan.criticalPathDuration());
  }

  @Property(tries = 60)
  void slackIsNeverNegativeAndZeroOnTheCriticalPath(@ForAll("dags") Dag dag) {
    ExecutionPlan plan = Planner.plan(dag.pipeline());
    for (StepTiming timing : plan.timings()) {
      assertThat(timing.slack()).isGreaterThanOrEqualTo(Duration.ZERO);
      assertThat(timing.latestFinish()).isLessThanOrEqualTo(plan.criticalPathDuration());
    }
    for (String step : plan.criticalPath()) {
      assertThat(plan.timing(step).slack()).as(step).isEqualTo(Duration.ZERO);
    }
  }

  private static final Pattern CYCLE_STEP = Pattern.compile("(?:^|-> )(s\\d+)");

  @Property(tries = 60)
  void aBackEdgeAlwaysGivesARealCycle(@ForAll("dags") Dag dag, @ForAll long seed) {
    Random random = new Random(seed);
    ExecutionPlan plan = Planner.plan(dag.pipeline());
    // Pick a dependency chain u -> ... -> v (v reachable from u) and add v -> u.
    int v = random.nextInt(dag.size());
    int u = v;
    int hops = random.nextInt(5);
    for (int h = 0; h < hops; h++) {
      Set<Integer> predecessors = dag.predecessors(u);
      if (predecessors.isEmpty()) {
        break;
      }
      u = predecessors.stream().sorted().skip(random.nextInt(predecessors.size())).findFirst().orElseThrow();
    }
    List<int[]> depends = new ArrayList<>(dag.dependsOn());
    int[] old = depends.get(u);
    int[] extended = java.util.Arrays.copyOf(old, old.length + 1);
    extended[old.length] = v; // u now also waits for v: a cycle (a self-loop when u == v)
    depends.set(u, extended);
    Dag cyclic = new Dag(dag.size(), dag.readsFrom(), depends, dag.estimateMillis());

    PipelineDefinitionException e =
        catchThrowableOfType(PipelineDefinitionException.class, cyclic::pipeline);
    assertThat(e).as("adding s%d -> s%d must be rejected", v, u).isNotNull();
    if (u == v) {
      assertThat(e.getMessage()).contains("s" + u);
      return;
    }
    String message =
        e.problems().stream()
            .map(DefinitionProblem::message)
            .filter(m -> m.contains("dependency cycle"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no cycle reported: " + e.getMessage()));
    String cycle = message.substring(message.indexOf("dependency cycle: ") + "dependency cycle: ".length());
    cycle = cycle.substring(0, cycle.indexOf(';'));
    List<Integer> steps = new ArrayList<>();
    Matcher m = CYCLE_STEP.matcher(cycle);
    while (m.find()) {
      steps.add(Integer.parseInt(m.group(1).substring(1)));
    }
    assertThat(steps.size()).as(cycle).isGreaterThanOrEqualTo(3);
    assertThat(steps.get(0)).as("the cycle closes: " + cycle).isEqualTo(steps.get(steps.size() - 1));
    for (int k = 1; k < steps.size(); k++) {
      int from = steps.get(k - 1);
      int to = steps.get(k);
      Set<Integer> waitsFor = cyclic.predecessors(to);
      assertThat(waitsFor).as("%s: s%d waits for s%d", cycle, to, from).contains(from);
    }
  }
}
