package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.FrozenMap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of one run of a pipeline (the seed's {@code PipelineRun}): what the executor returns
 * when a run finishes, and what listeners see at its end.
 *
 * @param runId the run's id, such as {@code run_20240115_100000_k3f9}
 * @param pipeline the pipeline's name
 * @param planFingerprint {@link ExecutionPlan#fingerprint()} of the plan that ran
 * @param startedAt when the run started
 * @param finishedAt when it finished, if it has
 * @param status the run's status
 * @param params the run's parameters
 * @param steps every step's state, in definition order
 * @param resumedAt when the run was resumed, oldest first (empty if it never was)
 * @param stepFingerprints step name to {@link ExecutionPlan#stepFingerprint(String)}, so that a
 *     resume can tell which steps changed (empty when unknown)
 * @param reason why a finished run ended as it did, when it stopped early or its end could not be
 *     recorded: {@code pipeline failed: step 'transform_orders' failed}, {@code run cancelled},
 *     {@code checkpoint failed: ...}, {@code listener ... failed: ...}; empty for a run that went to
 *     its end (its steps say how each fared)
 */
public record PipelineRun(
    String runId,
    String pipeline,
    String planFingerprint,
    Instant startedAt,
    Optional<Instant> finishedAt,
    RunStatus status,
    Map<String, String> params,
    List<StepRun> steps,
    List<Instant> resumedAt,
    Map<String, String> stepFingerprints,
    Optional<String> reason) {

  /** Checks and copies. */
  public PipelineRun {
    Checks.notNull(runId, "runId");
    Checks.notNull(pipeline, "pipeline");
    Checks.notNull(planFingerprint, "planFingerprint");
    Checks.notNull(startedAt, "startedAt");
    Checks.notNull(finishedAt, "finishedAt");
    Checks.notNull(status, "status");
    params = FrozenMap.copyOf(params);
    steps = List.copyOf(steps);
    resumedAt = List.copyOf(resumedAt);
    stepFingerprints = FrozenMap.copyOf(stepFingerprints);
    Checks.notNull(reason, "reason");
  }

  /** A run without a {@link #reason()}. */
  public PipelineRun(
      String runId,
      String pipeline,
      String planFingerprint,
      Instant startedAt,
      Optional<Instant> finishedAt,
      RunStatus status,
      Map<String, String> params,
      List<StepRun> steps,
      List<Instant> resumedAt,
      Map<String, String> stepFingerprints) {
    this(
        runId, pipeline, planFingerprint, startedAt, finishedAt, status, params, steps, resumedAt,
        stepFingerprints, Optional.empty());
  }

  /** A run that was never resumed and records no step fingerprints. */
  public PipelineRun(
      String runId,
      String pipeline,
      String planFingerprint,
      Instant startedAt,
      Optional<Instant> finishedAt,
      RunStatus status,
      Map<String, String> params,
      List<StepRun> steps) {
    this(runId, pipeline, planFingerprint, startedAt, finishedAt, status, params, steps, List.of(), Map.of());
  }

  /** How many times the run was resumed. */
  public int resumeCount() {
    return resumedAt.size();
  }

  /** A copy with {@code status}, {@code finishedAt} and {@code steps} replaced. */
  public PipelineRun with(RunStatus status, Optional<Instant> finishedAt, List<StepRun> steps) {
    return new PipelineRun(
        runId, pipeline, planFingerprint, startedAt, finishedAt, status, params, steps, resumedAt,
        stepFingerprints, reason);
  }

  /** The state of the step named {@code name}, if the run has it. */
  public Optional<StepRun> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Rows reported by all steps. */
  public long totalRows() {
    long total = 0;
    for (StepRun step : steps) {
      total += step.rows();
    }
    return total;
  }

  /** How many steps are in {@code status}. */
  public int count(StepStatus status) {
    int count = 0;
    for (StepRun step : steps) {
      if (step.status() == status) {
        count++;
      }
    }
    return count;
  }

  /** From start to finish, once finished. */
  public Optional<Duration> duration() {
    return finishedAt.map(end -> Duration.between(startedAt, end));
  }
}
