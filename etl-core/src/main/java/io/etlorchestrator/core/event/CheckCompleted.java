package io.etlorchestrator.core.event;

import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.quality.CheckResult;

/**
 * A check of a step's attempt came out (whatever the outcome): delivered after the attempt's
 * action returned (for a check on an input, before it ran) and before the step's next event
 * (succeeded, retry scheduled, failed), so its dependents start only after every check was heard.
 *
 * @param runId the run's id
 * @param step the step
 * @param result how the check came out
 */
public record CheckCompleted(String runId, PipelineStep step, CheckResult result) {}
