package io.etlorchestrator.core.event;

import io.etlorchestrator.core.PipelineRun;

/**
 * A run has finished: every step is in a terminal state and no attempt is running. Always the last
 * event of a run.
 *
 * @param run the run's final state
 */
public record RunFinished(PipelineRun run) {}
