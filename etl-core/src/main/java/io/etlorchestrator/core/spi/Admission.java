package io.etlorchestrator.core.spi;

import io.etlorchestrator.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link StepAttempts#admit} decision: start the attempt now, ask again after a delay (a rate
 * limit, say), or reject it without running the step (an open circuit breaker, a full bulkhead).
 */
public final class Admission {
  private static final Admission PROCEED = new Admission(Duration.ZERO, null);

  private final Duration delay;
  private final RuntimeException rejection;

  private Admission(Duration delay, RuntimeException rejection) {
    this.delay = delay;
    this.rejection = rejection;
  }

  /** Start the attempt now. */
  public static Admission proceed() {
    return PROCEED;
  }

  /** Do not start it yet; ask again after {@code wait} (positive). No thread waits meanwhile. */
  public static Admission delay(Duration wait) {
    Checks.notNull(wait, "wait");
    Checks.argument(!wait.isNegative() && !wait.isZero(), "wait must be positive, got %s", wait);
    return new Admission(wait, null);
  }

  /**
   * Do not run the step: the attempt fails with {@code why} (whose message says why, e.g.
   * "circuit breaker 'postgres' is open"), and the retry decision follows as for any failure.
   */
  public static Admission reject(RuntimeException why) {
    return new Admission(Duration.ZERO, Objects.requireNonNull(why, "why"));
  }

  /** True to start the attempt now. */
  public boolean admitted() {
    return rejection == null && delay.isZero();
  }

  /** How long to wait before asking again, if the attempt was delayed. */
  public Optional<Duration> delay() {
    return delay.isZero() ? Optional.empty() : Optional.of(delay);
  }

  /** Why the attempt was rejected, if it was. */
  public Optional<RuntimeException> rejection() {
    return Optional.ofNullable(rejection);
  }

  @Override
  public String toString() {
    return rejection != null
        ? "reject(" + rejection.getMessage() + ")"
        : delay.isZero() ? "proceed" : "delay(" + delay + ")";
  }
}
