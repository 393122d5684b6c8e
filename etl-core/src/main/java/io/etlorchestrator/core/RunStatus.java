package io.etlorchestrator.core;

/**
 * The status of a whole run, ordered from best to worst so that combining statuses is {@link
 * #max(RunStatus)} (as Spring Batch's {@code BatchStatus}).
 */
public enum RunStatus {
  /** Every step succeeded. Shown as a green circle in reports. */
  SUCCESS,
  /**
   * The run went to the end, but at least one step failed with the {@link
   * Fallback#ALERT_AND_CONTINUE} fallback. Shown as a yellow circle in reports.
   */
  COMPLETED_WITH_FAILURES,
  /** Still running (only seen on a run's checkpoint or while it executes). */
  RUNNING,
  /** At least one step failed with {@link Fallback#SKIP_DOWNSTREAM} or {@link Fallback#FAIL_PIPELINE}. */
  FAILED,
  /** The run was cancelled by its caller. */
  CANCELLED;

  /** The worse of this status and {@code other}. */
  public RunStatus max(RunStatus other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** Whether the run is over. */
  public boolean isFinished() {
    return this != RUNNING;
  }
}
