package io.etlorchestrator.test.internal;

import java.util.function.Supplier;

/**
 * What goes wrong in the first {@code attempts} attempts of a step (by attempt number, so counting
 * goes on across a resume). Internal: not part of the public API.
 *
 * @param kind fail or hang
 * @param attempts how many attempts, from the first; {@link Integer#MAX_VALUE} for every one
 * @param failure what a failing attempt throws; null for an {@code InjectedFailure}
 * @param origin how the test asked for it, such as {@code failing("extract_orders", 2)}, for messages
 */
public record Fault(Kind kind, int attempts, Supplier<? extends Exception> failure, String origin) {
  /** How an attempt goes wrong. */
  public enum Kind {
    /** It throws. */
    FAIL,
    /** It blocks until interrupted: by the step's timeout, or the run's end. */
    HANG
  }

  /** Whether attempt number {@code attempt} goes wrong. */
  public boolean covers(int attempt) {
    return attempt <= attempts;
  }
}
