package io.etlorchestrator.core.internal.report;

import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepStatus;
import java.util.Locale;

/** The status marks of reports, as the seed draws them. Internal: not part of the public API. */
public final class Marks {
  private Marks() {}

  /** A run status with its coloured circle: {@code 🟢 SUCCESS}. */
  public static String run(RunStatus status) {
    switch (status) {
      case SUCCESS:
        return "🟢 SUCCESS";
      case COMPLETED_WITH_FAILURES:
        return "🟡 COMPLETED WITH FAILURES";
      case RUNNING:
        return "🔵 RUNNING";
      case FAILED:
        return "🔴 FAILED";
      case CANCELLED:
        return "⚪ CANCELLED";
      default:
        throw new IllegalArgumentException("unknown run status " + status);
    }
  }

  /** The mark of a step status: ✅ for success, ❌ for failure... */
  public static String step(StepStatus status) {
    switch (status) {
      case SUCCESS:
        return "✅";
      case FAILED:
        return "❌";
      case SKIPPED:
        return "⏭️";
      case CANCELLED:
        return "🚫";
      case RUNNING:
        return "⏳";
      case PENDING:
        return "⏸️";
      default:
        throw new IllegalArgumentException("unknown step status " + status);
    }
  }

  /** A step status for people: {@code success}, {@code failed}... */
  public static String stepWord(StepStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  /** A duration as the seed's step table writes it ({@code 2m 5s}); zero is {@code 0s}. */
  public static String duration(java.time.Duration d) {
    return d.isZero() ? "0s" : io.etlorchestrator.core.internal.Durations.human(d);
  }

  /**
   * A run's length (total duration, time running or idle, a path's span): as {@link
   * #duration(java.time.Duration)}, but to a tenth of a second under a minute ({@code 6.8s}), so
   * that the parts of a short total add up to it.
   */
  public static String span(java.time.Duration d) {
    return d.isZero() ? "0s" : io.etlorchestrator.core.internal.Durations.precise(d);
  }

  /** Rows with thousands separators: {@code 52,340}. */
  public static String rows(long rows) {
    return String.format(Locale.ROOT, "%,d", rows);
  }

  /** The mark of a check's outcome: ✅ pass, ⚠️ warn, ❌ fail, 🛑 error (the check could not run). */
  public static String check(io.etlorchestrator.core.quality.CheckOutcome outcome) {
    switch (outcome) {
      case PASS:
        return "✅ pass";
      case WARN:
        return "⚠️ warn";
      case FAIL:
        return "❌ fail";
      default:
        return "🛑 error";
    }
  }

  /**
   * What the reports say of a check beside its values: its message, except the plain "as
   * expected" of a pass ({@code -}); a pass with something to say ("no baseline: ...") says it.
   */
  public static String checkMessage(io.etlorchestrator.core.quality.CheckResult result) {
    if (result.outcome() == io.etlorchestrator.core.quality.CheckOutcome.PASS
        && (result.message().isBlank() || result.message().equals("as expected"))) {
      return "-";
    }
    return result.message();
  }
}
