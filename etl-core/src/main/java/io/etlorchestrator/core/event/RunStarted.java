package io.etlorchestrator.core.event;

import io.etlorchestrator.core.ExecutionPlan;
import java.time.Instant;
import java.util.Map;

/**
 * A run has started; no step has started yet. Always the first event of a run.
 *
 * @param runId the run's id
 * @param plan the plan being executed
 * @param params the run's parameters
 * @param at when the run started
 */
public record RunStarted(String runId, ExecutionPlan plan, Map<String, String> params, Instant at) {}
