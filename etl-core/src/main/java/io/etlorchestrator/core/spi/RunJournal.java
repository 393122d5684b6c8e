package io.etlorchestrator.core.spi;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepRun;
import java.util.concurrent.CompletableFuture;

/**
 * The open record of one run, holding the run's lock until {@link #close()}. The executor writes
 * through it: transitions are buffered by {@link #recordStep} and {@link #recordRun}, and made
 * durable together by {@link #commit()}, so one durable write can cover many transitions.
 *
 * <p>Thread-safe. Recording after {@link #close()} is an error.
 */
public interface RunJournal extends AutoCloseable {
  /** The run's id. */
  String runId();

  /** The run's state when the journal was opened (or created). */
  PipelineRun state();

  /** Buffers a step's new state; it becomes durable with the next commit. */
  void recordStep(StepRun step);

  /** Buffers the whole run's state (run status, resumes, every step). */
  void recordRun(PipelineRun run);

  /**
   * A future that completes once everything recorded so far is durable, or completes
   * exceptionally (with a {@link io.etlorchestrator.core.CheckpointException}) if it cannot be
   * made durable.
   */
  CompletableFuture<Void> commit();

  /**
   * Makes everything recorded durable and releases the run's lock.
   *
   * @throws io.etlorchestrator.core.CheckpointException if the last records cannot be made durable
   */
  @Override
  void close();
}
