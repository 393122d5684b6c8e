package io.etlorchestrator.core;

/**
 * The state of one step in a run (the seed's {@code StepStatus}).
 *
 * <p>{@link #PENDING} and {@link #RUNNING} are transient; the others are terminal: a finished run
 * has every step in exactly one terminal state.
 */
public enum StepStatus {
  /** Not started yet (waiting for dependencies, a worker, or a retry). */
  PENDING,
  /** An attempt is running. */
  RUNNING,
  /** The step's action completed. */
  SUCCESS,
  /** The last attempt failed; the step's {@link Fallback} applied. */
  FAILED,
  /** Never run: a dependency failed or the pipeline was failed before the step could start. */
  SKIPPED,
  /** Stopped while running, because the run was cancelled or failed. */
  CANCELLED;

  /** Whether this status is final for the run. */
  public boolean isTerminal() {
    return this != PENDING && this != RUNNING;
  }
}
