package io.etlorchestrator.core;

import java.util.Map;
import java.util.Set;

/**
 * What a {@link StepAction} knows about the attempt it is running, and where it reports results.
 *
 * <p>One context belongs to one attempt of one step. Its reporting methods may be called from the
 * thread running the action and from threads the action starts itself; they are thread-safe.
 */
public interface StepContext {
  /** The id of the run this attempt belongs to. */
  String runId();

  /** The step being run. */
  PipelineStep step();

  /** The attempt number, starting at 1 (and continuing across a resume). */
  int attempt();

  /** The run's parameters, as given to the executor (for example {@code date=2024-01-15}). */
  Map<String, String> params();

  /** The datasets this step reads (its {@link PipelineStep#inputs()}). */
  default Set<String> inputs() {
    return step().inputs();
  }

  /** The datasets this step writes (its {@link PipelineStep#outputs()}). */
  default Set<String> outputs() {
    return step().outputs();
  }

  /**
   * Adds {@code rows} to the number of rows this attempt processed. The run report shows the sum
   * for the successful attempt, and the run totals it over all steps.
   *
   * @throws IllegalArgumentException if {@code rows} is negative
   */
  void reportRows(long rows);

  /** Records a named metric of this attempt (bytes written, files read...); the last value wins. */
  void metric(String name, double value);

  /**
   * Reports a profile of a dataset this attempt wrote, for its checks and the run's history: for
   * datasets no profiler reads (an API, a queue), or to spare the profiler a pass over data the
   * step has just counted. The last one reported for a dataset wins.
   *
   * <p>The default implementation refuses the profile, so that a context written for a test (or
   * one a custom executor hands out) never drops it silently; the executor's own contexts keep it.
   *
   * @throws UnsupportedOperationException if this context does not keep profiles
   */
  default void reportProfile(io.etlorchestrator.core.quality.DatasetProfile profile) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not keep dataset profiles (reported for "
            + profile.dataset() + ")");
  }

  /**
   * True once this attempt should stop: it timed out, the run was cancelled, or a failing step
   * failed the pipeline. The executor also interrupts the thread running the action.
   */
  boolean isCancelled();
}
