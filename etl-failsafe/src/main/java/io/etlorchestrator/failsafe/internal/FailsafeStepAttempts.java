package io.etlorchestrator.failsafe.internal;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Execution;
import dev.failsafe.RateLimiter;
import io.etlorchestrator.core.spi.Admission;
import io.etlorchestrator.core.spi.StepAttempts;
import io.etlorchestrator.failsafe.CircuitOpenException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one step in one run under Failsafe: a standalone Failsafe {@link Execution} of
 * the step's retry policy decides retries and delays; the shared breakers, limiters and bulkheads
 * are asked without blocking before each attempt. Internal: not part of the public API.
 */
public final class FailsafeStepAttempts implements StepAttempts {
  private static final Logger log = LoggerFactory.getLogger(FailsafeStepAttempts.class);

  private final String step;
  private final Execution<Object> execution;
  private final Map<String, CircuitBreaker<Object>> breakers;
  private final Map<String, RateLimiter<Object>> limiters;
  private final Map<String, Bulkhead<Object>> bulkheads;
  private final Optional<Duration> attemptTimeout;
  private final Duration bulkheadRecheck;

  // Called under the run's lock, one call at a time per step.
  private final Set<String> reserved = new HashSet<>();
  private final List<Bulkhead<Object>> held = new ArrayList<>();
  private final List<CircuitBreaker<Object>> admittedBy = new ArrayList<>();

  public FailsafeStepAttempts(
      String step,
      dev.failsafe.RetryPolicy<Object> retry,
      Map<String, CircuitBreaker<Object>> breakers,
      Map<String, RateLimiter<Object>> limiters,
      Map<String, Bulkhead<Object>> bulkheads,
      Optional<Duration> attemptTimeout,
      Duration bulkheadRecheck) {
    this.step = step;
    this.execution = Execution.of(retry);
    this.breakers = breakers;
    this.limiters = limiters;
    this.bulkheads = bulkheads;
    this.attemptTimeout = attemptTimeout;
    this.bulkheadRecheck = bulkheadRecheck;
  }

  @Override
  public Admission admit(int attempt) {
    // Rate limits first: a permit is reserved once and the attempt waits for its turn.
    Duration wait = Duration.ZERO;
    for (Map.Entry<String, RateLimiter<Object>> limiter : limiters.entrySet()) {
      if (reserved.add(limiter.getKey())) {
        Duration turn = limiter.getValue().reservePermit();
        if (turn.compareTo(wait) > 0) {
          wait = turn;
        }
      }
    }
    if (!wait.isZero()) {
      log.debug("step '{}' attempt {} waits {} for its rate limit", step, attempt, wait);
      return Admission.delay(wait);
    }
    for (Bulkhead<Object> bulkhead : bulkheads.values()) {
      if (!bulkhead.tryAcquirePermit()) {
        releaseBulkheads();
        return Admission.delay(bulkheadRecheck);
      }
      held.add(bulkhead);
    }
    for (Map.Entry<String, CircuitBreaker<Object>> entry : breakers.entrySet()) {
      CircuitBreaker<Object> breaker = entry.getValue();
      if (!breaker.tryAcquirePermit()) {
        releaseBulkheads();
        admittedBy.clear();
        reserved.clear(); // the next attempt takes its own turn
        return Admission.reject(
            new CircuitOpenException(entry.getKey(), breaker.getFailureCount(), breaker.getRemainingDelay()));
      }
      admittedBy.add(breaker);
    }
    reserved.clear();
    return Admission.proceed();
  }

  @Override
  public Optional<Duration> timeout(int attempt) {
    return attemptTimeout;
  }

  @Override
  public void ended(int attempt, Throwable failure) {
    releaseBulkheads();
    if (!(failure instanceof CancellationException)) {
      for (CircuitBreaker<Object> breaker : admittedBy) {
        if (failure == null) {
          breaker.recordSuccess();
        } else {
          breaker.recordFailure();
        }
      }
    }
    admittedBy.clear();
  }

  @Override
  public Optional<Duration> retryDelay(int made, Throwable failure, RandomGenerator random) {
    execution.recordException(failure);
    if (execution.isComplete()) {
      return Optional.empty();
    }
    return Optional.of(execution.getDelay());
  }

  private void releaseBulkheads() {
    for (Bulkhead<Object> bulkhead : held) {
      bulkhead.releasePermit();
    }
    held.clear();
  }
}
