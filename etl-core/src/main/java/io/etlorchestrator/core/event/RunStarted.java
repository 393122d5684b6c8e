package io.etlorchestrator.core.event;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.PipelineRun;
import java.time.Instant;
import java.util.Map;

/**
 * A run has started; no step has started yet. Always the first event of a run.
 *
 * @param runId the run's id
 * @param plan the plan being executed
 * @param params the run's parameters
 * @param at when the run started (or was resumed)
 * @param state the run's state as it starts: every step PENDING, or, for a resumed run, the
 *     steps that already succeeded as SUCCESS
 */
public record RunStarted(
    String runId, ExecutionPlan plan, Map<String, String> params, Instant at, PipelineRun state) {

  /** Whether this start resumes an earlier run. */
  public boolean resumed() {
    return !state.resumedAt().isEmpty();
  }
}
