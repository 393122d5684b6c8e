package io.etlorchestrator.examples;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepRun;
import java.time.Duration;
import java.util.Locale;

/**
 * A plain-text summary of a finished run: status, one line per step (status, attempts, duration,
 * rows) and totals. A stand-in until the markdown run report replaces it.
 */
final class RunSummary {
  private RunSummary() {}

  static String render(PipelineRun run) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Run %s of %s: %s", run.runId(), run.pipeline(), run.status()));
    run.duration().ifPresent(d -> out.append(" in ").append(seconds(d)));
    if (run.resumeCount() > 0) {
      out.append(String.format(Locale.ROOT, " (resumed %d time%s)", run.resumeCount(), run.resumeCount() == 1 ? "" : "s"));
    }
    out.append("\n\n");
    out.append(String.format(Locale.ROOT, "  %-18s %-10s %8s %10s %10s%n", "Step", "Status", "Attempts", "Duration", "Rows"));
    for (StepRun step : run.steps()) {
      out.append(String.format(Locale.ROOT, "  %-18s %-10s %8d %10s %10s%n",
          step.name(), step.status(), step.attempts(),
          step.duration().map(RunSummary::seconds).orElse("-"),
          String.format(Locale.ROOT, "%,d", step.rows())));
      step.error().ifPresent(error -> out.append("      error: ").append(error).append('\n'));
      step.reason().ifPresent(reason -> out.append("      ").append(reason).append('\n'));
    }
    out.append(String.format(Locale.ROOT, "%n  Total rows processed: %,d%n", run.totalRows()));
    return out.toString();
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2fs", duration.toMillis() / 1000.0);
  }
}
