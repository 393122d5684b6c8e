package io.etlorchestrator.core.event;

import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepRun;
import java.time.Instant;

/**
 * The {@linkplain io.etlorchestrator.core.spi.AttemptPolicy attempt policy} rejected an attempt
 * (an open circuit breaker, a full bulkhead): the step's action did not run, and the attempt
 * counts as failed. A {@link RetryScheduled} or {@link StepFailed} event follows.
 *
 * @param runId the run's id
 * @param step the step
 * @param attempt the number of the rejected attempt
 * @param reason why it was rejected; its message says so
 * @param at when
 * @param state the step's state after this event
 */
public record AttemptRejected(
    String runId, PipelineStep step, int attempt, RuntimeException reason, Instant at, StepRun state) {}
