package io.etlorchestrator.failsafe.internal;

import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * What an ended attempt says about its source: it served the attempt, it failed it, or nothing
 * (the run stopped the attempt). The rule is the one documented on {@code FailsafeAttemptPolicy}.
 * Internal: not part of the public API.
 */
public enum AttemptOutcome {
  /** The action returned normally. */
  SUCCEEDED,
  /** The action failed or ran out of time: a failure of the source. */
  FAILED,
  /** The run stopped the attempt: nothing is known about the source. */
  CANCELLED;

  /** Causes followed at most; a chain longer than this is a failure. */
  private static final int MAX_CAUSES = 32;

  /**
   * The outcome of an attempt that ended with {@code failure} (null for a success), as the core
   * executor reports it: a {@link TimeoutException} of its own for an attempt that ran out of
   * time, a {@link CancellationException} for an admitted attempt the run stopped before it
   * began, and the action's own exception for an attempt the run's stop interrupted.
   */
  public static AttemptOutcome of(Throwable failure) {
    if (failure == null) {
      return SUCCEEDED;
    }
    if (failure instanceof TimeoutException) {
      // Checked first: a timeout interrupts the action too, and a cause it may one day carry
      // must not turn it into a cancellation.
      return FAILED;
    }
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      if (cause instanceof CancellationException
          || cause instanceof InterruptedException
          || cause instanceof ClosedByInterruptException) {
        return CANCELLED;
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    return FAILED;
  }
}
