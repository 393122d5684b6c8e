package io.etlorchestrator.core.quality;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A step's attempt failed because a check of severity error did not pass (or could not run). The
 * executor does not retry it, whatever the retry policy, unless every failing check allows a retry
 * ({@link Check#retry()}; {@link #retryable()}); then the retry policy decides as for any failure.
 * After that the step's fallback applies as for any failure.
 */
public class CheckFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<CheckResult> failed;
  private final boolean retryable;

  /** The attempt failed on {@code failed}, the blocking results; {@code retryable} as above. */
  public CheckFailedException(List<CheckResult> failed, boolean retryable) {
    // No stack trace: where the executor noticed the data was bad says nothing; the results do.
    super(message(failed), null, false, false);
    this.failed = List.copyOf(failed);
    this.retryable = retryable;
  }

  /** The results that failed the attempt. */
  public List<CheckResult> failed() {
    return failed;
  }

  /** Whether the attempt may be retried (every failing check allows it). */
  public boolean retryable() {
    return retryable;
  }

  private static String message(List<CheckResult> failed) {
    return failed.stream()
        .map(r -> String.format("check %s on %s %s: %s",
            r.check(), r.dataset(), r.outcome() == CheckOutcome.ERROR ? "could not run" : "failed", r.message()))
        .collect(Collectors.joining("; "));
  }
}
