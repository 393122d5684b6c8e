package io.etlorchestrator.examples;

import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.StepCancelled;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.event.StepSkipped;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.event.StepSucceeded;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Prints a run's progress as it happens, one line per event: attempts, retries with their delay
 * and cause, successes with rows, failures with the fallback that applies (an {@code
 * alert_and_continue} failure is printed as the alert), skips and cancellations.
 */
final class ProgressPrinter implements RunListener {
  private final PrintWriter out;
  private volatile Instant start;

  ProgressPrinter(PrintWriter out) {
    this.out = out;
  }

  private void print(Instant at, String format, Object... args) {
    if (start == null) {
      start = at;
    }
    long millis = Math.max(0, Duration.between(start, at).toMillis());
    out.printf(Locale.ROOT, "  +%6.3fs  %s%n", millis / 1000.0, String.format(Locale.ROOT, format, args));
    out.flush();
  }

  @Override
  public void onStepStarted(StepStarted e) {
    print(e.at(), "%-18s attempt %d started", e.step().name(), e.attempt());
  }

  @Override
  public void onRetryScheduled(RetryScheduled e) {
    print(e.at(), "%-18s attempt %d failed: %s; retrying in %d ms", e.step().name(), e.failedAttempt(),
        e.cause().getMessage(), e.delay().toMillis());
  }

  @Override
  public void onStepSucceeded(StepSucceeded e) {
    print(e.at(), "%-18s succeeded: %,d rows in %d ms", e.step().name(), e.rows(), e.duration().toMillis());
  }

  @Override
  public void onStepFailed(StepFailed e) {
    print(e.at(), "%-18s FAILED after %d attempt%s: %s; fallback %s", e.step().name(), e.attempts(),
        e.attempts() == 1 ? "" : "s", e.cause().getMessage(), e.fallback().definitionName());
    if (e.fallback() == Fallback.ALERT_AND_CONTINUE) {
      print(e.at(), "ALERT step_failure: step '%s' failed; the run goes on without it", e.step().name());
    }
  }

  @Override
  public void onStepSkipped(StepSkipped e) {
    print(e.at(), "%-18s skipped: %s", e.step().name(), e.reason());
  }

  @Override
  public void onStepCancelled(StepCancelled e) {
    print(e.at(), "%-18s cancelled: %s", e.step().name(), e.reason());
  }
}
