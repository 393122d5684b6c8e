package io.etlorchestrator.core.event;

import io.etlorchestrator.core.PipelineStep;
import java.time.Duration;
import io.etlorchestrator.core.StepRun;
import java.time.Instant;
import java.util.Map;

/**
 * A step succeeded (terminal). Its dependents may start after this event has been delivered to
 * every listener.
 *
 * @param runId the run's id
 * @param step the step
 * @param attempt the attempt that succeeded
 * @param rows rows the attempt reported
 * @param metrics named metrics the attempt reported
 * @param duration how long the successful attempt took
 * @param at when it finished
 * @param state the step's state after this event, as a checkpoint records it
 */
public record StepSucceeded(
    String runId,
    PipelineStep step,
    int attempt,
    long rows,
    Map<String, Double> metrics,
    Duration duration,
    Instant at,
    StepRun state) {}
