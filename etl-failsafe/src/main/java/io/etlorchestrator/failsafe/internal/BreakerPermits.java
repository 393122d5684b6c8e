package io.etlorchestrator.failsafe.internal;

import dev.failsafe.CircuitBreaker;
import io.etlorchestrator.failsafe.CircuitOpenException;
import java.util.Objects;
import java.util.Optional;

/**
 * The permits of one Failsafe circuit breaker as the attempts of every step and run it governs
 * take and return them. One per breaker and policy, shared by all runs; thread-safe.
 *
 * <p>Failsafe gives a permit back only with a result ({@code recordSuccess}, {@code
 * recordException}); its {@code CircuitBreaker} has no call to return one unused. Only a
 * half-open breaker counts permits (it lets so many trial attempts through), so a permit taken
 * while half-open by an attempt that then ended without a result (the run stopped it, or another
 * policy of its step refused it) is kept here as unused and handed to the next attempt that finds
 * the breaker half-open and out of permits: the trial the breaker waits for still happens, and
 * Failsafe's count comes right when that attempt records its result. Unused permits are forgotten
 * once the breaker leaves that half-open period, since Failsafe's next half-open period starts
 * with all its permits. The periods are told apart by watching the breaker's state around every
 * call made here; a breaker driven by hand or used by other code meanwhile (open, then half-open
 * again, between two attempts of ours) may let one more trial through than it is configured to.
 *
 * <p>Internal: not part of the public API.
 */
public final class BreakerPermits {
  /** The half-open period of a permit taken while the breaker was not half-open. */
  private static final long NO_PERIOD = -1;

  private final String key;
  private final CircuitBreaker<Object> breaker;

  // Guarded by this.
  private boolean halfOpen;
  private long period;
  private int unused;

  /** The permits of {@code breaker}, registered under {@code key}. */
  public BreakerPermits(String key, CircuitBreaker<Object> breaker) {
    this.key = Objects.requireNonNull(key, "key");
    this.breaker = Objects.requireNonNull(breaker, "breaker");
  }

  /** A permit held by one admitted attempt, until it is recorded or released. */
  public static final class Permit {
    private final long period;
    private boolean returned;

    private Permit(long period) {
      this.period = period;
    }
  }

  /** The breaker's key (a resource tag or source prefix). */
  public String key() {
    return key;
  }

  /** A permit for one attempt, or empty if the breaker lets no attempt through now. */
  public synchronized Optional<Permit> tryAcquire() {
    observe();
    if (breaker.tryAcquirePermit()) {
      observe(); // an open breaker whose delay is over went half-open to give this permit
      return Optional.of(new Permit(halfOpen ? period : NO_PERIOD));
    }
    observe();
    if (halfOpen && unused > 0) {
      unused--;
      return Optional.of(new Permit(period));
    }
    return Optional.empty();
  }

  /** Why {@link #tryAcquire} gave no permit: the breaker is open, or half-open with its trials in flight. */
  public CircuitOpenException refusal() {
    if (breaker.isHalfOpen()) {
      return CircuitOpenException.halfOpen(key);
    }
    return new CircuitOpenException(key, breaker.getFailureCount(), breaker.getRemainingDelay());
  }

  /**
   * Records the result of the attempt holding {@code permit}: a success when {@code failure} is
   * null, else {@code failure}, which the breaker's own failure conditions judge (by default
   * every exception is a failure). Failsafe returns the permit with the result.
   */
  public synchronized void record(Permit permit, Throwable failure) {
    if (!take(permit)) {
      return;
    }
    try {
      if (failure == null) {
        breaker.recordSuccess();
      } else {
        breaker.recordException(failure);
      }
    } finally {
      observe();
    }
  }

  /** Returns {@code permit} without a result: its attempt said nothing about the source. */
  public synchronized void release(Permit permit) {
    if (!take(permit)) {
      return;
    }
    observe();
    if (halfOpen && permit.period == period) {
      unused++;
    }
    // A permit taken while the breaker was closed, or in an earlier half-open period, holds
    // nothing Failsafe counts any more.
  }

  private static boolean take(Permit permit) {
    Objects.requireNonNull(permit, "permit");
    if (permit.returned) {
      return false;
    }
    permit.returned = true;
    return true;
  }

  /** Notes whether the breaker is half-open and whether a new half-open period began. */
  private void observe() {
    boolean now = breaker.isHalfOpen();
    if (!now) {
      unused = 0;
    } else if (!halfOpen) {
      period++;
      unused = 0;
    }
    halfOpen = now;
  }

  @Override
  public synchronized String toString() {
    return "circuit breaker '" + key + "' (" + breaker.getState() + (unused > 0 ? ", " + unused + " unused permits" : "") + ")";
  }
}
