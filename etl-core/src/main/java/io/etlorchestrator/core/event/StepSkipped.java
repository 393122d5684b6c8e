package io.etlorchestrator.core.event;

import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepRun;
import java.time.Instant;

/**
 * A step will not run (terminal): a dependency failed, or the run was failed or cancelled before
 * the step could start.
 *
 * @param runId the run's id
 * @param step the step
 * @param reason why, for people: {@code upstream step 'extract_orders' failed}
 * @param at when it was decided
 * @param state the step's state after this event, as a checkpoint records it
 */
public record StepSkipped(
    String runId, PipelineStep step, String reason, Instant at, StepRun state) {}
