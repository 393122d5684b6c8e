package io.etlorchestrator.core.internal.report;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.internal.report.RunTimeline.Bar;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the seed's "Pipeline Execution" report of a run, followed by failures, skipped steps, the
 * critical path and a Mermaid gantt chart. Internal: not part of the public API.
 */
public final class MarkdownRunReport {
  /** The longest bar of the timeline, in characters. */
  static final int BAR_WIDTH = 40;

  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final String FENCE = "```";

  private MarkdownRunReport() {}

  /** The whole report; the plan adds the critical path comparison and waves in the gantt chart. */
  public static String render(RunTimeline timeline, Optional<ExecutionPlan> plan) {
    PipelineRun run = timeline.run();
    StringBuilder out = new StringBuilder();
    out.append("# Pipeline Execution: ").append(Escape.oneLine(run.pipeline())).append("\n\n");
    out.append("**Run ID:** ").append(run.runId()).append('\n');
    out.append("**Started:** ").append(STARTED.format(run.startedAt())).append('\n');
    for (Instant resumed : run.resumedAt()) {
      out.append("**Resumed:** ").append(STARTED.format(resumed)).append('\n');
    }
    out.append("**Status:** ").append(Marks.run(run.status())).append('\n');
    run.reason().ifPresent(reason -> out.append("**Reason:** ").append(Escape.oneLine(reason)).append('\n'));
    out.append('\n');

    out.append("## Execution Timeline\n\n").append(FENCE).append('\n');
    out.append(timelineBlock(timeline));
    out.append(FENCE).append("\n\n");

    out.append("## Step Details\n\n");
    out.append("| Step | Duration | Rows | Status |\n");
    out.append("|------|----------|------|--------|\n");
    for (StepRun step : run.steps()) {
      boolean ran = step.startedAt().isPresent();
      out.append("| ")
          .append(Escape.markdownCell(step.name()))
          .append(" | ")
          .append(ran ? Marks.duration(duration(timeline, step)) : "-")
          .append(" | ")
          .append(ran ? Marks.rows(step.rows()) : "-")
          .append(" | ")
          .append(Marks.step(step.status()))
          .append(timeline.attemptsNote(step))
          .append(" |\n");
    }
    out.append('\n');
    out.append("**Total Duration:** ").append(timeline.totalDuration()).append('\n');
    out.append("**Total Rows Processed:** ").append(Marks.rows(run.totalRows())).append('\n');

    checks(run, out);
    failures(run, out);
    retried(run, out);
    skipped(run, out);
    plan.ifPresent(p -> criticalPath(timeline, p, out));

    out.append("\n## Gantt\n\n").append(FENCE).append("mermaid\n");
    out.append(MermaidGantt.render(timeline, plan));
    out.append(FENCE).append('\n');
    return out.toString();
  }

  /**
   * The seed's timeline: steps grouped by start time, one line each, a bar proportional to the
   * duration of the step's last attempt, its end time and status mark. A resumed run has a line
   * where each resume comes, with the idle time before it ({@code 10:00:07 ┄┄┄ resumed after 6.9s
   * idle}).
   */
  static String timelineBlock(RunTimeline timeline) {
    List<Bar> bars = timeline.bars();
    if (bars.isEmpty()) {
      return "(no step ran)\n";
    }
    long longest = 1;
    for (Bar bar : bars) {
      longest = Math.max(longest, bar.duration().toMillis());
    }
    StringBuilder out = new StringBuilder();
    Invocations invocations = timeline.invocations();
    int resume = 1;
    int k = 0;
    while (k < bars.size()) {
      while (resume < invocations.spans().size()
          && !invocations.spans().get(resume).start().isAfter(bars.get(k).start())) {
        resumeLine(timeline, resume++, out);
      }
      String start = timeline.time(bars.get(k).start());
      int end = k + 1;
      while (end < bars.size() && timeline.time(bars.get(end).start()).equals(start)) {
        end++;
      }
      String indent = " ".repeat(start.length() + 2);
      for (int j = k; j < end; j++) {
        Bar bar = bars.get(j);
        if (j == k) {
          out.append(start).append(end - k > 1 ? " ─┬─ " : " ─── ");
        } else {
          out.append(indent).append(j == end - 1 ? "└─ " : "├─ ");
        }
        int width = (int) Math.max(1, Math.round(bar.duration().toMillis() * (double) BAR_WIDTH / longest));
        out.append(bar.step().name())
            .append(' ')
            .append("─".repeat(width))
            .append(' ')
            .append(
                bar.step().finishedAt().isPresent() ? timeline.time(bar.end()) : "running")
            .append(' ')
            .append(Marks.step(bar.step().status()))
            .append(timeline.attemptsNote(bar.step()))
            .append('\n');
      }
      k = end;
    }
    while (resume < invocations.spans().size()) {
      resumeLine(timeline, resume++, out);
    }
    return out.toString();
  }

  private static void resumeLine(RunTimeline timeline, int resume, StringBuilder out) {
    Invocations.Span idle = timeline.invocations().idleBefore(resume);
    out.append(timeline.time(idle.end()))
        .append(" ┄┄┄ resumed after ")
        .append(Marks.span(idle.duration()))
        .append(" idle\n");
  }

  private static Duration duration(RunTimeline timeline, StepRun step) {
    for (Bar bar : timeline.bars()) {
      if (bar.step() == step) {
        return bar.duration();
      }
    }
    return Duration.ZERO;
  }

  private static void failures(PipelineRun run, StringBuilder out) {
    List<String> lines = new ArrayList<>();
    for (StepRun step : run.steps()) {
      if (step.status() == StepStatus.FAILED || step.status() == StepStatus.CANCELLED) {
        String what =
            step.status() == StepStatus.FAILED
                ? step.error().orElse("failed")
                : step.reason().or(step::error).orElse("cancelled");
        lines.add(
            String.format(
                "- %s %s %s: %s",
                Marks.step(step.status()),
                Escape.oneLine(step.name()),
                step.status() == StepStatus.FAILED
                    ? "failed after " + step.attempts() + (step.attempts() == 1 ? " attempt" : " attempts")
                    : "was cancelled",
                Escape.oneLine(what)));
        attempts(step, lines);
      }
    }
    if (!lines.isEmpty()) {
      out.append("\n## Failures\n\n");
      lines.forEach(l -> out.append(l).append('\n'));
    }
  }

  /**
   * The data-quality checks of the run's steps (their last attempts): what each observed, expected
   * and compared with. Nothing when no step has checks.
   */
  private static void checks(PipelineRun run, StringBuilder out) {
    List<String> rows = new ArrayList<>();
    for (StepRun step : run.steps()) {
      for (io.etlorchestrator.core.quality.CheckResult result : step.checks()) {
        rows.add(
            "| " + Escape.markdownCell(step.name())
                + " | " + Escape.markdownCell(result.dataset())
                + " | " + Escape.markdownCell(result.check())
                + " | " + Marks.check(result.outcome())
                + " | " + Escape.markdownCell(result.observed().orElse("-"))
                + " | " + Escape.markdownCell(result.expected().orElse("-"))
                + " | " + Escape.markdownCell(result.baseline().orElse("-"))
                + " | " + Escape.markdownCell(
                    Marks.checkMessage(result))
                + " |");
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    out.append("\n## Checks\n\n");
    out.append("| Step | Dataset | Check | Outcome | Observed | Expected | Baseline | Message |\n");
    out.append("|------|---------|-------|---------|----------|----------|----------|---------|\n");
    rows.forEach(r -> out.append(r).append('\n'));
  }

  /** Steps that succeeded after failed attempts (before a resume too), with those attempts. */
  private static void retried(PipelineRun run, StringBuilder out) {
    List<String> lines = new ArrayList<>();
    for (StepRun step : run.steps()) {
      if (step.status() == StepStatus.SUCCESS && !step.failures().isEmpty()) {
        lines.add(
            String.format(
                "- %s %s succeeded on attempt %d, after:",
                Marks.step(step.status()), Escape.oneLine(step.name()), step.attempts()));
        for (io.etlorchestrator.core.AttemptFailure failure : step.failures()) {
          lines.add(
              String.format(
                  "  - attempt %d, %s: %s",
                  failure.attempt(), ATTEMPT_TIME.format(failure.at()), Escape.oneLine(failure.error())));
        }
      }
    }
    if (!lines.isEmpty()) {
      out.append("\n## Retried\n\n");
      lines.forEach(l -> out.append(l).append('\n'));
    }
  }

  private static final DateTimeFormatter ATTEMPT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * Under a failed step: each failed attempt it kept (those before a resume too), then where the
   * last one failed, as a fenced block indented into the list item.
   */
  private static void attempts(StepRun step, List<String> lines) {
    if (step.failures().isEmpty()) {
      return;
    }
    for (io.etlorchestrator.core.AttemptFailure failure : step.failures()) {
      lines.add(
          String.format(
              "  - attempt %d, %s: %s",
              failure.attempt(), ATTEMPT_TIME.format(failure.at()), Escape.oneLine(failure.error())));
    }
    String trace = step.failures().get(step.failures().size() - 1).trace();
    if (!trace.isEmpty()) {
      lines.add("");
      lines.add("  " + FENCE);
      // A fence inside the trace would end the block early.
      trace.lines().forEach(line -> lines.add("  " + line.replace(FENCE, "` ` `")));
      lines.add("  " + FENCE);
      lines.add("");
    }
  }

  private static void skipped(PipelineRun run, StringBuilder out) {
    List<String> lines = new ArrayList<>();
    for (StepRun step : run.steps()) {
      if (step.status() == StepStatus.SKIPPED) {
        lines.add(
            "- "
                + Marks.step(step.status())
                + " "
                + Escape.oneLine(step.name())
                + ": "
                + Escape.oneLine(step.reason().orElse("not run")));
      }
    }
    if (!lines.isEmpty()) {
      out.append("\n## Skipped Steps\n\n");
      lines.forEach(l -> out.append(l).append('\n'));
    }
  }

  private static void criticalPath(RunTimeline timeline, ExecutionPlan plan, StringBuilder out) {
    List<String> planned = plan.criticalPath();
    List<String> actual = timeline.actualCriticalPath(plan);
    out.append("\n## Critical Path\n\n");
    out.append("| | Path | Duration |\n");
    out.append("|---|---|---|\n");
    out.append("| Planned | ")
        .append(Escape.markdownCell(String.join(" → ", planned)))
        .append(" | ")
        .append(Marks.duration(plan.criticalPathDuration()))
        .append(" (estimated) |\n");
    out.append("| Actual | ")
        .append(actual.isEmpty() ? "-" : Escape.markdownCell(String.join(" → ", actual)))
        .append(" | ")
        .append(timeline.pathDuration(actual))
        .append(" |\n\n");
    if (actual.isEmpty()) {
      out.append("No step ran.\n");
    } else if (actual.equals(planned)) {
      out.append("The run followed the planned critical path.\n");
    } else {
      out.append("The actual critical path differs from the plan's.\n");
    }
  }
}
