package io.etlorchestrator.core.event;

import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepRun;
import java.time.Instant;

/**
 * A step that had started was stopped (terminal) because the run was cancelled or failed: its
 * running attempt was interrupted, or its pending retry was dropped.
 *
 * @param runId the run's id
 * @param step the step
 * @param attempts how many attempts had started
 * @param reason why, for people
 * @param at when the step stopped
 * @param state the step's state after this event, as a checkpoint records it
 */
public record StepCancelled(
    String runId, PipelineStep step, int attempts, String reason, Instant at, StepRun state) {}
