package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import java.time.Instant;

/**
 * One failed attempt of a step, as a run keeps it (in its checkpoint too, so that a resumed run's
 * report still shows the attempts before the resume).
 *
 * @param attempt the attempt's number (from 1, over the life of the run)
 * @param at when it failed
 * @param error {@code ExceptionClass: message}, on one line
 * @param trace where it failed: the exception's frames down to the executor's, its causes with
 *     theirs, each cut short (empty when not known, as for a hand-written checkpoint)
 */
public record AttemptFailure(int attempt, Instant at, String error, String trace) {
  /** Checks. */
  public AttemptFailure {
    Checks.argument(attempt >= 1, "attempt must be at least 1, was %s", attempt);
    Checks.notNull(at, "at");
    Checks.notNull(error, "error");
    Checks.notNull(trace, "trace");
  }
}
