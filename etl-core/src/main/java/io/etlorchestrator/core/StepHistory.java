package io.etlorchestrator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How one step fared in one past run: for estimates from history and drift checks.
 *
 * @param runId the run
 * @param runStartedAt when that run started
 * @param status the step's status in that run
 * @param attempts attempts made
 * @param duration how long its last attempt took, if it ran
 * @param rows rows it reported
 */
public record StepHistory(
    String runId,
    Instant runStartedAt,
    StepStatus status,
    int attempts,
    Optional<Duration> duration,
    long rows) {}
