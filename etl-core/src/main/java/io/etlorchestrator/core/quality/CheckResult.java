package io.etlorchestrator.core.quality;

import io.etlorchestrator.core.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * How one check of one attempt came out, as events carry it, checkpoints record it and reports
 * show it.
 *
 * @param check the check's name
 * @param kind its kind
 * @param dataset the dataset checked
 * @param severity its severity
 * @param outcome pass, warn (a warn check that did not pass), fail (an error check that did not
 *     pass) or error (the check could not run)
 * @param attempt the step's attempt it checked
 * @param at when it finished
 * @param observed what it saw, if it says
 * @param expected what it wanted, if it says
 * @param baseline what it compared with, if it did
 * @param message one line for people
 */
public record CheckResult(
    String check,
    String kind,
    String dataset,
    CheckSeverity severity,
    CheckOutcome outcome,
    int attempt,
    Instant at,
    Optional<String> observed,
    Optional<String> expected,
    Optional<String> baseline,
    String message) {

  /** Checks. */
  public CheckResult {
    Checks.notNull(check, "check");
    Checks.notNull(kind, "kind");
    Checks.notNull(dataset, "dataset");
    Checks.notNull(severity, "severity");
    Checks.notNull(outcome, "outcome");
    Checks.notNull(at, "at");
    Checks.notNull(observed, "observed");
    Checks.notNull(expected, "expected");
    Checks.notNull(baseline, "baseline");
    Checks.notNull(message, "message");
  }

  /** Whether the result stops its step: a check of severity error that failed or could not run. */
  public boolean blocks() {
    return severity == CheckSeverity.ERROR
        && (outcome == CheckOutcome.FAIL || outcome == CheckOutcome.ERROR);
  }
}
