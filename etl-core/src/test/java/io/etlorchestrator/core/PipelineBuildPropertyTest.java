package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Pipeline.Builder#build()} takes a fast path that only notes whether a definition may have
 * a problem, and runs the reporting validation only then. These random definitions, with names and
 * datasets from small pools so that duplicates, blanks, unknown references, self references and
 * cycles are common, check against an independent oracle that the fast path never lets a problem
 * through, never rejects a valid definition, and resolves names and external sources as before.
 */
class PipelineBuildPropertyTest {
  private static final String[] NAMES = {"a", "b", "c", "d", "e", "f", "g", "h", " ", ""};
  private static final String[] DATASETS = {"d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", " "};

  private static String pick(Random random, String[] pool, int bound) {
    return pool[random.nextInt(Math.min(bound, pool.length))];
  }

  /** Mostly valid (blank values and defects are rare), with every kind of defect possible. */
  private static List<PipelineStep> randomSteps(Random random) {
    int n = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(8);
    boolean clean = random.nextBoolean(); // fewer defects: more definitions get through
    int namePool = clean ? 8 : NAMES.length;
    int dataPool = clean ? 8 : DATASETS.length;
    List<PipelineStep> steps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = clean ? NAMES[i] : pick(random, NAMES, namePool);
      PipelineStep.Builder step = PipelineStep.builder(name);
      if (random.nextInt(clean ? 200 : 15) == 0) {
        step.type(" ");
      }
      int roll = random.nextInt(clean ? 200 : 15);
      step.estimatedDuration(roll == 0 ? Duration.ofSeconds(-1) : Duration.ofSeconds(roll));
      int timeout = random.nextInt(clean ? 400 : 20);
      if (timeout == 0) {
        step.timeout(Duration.ZERO);
      } else if (timeout == 1) {
        step.timeout(Duration.ofSeconds(-3));
      } else if (timeout < 6) {
        step.timeout(Duration.ofSeconds(timeout));
      }
      if (random.nextInt(4) == 0) {
        step.resources(random.nextInt(clean ? 200 : 10) == 0 ? " " : "db");
      }
      for (int k = random.nextInt(3); k > 0; k--) {
        step.outputs(clean ? "d" + (i + 1) + "_" + k : pick(random, DATASETS, dataPool));
      }
      for (int k = random.nextInt(3); k > 0; k--) {
        step.inputs(
            random.nextInt(4) == 0
                ? "source." + random.nextInt(3)
                : clean
                    ? "d" + (1 + random.nextInt(Math.max(1, i))) + "_" + (1 + random.nextInt(2))
                    : pick(random, DATASETS, dataPool));
      }
      for (int k = random.nextInt(clean ? 2 : 3); k > 0; k--) {
        int r = random.nextInt(clean ? 100 : 10);
        step.dependsOn(r == 0 ? "zz" : clean ? NAMES[random.nextInt(Math.max(1, i))] : pick(random, NAMES, namePool));
      }
      steps.add(step.build());
    }
    return steps;
  }

  /** Whether the definition has any problem, computed from scratch. */
  private static boolean oracleHasProblem(String pipelineName, List<PipelineStep> steps) {
    if (pipelineName.isBlank() || steps.isEmpty()) {
      return true;
    }
    Map<String, Integer> byName = new HashMap<>();
    Map<String, Integer> producer = new HashMap<>();
    boolean problem = false;
    for (int i = 0; i < steps.size(); i++) {
      PipelineStep s = steps.get(i);
      if (s.name().isBlank() || byName.putIfAbsent(s.name(), i) != null) {
        problem = true;
      }
      problem |= s.estimatedDuration().isNegative();
      problem |= s.timeout().map(t -> t.isNegative() || t.isZero()).orElse(false);
      problem |= s.type().isBlank();
      for (Set<String> values : List.of(s.resources(), s.inputs(), s.outputs())) {
        problem |= values.stream().anyMatch(String::isBlank);
      }
      for (String output : s.outputs()) {
        problem |= producer.putIfAbsent(output, i) != null;
      }
      problem |= s.inputs().stream().anyMatch(s.outputs()::contains);
    }
    List<List<Integer>> predecessors = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      PipelineStep s = steps.get(i);
      List<Integer> preds = new ArrayList<>();
      for (String dependency : s.dependsOn()) {
        problem |= dependency.equals(s.name()) || !byName.containsKey(dependency);
        Integer p = byName.get(dependency);
        if (p != null && p != i) {
          preds.add(p);
        }
      }
      for (String input : s.inputs()) {
        Integer p = producer.get(input);
        if (p != null && p != i) {
          preds.add(p);
        }
      }
      predecessors.add(preds);
    }
    return problem || hasCycle(predecessors);
  }

  private static boolean hasCycle(List<List<Integer>> predecessors) {
    int n = predecessors.size();
    int[] state = new int[n]; // 0 new, 1 on stack, 2 done
    for (int i = 0; i < n; i++) {
      if (cycleFrom(i, predecessors, state)) {
        return true;
      }
    }
    return false;
  }

  private static boolean cycleFrom(int v, List<List<Integer>> predecessors, int[] state) {
    if (state[v] == 1) {
      return true;
    }
    if (state[v] == 2) {
      return false;
    }
    state[v] = 1;
    for (int p : predecessors.get(v)) {
      if (cycleFrom(p, predecessors, state)) {
        return true;
      }
    }
    state[v] = 2;
    return false;
  }

  @Test
  // ~16 s in a full build: too close to the 2-minute default on a loaded machine
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void fastPathAcceptsExactlyTheValidDefinitions() {
    int valid = 0;
    int invalid = 0;
    for (long seed = 0; seed < 20_000; seed++) {
      Random random = new Random(seed);
      String pipelineName = random.nextInt(30) == 0 ? " " : "p";
      List<PipelineStep> steps = randomSteps(random);
      boolean expectProblem = oracleHasProblem(pipelineName, steps);
      Pipeline.Builder builder = Pipeline.builder(pipelineName).steps(steps);
      if (expectProblem) {
        PipelineDefinitionException e =
            catchThrowableOfType(builder::build, PipelineDefinitionException.class);
        assertThat(e).as("seed %d: %s", seed, steps).isNotNull();
        assertThat(e.problems()).as("seed %d", seed).isNotEmpty();
        invalid++;
      } else {
        Pipeline pipeline = builder.build();
        valid++;
        Set<String> produced = new LinkedHashSet<>();
        steps.forEach(s -> produced.addAll(s.outputs()));
        Set<String> sources = new LinkedHashSet<>();
        steps.forEach(s -> s.inputs().stream().filter(x -> !produced.contains(x)).forEach(sources::add));
        assertThat(pipeline.externalSources()).as("seed %d", seed).containsExactlyElementsOf(sources);
        for (int i = 0; i < steps.size(); i++) {
          assertThat(pipeline.indexOf(steps.get(i).name())).as("seed %d", seed).contains(i);
          assertThat(pipeline.step(steps.get(i).name())).contains(steps.get(i));
        }
        assertThat(pipeline.indexOf("zz")).isEmpty();
        assertThat(pipeline.step(null)).isEmpty();
        assertThat(Planner.plan(pipeline).waves()).isNotEmpty();
      }
    }
    assertThat(valid).as("valid definitions generated").isGreaterThan(2_000);
    assertThat(invalid).as("invalid definitions generated").isGreaterThan(2_000);
  }
}
