package io.etlorchestrator.core.event;

import io.etlorchestrator.core.PipelineStep;
import java.time.Duration;
import io.etlorchestrator.core.StepRun;
import java.time.Instant;

/**
 * An attempt of a step failed and another attempt will start after {@code delay} (the step is
 * PENDING meanwhile; no worker thread waits for it).
 *
 * @param runId the run's id
 * @param step the step
 * @param failedAttempt the number of the attempt that failed
 * @param delay how long until the next attempt
 * @param cause why the attempt failed
 * @param at when the attempt failed
 * @param state the step's state after this event, as a checkpoint records it
 */
public record RetryScheduled(
    String runId,
    PipelineStep step,
    int failedAttempt,
    Duration delay,
    Throwable cause,
    Instant at,
    StepRun state) {}
