package io.etlorchestrator.core;

import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.RunStarted;
import io.etlorchestrator.core.event.StepCancelled;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.event.StepSkipped;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.event.StepSucceeded;
import io.etlorchestrator.core.spi.RunJournal;
import java.util.concurrent.CompletableFuture;

/**
 * Checkpointing as a listener: every state change of the run goes into the run's journal, and the
 * final state is made durable (and the run's lock released) by {@link #finish}. The executor
 * waits for {@link #commit()} before it starts the dependents of a step that succeeded. Any
 * failure to record throws, which fails the run.
 */
final class CheckpointListener implements RunListener {
  private final RunJournal journal;

  CheckpointListener(RunJournal journal) {
    this.journal = journal;
  }

  /** Completes when everything recorded so far is durable. */
  CompletableFuture<Void> commit() {
    return journal.commit();
  }

  /** Closes the journal without a final record (the run never started). */
  void abandon() {
    journal.close();
  }

  @Override
  public void onRunStarted(RunStarted event) {
    journal.recordRun(event.state());
  }

  @Override
  public void onStepStarted(StepStarted event) {
    journal.recordStep(event.state());
  }

  @Override
  public void onRetryScheduled(RetryScheduled event) {
    journal.recordStep(event.state());
  }

  @Override
  public void onStepSucceeded(StepSucceeded event) {
    journal.recordStep(event.state());
  }

  @Override
  public void onStepFailed(StepFailed event) {
    journal.recordStep(event.state());
  }

  @Override
  public void onStepSkipped(StepSkipped event) {
    journal.recordStep(event.state());
  }

  @Override
  public void onStepCancelled(StepCancelled event) {
    journal.recordStep(event.state());
  }

  /**
   * Records the run's final state, makes it durable and releases the run's lock; the lock is
   * released even if the record fails. The executor calls this before any other listener hears
   * that the run finished.
   */
  void finish(PipelineRun run) {
    try {
      journal.recordRun(run);
    } finally {
      journal.close();
    }
  }

  @Override
  public String toString() {
    return "checkpoint of run " + journal.runId();
  }
}
