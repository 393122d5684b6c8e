package io.etlorchestrator.yaml;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The resilience settings of a definition's {@code failure_policies}, as plain data for a module
 * that enforces them (such as {@code etl-failsafe}): circuit breakers, rate limiters and
 * bulkheads keyed by resource tag or source prefix, and a timeout for every attempt.
 *
 * <pre>{@code
 * failure_policies:
 *   circuit_breakers:
 *     postgres: {failure_threshold: 5, delay: 60s, success_threshold: 1}
 *   rate_limiters:
 *     postgres: {permits: 10, per: 1s}
 *   bulkheads:
 *     snowflake: {max_concurrent: 2}
 *   attempt_timeout: 10m
 * }</pre>
 *
 * @param circuitBreakers circuit breakers by key, in file order
 * @param rateLimiters rate limiters by key, in file order
 * @param bulkheads bulkheads by key, in file order
 * @param attemptTimeout the longest any attempt may take, if set
 */
public record ResilienceDefinition(
    Map<String, CircuitBreaker> circuitBreakers,
    Map<String, RateLimiter> rateLimiters,
    Map<String, Bulkhead> bulkheads,
    Optional<Duration> attemptTimeout) {

  /** No resilience settings. */
  public static final ResilienceDefinition NONE =
      new ResilienceDefinition(Map.of(), Map.of(), Map.of(), Optional.empty());

  /** Checks for nulls and copies, keeping the order. */
  public ResilienceDefinition {
    circuitBreakers = copy(circuitBreakers);
    rateLimiters = copy(rateLimiters);
    bulkheads = copy(bulkheads);
    Objects.requireNonNull(attemptTimeout, "attemptTimeout must not be null");
  }

  private static <V> Map<String, V> copy(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(map)));
  }

  /**
   * The blocks set, as {@code Pipeline.declarations()} names them: {@code
   * failure_policies.circuit_breakers}, {@code .rate_limiters}, {@code .bulkheads}, {@code
   * .attempt_timeout}, in that order.
   */
  public java.util.List<String> blocks() {
    java.util.List<String> blocks = new java.util.ArrayList<>();
    if (!circuitBreakers.isEmpty()) {
      blocks.add("failure_policies.circuit_breakers");
    }
    if (!rateLimiters.isEmpty()) {
      blocks.add("failure_policies.rate_limiters");
    }
    if (!bulkheads.isEmpty()) {
      blocks.add("failure_policies.bulkheads");
    }
    if (attemptTimeout.isPresent()) {
      blocks.add("failure_policies.attempt_timeout");
    }
    return blocks;
  }

  /** Whether nothing is set. */
  public boolean isEmpty() {
    return circuitBreakers.isEmpty()
        && rateLimiters.isEmpty()
        && bulkheads.isEmpty()
        && attemptTimeout.isEmpty();
  }

  /**
   * A circuit breaker: after {@code failureThreshold} failures in a row it opens, attempts fail
   * fast without running, and after {@code delay} it lets one through (half-open); {@code
   * successThreshold} successes close it again.
   */
  public record CircuitBreaker(int failureThreshold, Duration delay, int successThreshold) {}

  /** At most {@code permits} attempts start per {@code per}, spread evenly. */
  public record RateLimiter(long permits, Duration per) {}

  /** At most {@code maxConcurrent} attempts at once. */
  public record Bulkhead(int maxConcurrent) {}
}
