package io.etlorchestrator.core;

import java.util.concurrent.CompletableFuture;

/**
 * A run in progress, returned by {@link Executor#start(ExecutionPlan, RunOptions)}.
 *
 * <p>Thread-safe.
 */
public interface RunHandle {
  /** The run's id. */
  String runId();

  /**
   * The run's final state. Completes normally for every outcome, failed and cancelled runs
   * included (see {@link PipelineRun#status()}); it completes only after every attempt of the run
   * has returned, so no executor thread is still busy with the run. Cancelling this future does
   * not cancel the run: call {@link #cancel()}.
   */
  CompletableFuture<PipelineRun> result();

  /**
   * Cancels the run: nothing new starts, running attempts are interrupted and their steps end
   * CANCELLED (or SUCCESS, if the attempt returned normally anyway), steps that never started end
   * SKIPPED, and the run ends CANCELLED. Does nothing if the run has finished or is already
   * stopping. Returns at once; {@link #result()} completes when the interrupted attempts return.
   */
  void cancel();
}
