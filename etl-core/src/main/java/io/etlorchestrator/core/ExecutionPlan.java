package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.DependencyGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The plan of a pipeline, made by {@link Planner#plan(Pipeline)}: its dependency graph, the seed's
 * execution waves with their estimates, the critical path and every step's slack.
 *
 * <p>Two totals are given, and they answer different questions. {@link #totalEstimatedDuration()}
 * is the seed's {@code total_estimated_duration}: the sum of the wave estimates, which is how long
 * the run takes if each wave waits for the previous one to finish. {@link
 * #criticalPathDuration()} is the length of the longest chain of estimates, which is how long a
 * dependency-driven executor (ours) needs with enough workers. It is never longer.
 *
 * <p>Immutable and thread-safe. Two plans are equal when their pipelines are equal.
 */
public final class ExecutionPlan {
  private final Pipeline pipeline;
  private final int[] level;
  private final int[] waveStart;
  private final int[] waveMembers;
  private final long[] duration;
  private final long[] earliestStart;
  private final long[] tail;
  private final long criticalPathNanos;
  private final int[] criticalPath;
  private final List<Wave> waves;
  private volatile String fingerprint;
  private volatile String[] stepFingerprints;
  /** Caches of what every run of this plan starts from; immutable, so a race only costs work. */
  private volatile java.util.Map<String, String> stepFingerprintMap;
  private volatile List<StepRun> pendingSteps;
  private volatile StepTable stepTable;

  ExecutionPlan(
      Pipeline pipeline,
      int[] level,
      int[] waveStart,
      int[] waveMembers,
      long[] duration,
      long[] earliestStart,
      long[] tail,
      long criticalPathNanos,
      int[] criticalPath) {
    this.pipeline = pipeline;
    this.level = level;
    this.waveStart = waveStart;
    this.waveMembers = waveMembers;
    this.duration = duration;
    this.earliestStart = earliestStart;
    this.tail = tail;
    this.criticalPathNanos = criticalPathNanos;
    this.criticalPath = criticalPath;
    this.waves = buildWaves();
  }

  private List<Wave> buildWaves() {
    List<PipelineStep> steps = pipeline.steps();
    int count = waveStart.length - 1;
    List<Wave> result = new ArrayList<>(count);
    for (int w = 0; w < count; w++) {
      int from = waveStart[w];
      int to = waveStart[w + 1];
      String[] names = new String[to - from];
      long longest = 0;
      for (int k = from; k < to; k++) {
        int i = waveMembers[k];
        names[k - from] = steps.get(i).name();
        longest = Math.max(longest, duration[i]);
      }
      result.add(new Wave(w + 1, List.of(names), Duration.ofNanos(longest), names.length > 1));
    }
    return Collections.unmodifiableList(result);
  }

  /** The pipeline this plan was made from. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /** The execution waves, first to last. */
  public List<Wave> waves() {
    return waves;
  }

  /** The seed's {@code total_estimated_duration}: the sum of the wave estimates. */
  public Duration totalEstimatedDuration() {
    Duration total = Duration.ZERO;
    for (Wave wave : waves) {
      total = total.plus(wave.estimatedDuration());
    }
    return total;
  }

  /** The critical path: the longest chain of steps by estimated duration, first step first. */
  public List<String> criticalPath() {
    List<PipelineStep> steps = pipeline.steps();
    String[] names = new String[criticalPath.length];
    for (int k = 0; k < criticalPath.length; k++) {
      names[k] = steps.get(criticalPath[k]).name();
    }
    return List.of(names);
  }

  /** The length of the critical path: the shortest possible run with unlimited workers. */
  public Duration criticalPathDuration() {
    return Duration.ofNanos(criticalPathNanos);
  }

  /** Datasets no step produces, available from the start (see {@link Pipeline#externalSources()}). */
  public List<String> externalSources() {
    return pipeline.externalSources();
  }

  /**
   * The schedule of the step named {@code step}.
   *
   * @throws IllegalArgumentException if the pipeline has no such step
   */
  public StepTiming timing(String step) {
    return timing(indexOf(step));
  }

  /** The schedule of every step, in definition order. */
  public List<StepTiming> timings() {
    List<StepTiming> result = new ArrayList<>(duration.length);
    for (int i = 0; i < duration.length; i++) {
      result.add(timing(i));
    }
    return Collections.unmodifiableList(result);
  }

  private StepTiming timing(int i) {
    long latestStart = criticalPathNanos - tail[i];
    return new StepTiming(
        pipeline.steps().get(i).name(),
        level[i] + 1,
        Duration.ofNanos(duration[i]),
        Duration.ofNanos(earliestStart[i]),
        Duration.ofNanos(earliestStart[i] + duration[i]),
        Duration.ofNanos(latestStart),
        Duration.ofNanos(latestStart + duration[i]),
        Duration.ofNanos(latestStart - earliestStart[i]));
  }

  /** The 1-based wave of the step named {@code step}. */
  public int waveOf(String step) {
    return level[indexOf(step)] + 1;
  }

  /** What the step named {@code step} waits for, in definition order of its fields. */
  public List<Dependency> dependenciesOf(String step) {
    int i = indexOf(step);
    DependencyGraph graph = pipeline.graph();
    List<PipelineStep> steps = pipeline.steps();
    List<Dependency> result = new ArrayList<>(graph.inDegree(i));
    for (int e = graph.predecessorStart(i); e < graph.predecessorEnd(i); e++) {
      result.add(
          new Dependency(
              steps.get(graph.predecessorAt(e)).name(),
              step,
              Optional.ofNullable(graph.viaAt(e))));
    }
    return result;
  }

  /** Every dependency of the plan, grouped by the waiting step in definition order. */
  public List<Dependency> dependencies() {
    List<Dependency> result = new ArrayList<>(pipeline.graph().edgeCount());
    for (PipelineStep step : pipeline.steps()) {
      result.addAll(dependenciesOf(step.name()));
    }
    return result;
  }

  /** The names of the steps that wait directly for the step named {@code step}. */
  public List<String> dependentsOf(String step) {
    int i = indexOf(step);
    DependencyGraph graph = pipeline.graph();
    List<String> result = new ArrayList<>(graph.successorEnd(i) - graph.successorStart(i));
    for (int e = graph.successorStart(i); e < graph.successorEnd(i); e++) {
      result.add(pipeline.steps().get(graph.successorAt(e)).name());
    }
    return result;
  }

  /**
   * A fingerprint of what the plan does: a hash of every step's name, type, inputs, outputs,
   * explicit dependencies, {@linkplain PipelineStep#params() settings} and {@linkplain
   * PipelineStep#version() version}, in definition order. It changes when a step is added,
   * removed, renamed, rewired, or given other settings or another version, and not when
   * estimates, retry policies, timeouts, fallbacks or resource tags change, so a run can be
   * resumed after tuning but not after what it computes changed. A step's action (its code) is
   * not seen: give the step a version to say it changed. 32 lowercase hex characters.
   */
  public String fingerprint() {
    String result = fingerprint;
    if (result == null) {
      result = computeFingerprint();
      fingerprint = result;
    }
    return result;
  }

  /**
   * The fingerprint of one step (name, type, inputs, outputs, explicit dependencies, settings,
   * version; see {@link #fingerprint()}): 16 lowercase hex characters. A resume compares them to
   * say which steps changed.
   *
   * @throws IllegalArgumentException if the pipeline has no such step
   */
  public String stepFingerprint(String step) {
    return stepFingerprints()[indexOf(step)];
  }

  private String[] stepFingerprints() {
    String[] result = stepFingerprints;
    if (result == null) {
      List<PipelineStep> steps = pipeline.steps();
      result = new String[steps.size()];
      java.security.MessageDigest digest = sha256();
      for (int i = 0; i < result.length; i++) {
        digest.reset();
        digest.update(canonical(steps.get(i)));
        result[i] = hex(digest.digest(), 8);
      }
      stepFingerprints = result;
    }
    return result;
  }

  private String computeFingerprint() {
    java.security.MessageDigest digest = sha256();
    for (PipelineStep step : pipeline.steps()) {
      digest.update(canonical(step));
    }
    return hex(digest.digest(), 16);
  }

  private static byte[] canonical(PipelineStep step) {
    StringBuilder text = new StringBuilder();
    text.append(step.name()).append('\0').append(step.type()).append('\0');
    step.inputs().forEach(d -> text.append(d).append('\1'));
    text.append('\0');
    step.outputs().forEach(d -> text.append(d).append('\1'));
    text.append('\0');
    step.dependsOn().forEach(d -> text.append(d).append('\1'));
    text.append('\2');
    // Settings and version only when a step has them, so that a step without either keeps the
    // fingerprint earlier versions recorded (and its runs stay resumable).
    if (!step.params().isEmpty()) {
      text.append('\3').append(new String(io.etlorchestrator.core.internal.StepParams.canonical(step.params()), java.nio.charset.StandardCharsets.UTF_8));
    }
    step.version().ifPresent(v -> text.append('\4').append(v));
    return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static String hex(byte[] hash, int bytes) {
    StringBuilder hex = new StringBuilder(bytes * 2);
    for (int k = 0; k < bytes; k++) {
      hex.append(Character.forDigit((hash[k] >> 4) & 0xf, 16))
          .append(Character.forDigit(hash[k] & 0xf, 16));
    }
    return hex.toString();
  }

  /** Step name to {@link #stepFingerprint(String)}, in definition order. */
  java.util.Map<String, String> stepFingerprintMap() {
    java.util.Map<String, String> result = stepFingerprintMap;
    if (result == null) {
      String[] prints = stepFingerprints();
      java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
      for (int i = 0; i < prints.length; i++) {
        map.put(pipeline.steps().get(i).name(), prints[i]);
      }
      result = io.etlorchestrator.core.internal.FrozenMap.copyOf(map);
      stepFingerprintMap = result;
    }
    return result;
  }

  /** The steps' run-time attributes in flat arrays, for the executor. */
  StepTable stepTable() {
    StepTable result = stepTable;
    if (result == null) {
      result = new StepTable(this);
      stepTable = result;
    }
    return result;
  }

  /** Every step PENDING, in definition order: the steps of a run that has not started. */
  List<StepRun> pendingSteps() {
    List<StepRun> result = pendingSteps;
    if (result == null) {
      List<StepRun> pending = new java.util.ArrayList<>(pipeline.steps().size());
      for (PipelineStep step : pipeline.steps()) {
        pending.add(StepRun.pending(step.name()));
      }
      result = List.copyOf(pending);
      pendingSteps = result;
    }
    return result;
  }

  /** The dependency graph, for the executor. */
  DependencyGraph graph() {
    return pipeline.graph();
  }

  /**
   * The longest chain of estimates from the start of step {@code i} (definition index) to the end
   * of the run, in nanoseconds; the executor starts ready steps with the longest first.
   */
  long remainingCriticalPathNanos(int i) {
    return tail[i];
  }

  private int indexOf(String step) {
    Checks.notNull(step, "step");
    return pipeline
        .indexOf(step)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    String.format("pipeline '%s' has no step '%s'", pipeline.name(), step)));
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof ExecutionPlan && pipeline.equals(((ExecutionPlan) o).pipeline));
  }

  @Override
  public int hashCode() {
    return pipeline.hashCode();
  }

  @Override
  public String toString() {
    return String.format(
        "ExecutionPlan[%s, %d steps, %d waves, critical path %s]",
        pipeline.name(), duration.length, waves.size(), criticalPathDuration());
  }
}
