package io.etlorchestrator.core.event;

import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepRun;
import java.time.Instant;

/**
 * An attempt of a step has started (the step is now RUNNING).
 *
 * @param runId the run's id
 * @param step the step
 * @param attempt the attempt number, from 1
 * @param at when the attempt started
 * @param state the step's state after this event, as a checkpoint records it
 */
public record StepStarted(String runId, PipelineStep step, int attempt, Instant at, StepRun state) {}
