/**
 * Resilience policies (retry, circuit breaker, timeout, rate limiter, bulkhead) backed by
 * Failsafe. Not yet implemented: see the project's issues.
 */
package io.etlorchestrator.failsafe;
