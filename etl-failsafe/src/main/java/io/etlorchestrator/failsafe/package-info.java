/**
 * Resilience policies backed by <a href="https://failsafe.dev">Failsafe</a>: {@link
 * io.etlorchestrator.failsafe.FailsafeAttemptPolicy} plugs Failsafe's retry policies, circuit
 * breakers, rate limiters and bulkheads, and a timeout per attempt, into the core executor's
 * {@link io.etlorchestrator.core.spi.AttemptPolicy}. {@link
 * io.etlorchestrator.failsafe.FailsafeRetries} maps the core's {@code RetryPolicy} onto Failsafe's.
 */
package io.etlorchestrator.failsafe;
