package io.etlorchestrator.failsafe;

import java.time.Duration;

/**
 * An attempt was not made because the circuit breaker guarding its source is open: the step's
 * action did not run. Its message names the breaker, its failures and when it lets an attempt
 * through again.
 */
public final class CircuitOpenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String breaker;
  private final transient Duration remainingDelay;

  /**
   * An open breaker named {@code breaker} that has seen {@code failures} failures and stays open
   * for {@code remainingDelay}.
   */
  public CircuitOpenException(String breaker, long failures, Duration remainingDelay) {
    super(
        String.format(
            "circuit breaker '%s' is open (%d failure%s); next attempt allowed in %s",
            breaker,
            failures,
            failures == 1 ? "" : "s",
            describe(remainingDelay)));
    this.breaker = breaker;
    this.remainingDelay = remainingDelay;
  }

  private static String describe(Duration d) {
    long millis = d.toMillis();
    return millis < 1000 ? millis + "ms" : (millis / 1000) + "s";
  }

  /** The key of the open breaker (a resource tag or source prefix). */
  public String breaker() {
    return breaker;
  }

  /** How long the breaker stays open before letting an attempt through. */
  public Duration remainingDelay() {
    return remainingDelay;
  }
}
