package io.etlorchestrator.failsafe;

import java.time.Duration;

/**
 * An attempt was not made because the circuit breaker guarding its source is not closed: the
 * step's action did not run. Either the breaker is open (its message names the breaker, its
 * failures and when it lets an attempt through again), or it is half-open and the trial attempts
 * it lets through are all in flight (another is let through when one of them ends).
 */
public final class CircuitOpenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String breaker;
  private final transient Duration remainingDelay;
  private final boolean halfOpen;

  /**
   * An open breaker named {@code breaker} that has seen {@code failures} failures and stays open
   * for {@code remainingDelay}.
   */
  public CircuitOpenException(String breaker, long failures, Duration remainingDelay) {
    this(
        String.format(
            "circuit breaker '%s' is open (%d failure%s); next attempt allowed in %s",
            breaker,
            failures,
            failures == 1 ? "" : "s",
            describe(remainingDelay)),
        breaker,
        remainingDelay,
        false);
  }

  private CircuitOpenException(String message, String breaker, Duration remainingDelay, boolean halfOpen) {
    super(message);
    this.breaker = breaker;
    this.remainingDelay = remainingDelay;
    this.halfOpen = halfOpen;
  }

  /** A half-open breaker named {@code breaker} whose trial attempts are all in flight. */
  public static CircuitOpenException halfOpen(String breaker) {
    return new CircuitOpenException(
        String.format(
            "circuit breaker '%s' is half-open and its trial attempts are all in flight;"
                + " the next attempt is allowed when one of them ends",
            breaker),
        breaker,
        Duration.ZERO,
        true);
  }

  private static String describe(Duration d) {
    long millis = d.toMillis();
    return millis < 1000 ? millis + "ms" : (millis / 1000) + "s";
  }

  /** The key of the breaker (a resource tag or source prefix). */
  public String breaker() {
    return breaker;
  }

  /** How long the breaker stays open before letting an attempt through (zero when half-open). */
  public Duration remainingDelay() {
    return remainingDelay;
  }

  /** Whether the breaker was half-open (its trials in flight) rather than open. */
  public boolean isHalfOpen() {
    return halfOpen;
  }
}
