package io.etlorchestrator.core.event;

/**
 * Receives every state change of a run, in an order a listener can rely on:
 *
 * <ul>
 *   <li>{@link #onRunStarted} first and {@link #onRunFinished} last;
 *   <li>for each step: {@link #onStepStarted} for every attempt, {@link #onRetryScheduled} between
 *       attempts, and exactly one terminal event ({@link #onStepSucceeded}, {@link #onStepFailed},
 *       {@link #onStepSkipped} or {@link #onStepCancelled}) after its last start;
 *   <li>a step's {@link #onStepStarted} comes after the terminal event of every step it depends
 *       on.
 * </ul>
 *
 * <p>Events of one run are delivered one at a time (never concurrently), from the executor's
 * threads, while the run's state is locked: keep listeners fast, and never call back into the
 * run's handle from one. A listener that throws fails the run: the executor treats it as a
 * failure it must not hide (a checkpoint that was not written, for example), stops starting steps,
 * cancels the running ones and ends the run {@link io.etlorchestrator.core.RunStatus#FAILED}.
 *
 * <p>Every method does nothing by default, so a listener implements only what it needs.
 */
public interface RunListener {
  /** The run started. */
  default void onRunStarted(RunStarted event) {}

  /** An attempt of a step started. */
  default void onStepStarted(StepStarted event) {}

  /** An attempt failed and the next one is scheduled. */
  default void onRetryScheduled(RetryScheduled event) {}

  /** The attempt policy rejected an attempt without running the step (e.g. an open circuit). */
  default void onAttemptRejected(AttemptRejected event) {}

  /** A check of an attempt came out (data quality); see {@link CheckCompleted}. */
  default void onCheckCompleted(CheckCompleted event) {}

  /** A step succeeded. */
  default void onStepSucceeded(StepSucceeded event) {}

  /** A step failed after its last attempt. */
  default void onStepFailed(StepFailed event) {}

  /** A step was skipped. */
  default void onStepSkipped(StepSkipped event) {}

  /** A started step was cancelled. */
  default void onStepCancelled(StepCancelled event) {}

  /** The run finished. */
  default void onRunFinished(RunFinished event) {}
}
