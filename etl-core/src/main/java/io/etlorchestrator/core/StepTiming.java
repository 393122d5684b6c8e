package io.etlorchestrator.core;

import java.time.Duration;

/**
 * Where a step sits in the plan's schedule, from the estimated durations, with every dependency
 * starting its dependents at once (the critical path method). Times are offsets from the start of
 * the run.
 *
 * @param step the step's name
 * @param wave the 1-based wave the step is in
 * @param estimatedDuration the step's estimate
 * @param earliestStart the earliest the step can start: the longest chain of estimates before it
 * @param earliestFinish {@code earliestStart + estimatedDuration}
 * @param latestStart the latest the step can start without delaying the whole run
 * @param latestFinish {@code latestStart + estimatedDuration}
 * @param slack {@code latestStart - earliestStart}: how late the step may be; never negative,
 *     zero on the critical path
 */
public record StepTiming(
    String step,
    int wave,
    Duration estimatedDuration,
    Duration earliestStart,
    Duration earliestFinish,
    Duration latestStart,
    Duration latestFinish,
    Duration slack) {

  /** Whether the step has no slack, so any delay of it delays the run. */
  public boolean isCritical() {
    return slack.isZero();
  }
}
