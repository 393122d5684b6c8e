package io.etlorchestrator.failsafe.internal;

import dev.failsafe.Bulkhead;
import dev.failsafe.Execution;
import dev.failsafe.RateLimiter;
import io.etlorchestrator.core.spi.Admission;
import io.etlorchestrator.core.spi.StepAttempts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one step in one run under Failsafe: a standalone Failsafe {@link Execution} of
 * the step's retry policy decides retries and delays; the shared breakers, limiters and bulkheads
 * are asked without blocking before each attempt, and every permit an admitted attempt holds is
 * returned when it ends, whichever way it ends. Internal: not part of the public API.
 */
public final class FailsafeStepAttempts implements StepAttempts {
  private static final Logger log = LoggerFactory.getLogger(FailsafeStepAttempts.class);

  private final String step;
  private final Execution<Object> execution;
  private final Map<String, BreakerPermits> breakers;
  private final Map<String, RateLimiter<Object>> limiters;
  private final Map<String, Bulkhead<Object>> bulkheads;
  private final Optional<Duration> attemptTimeout;
  private final Duration bulkheadRecheck;

  // Called under the run's lock, one call at a time per step; a step has one attempt at a time.
  private final Set<String> reserved = new HashSet<>();
  /** What the admitted attempt {@link #heldBy} holds until it ends; null when none is admitted. */
  private Held held;
  private int heldBy;

  public FailsafeStepAttempts(
      String step,
      dev.failsafe.RetryPolicy<Object> retry,
      Map<String, BreakerPermits> breakers,
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

  /**
   * Rate limits first, then bulkheads, then breakers, so that a breaker's permit (a half-open
   * breaker's only trial, say) is taken only by an attempt that starts now. Whatever was taken
   * for an attempt that does not start is given back before this returns.
   */
  @Override
  public Admission admit(int attempt) {
    if (held != null) {
      // The executor admits a step's next attempt only after the last one ended; if it ever does
      // not, the permits must not be lost with the attempt that never ended.
      log.warn(
          "step '{}': attempt {} admitted while attempt {} had not ended; returning its permits",
          step, attempt, heldBy);
      Held stale = held;
      held = null;
      stale.end(AttemptOutcome.CANCELLED, null);
    }
    // A rate limit's permit is reserved once, and the attempt waits for its turn.
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
    Held taking = new Held();
    boolean admitted = false;
    try {
      for (Bulkhead<Object> bulkhead : bulkheads.values()) {
        if (!bulkhead.tryAcquirePermit()) {
          return Admission.delay(bulkheadRecheck);
        }
        taking.bulkheads.add(bulkhead);
      }
      for (BreakerPermits breaker : breakers.values()) {
        Optional<BreakerPermits.Permit> permit = breaker.tryAcquire();
        if (permit.isEmpty()) {
          reserved.clear(); // the next attempt takes its own turn
          return Admission.reject(breaker.refusal());
        }
        taking.breakers.add(breaker);
        taking.permits.add(permit.get());
      }
      admitted = true;
    } finally {
      if (!admitted) {
        taking.end(AttemptOutcome.CANCELLED, null);
      }
    }
    reserved.clear();
    held = taking;
    heldBy = attempt;
    return Admission.proceed();
  }

  @Override
  public Optional<Duration> timeout(int attempt) {
    return attemptTimeout;
  }

  /**
   * Returns the attempt's bulkhead permits, and records its result with its breakers, or, when
   * the run stopped it ({@link AttemptOutcome#CANCELLED}), returns their permits without one.
   */
  @Override
  public void ended(int attempt, Throwable failure) {
    if (held == null || heldBy != attempt) {
      log.warn(
          "step '{}': attempt {} ended, but {}; nothing to return",
          step, attempt, held == null ? "no attempt was admitted" : "attempt " + heldBy + " was admitted");
      return;
    }
    Held ending = held;
    held = null;
    ending.end(AttemptOutcome.of(failure), failure);
  }

  @Override
  public Optional<Duration> retryDelay(int made, Throwable failure, RandomGenerator random) {
    execution.recordException(failure);
    if (execution.isComplete()) {
      return Optional.empty();
    }
    return Optional.of(execution.getDelay());
  }

  /** The permits one attempt holds. */
  private static final class Held {
    final List<Bulkhead<Object>> bulkheads = new ArrayList<>();
    final List<BreakerPermits> breakers = new ArrayList<>();
    final List<BreakerPermits.Permit> permits = new ArrayList<>();

    /**
     * Returns every permit, recording {@code failure} (null for a success) with the breakers
     * unless the outcome is a cancellation. One that throws does not keep the others from being
     * returned; the first throwable is rethrown after all were.
     */
    void end(AttemptOutcome outcome, Throwable failure) {
      Throwable thrown = null;
      for (Bulkhead<Object> bulkhead : bulkheads) {
        try {
          bulkhead.releasePermit();
        } catch (RuntimeException | Error e) {
          thrown = keep(thrown, e);
        }
      }
      for (int k = 0; k < breakers.size(); k++) {
        try {
          if (outcome == AttemptOutcome.CANCELLED) {
            breakers.get(k).release(permits.get(k));
          } else {
            breakers.get(k).record(permits.get(k), failure);
          }
        } catch (RuntimeException | Error e) {
          thrown = keep(thrown, e);
        }
      }
      bulkheads.clear();
      breakers.clear();
      permits.clear();
      if (thrown instanceof RuntimeException e) {
        throw e;
      }
      if (thrown instanceof Error e) {
        throw e;
      }
    }

    private static Throwable keep(Throwable first, Throwable next) {
      if (first == null) {
        return next;
      }
      first.addSuppressed(next);
      return first;
    }
  }
}
