package io.etlorchestrator.core.event;

import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepRun;
import java.time.Instant;

/**
 * The last attempt of a step failed (terminal); {@code fallback} now applies. With {@link
 * Fallback#ALERT_AND_CONTINUE} this is the event an alert is raised for.
 *
 * @param runId the run's id
 * @param step the step
 * @param attempts how many attempts were made
 * @param cause why the last attempt failed
 * @param fallback the fallback that applies
 * @param at when the last attempt failed
 * @param state the step's state after this event, as a checkpoint records it
 */
public record StepFailed(
    String runId,
    PipelineStep step,
    int attempts,
    Throwable cause,
    Fallback fallback,
    Instant at,
    StepRun state) {}
