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
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A self-contained HTML page of a run: summary, an SVG timeline and the step table. No script,
 * font or stylesheet is loaded from elsewhere, and the page is well-formed XML (XHTML syntax), so
 * it opens offline and tools can parse it. Internal: not part of the public API.
 */
public final class HtmlRunReport {
  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final int CHART_WIDTH = 720;
  private static final int ROW_HEIGHT = 26;
  private static final int BAR_HEIGHT = 16;
  private static final int TOP = 30;
  private static final long DAY_MILLIS = 86_400_000;
  /** Tick spacings, in milliseconds; a timeline to the second uses those of a second or more. */
  private static final long[] TICK_MILLIS = {
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000,
    300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
    DAY_MILLIS
  };

  private static final String STYLE =
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;color:#222}"
          + "table{border-collapse:collapse;margin:1em 0}"
          + "th,td{border:1px solid #ccc;padding:4px 10px;text-align:left}"
          + "td.num{text-align:right;font-variant-numeric:tabular-nums}"
          + "dl.summary{display:grid;grid-template-columns:max-content auto;gap:4px 16px}"
          + "dl.summary dt{font-weight:bold}dl.summary dd{margin:0}"
          + "svg text{font-size:12px;fill:#222}svg .axis{stroke:#999;stroke-width:1}"
          + "svg .grid{stroke:#e5e5e5;stroke-width:1}"
          + ".bar.retried{stroke:#000;stroke-width:1.5;stroke-dasharray:4 2}"
          + "svg .idle{fill:#f1f1f1;stroke:#ccc;stroke-dasharray:2 2}"
          + "svg text.retries{font-weight:bold}"
          + ".legend span{display:inline-block;margin-right:1em}"
          + ".swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}";

  private HtmlRunReport() {}

  /** The page. */
  public static String render(RunTimeline timeline, Optional<ExecutionPlan> plan) {
    PipelineRun run = timeline.run();
    String title = "Pipeline Execution: " + run.pipeline();
    StringBuilder out = new StringBuilder(8192);
    out.append("<!DOCTYPE html>\n");
    out.append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
    out.append("<meta charset=\"utf-8\"/>\n");
    out.append("<title>").append(Escape.html(title)).append("</title>\n");
    out.append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    out.append("<h1>").append(Escape.html(title)).append("</h1>\n");
    out.append("<dl class=\"summary\">\n");
    item(out, "Run ID", run.runId());
    item(out, "Started", STARTED.format(run.startedAt()));
    for (Instant resumed : run.resumedAt()) {
      item(out, "Resumed", STARTED.format(resumed));
    }
    item(out, "Status", Marks.run(run.status()));
    run.reason().ifPresent(reason -> item(out, "Reason", reason));
    item(out, "Total Duration", timeline.totalDuration());
    item(out, "Total Rows Processed", Marks.rows(run.totalRows()));
    out.append("</dl>\n");

    out.append("<h2>Execution Timeline</h2>\n");
    svg(timeline, out);
    out.append("<p class=\"legend\">");
    for (StepStatus status :
        List.of(StepStatus.SUCCESS, StepStatus.FAILED, StepStatus.CANCELLED, StepStatus.RUNNING)) {
      out.append("<span><span class=\"swatch\" style=\"background:")
          .append(colour(status))
          .append("\"></span>")
          .append(Marks.stepWord(status))
          .append("</span>");
    }
    out.append("<span>dashed outline: retried (last attempt shown)</span>");
    if (timeline.invocations().resumed()) {
      out.append("<span>grey band: idle between the run and its resume</span>");
    }
    out.append("</p>\n");

    out.append("<h2>Step Details</h2>\n<table>\n<thead><tr><th>Step</th><th>Duration</th>")
        .append("<th>Rows</th><th>Attempts</th><th>Status</th><th>Details</th></tr></thead>\n<tbody>\n");
    for (StepRun step : run.steps()) {
      boolean ran = step.startedAt().isPresent();
      Duration duration = ran ? bar(timeline, step).duration() : Duration.ZERO;
      String details =
          step.status() == StepStatus.FAILED
              ? step.error().orElse("")
              : step.reason().orElse(step.error().orElse(""));
      out.append("<tr class=\"").append(Marks.stepWord(step.status())).append("\"><td>")
          .append(Escape.html(step.name()))
          .append("</td><td class=\"num\">")
          .append(ran ? Marks.duration(duration) : "-")
          .append("</td><td class=\"num\">")
          .append(ran ? Marks.rows(step.rows()) : "-")
          .append("</td><td class=\"num\">")
          .append(step.attempts())
          .append(timeline.invocations().budgetRenewed(step) ? " (budget renewed on resume)" : "")
          .append("</td><td>")
          .append(Marks.step(step.status()))
          .append(' ')
          .append(Marks.stepWord(step.status()))
          .append("</td><td>")
          .append(Escape.html(details));
      if ((step.status() == StepStatus.FAILED || step.status() == StepStatus.CANCELLED)
          && !step.failures().isEmpty()) {
        out.append("<details><summary>")
            .append(step.failures().size() == 1 ? "1 failed attempt" : step.failures().size() + " failed attempts")
            .append("</summary><ol>");
        for (io.etlorchestrator.core.AttemptFailure failure : step.failures()) {
          out.append("<li value=\"").append(failure.attempt()).append("\">")
              .append(Escape.html(failure.error()))
              .append("</li>");
        }
        out.append("</ol>");
        String trace = step.failures().get(step.failures().size() - 1).trace();
        if (!trace.isEmpty()) {
          out.append("<pre>").append(Escape.html(trace)).append("</pre>");
        }
        out.append("</details>");
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");

    checks(run, out);

    plan.ifPresent(
        p -> {
          out.append("<h2>Critical Path</h2>\n<table>\n<tbody>\n");
          out.append("<tr><th>Planned</th><td>")
              .append(Escape.html(String.join(" → ", p.criticalPath())))
              .append("</td><td>")
              .append(Marks.duration(p.criticalPathDuration()))
              .append(" (estimated)</td></tr>\n");
          List<String> actual = timeline.actualCriticalPath(p);
          out.append("<tr><th>Actual</th><td>")
              .append(actual.isEmpty() ? "-" : Escape.html(String.join(" → ", actual)))
              .append("</td><td>")
              .append(timeline.pathDuration(actual))
              .append("</td></tr>\n</tbody>\n</table>\n");
        });
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  /** The checks of the run's steps as a table; nothing when no step has checks. */
  private static void checks(PipelineRun run, StringBuilder out) {
    if (run.steps().stream().allMatch(s -> s.checks().isEmpty())) {
      return;
    }
    out.append("<h2>Checks</h2>\n<table>\n<thead><tr><th>Step</th><th>Dataset</th><th>Check</th>")
        .append("<th>Outcome</th><th>Observed</th><th>Expected</th><th>Baseline</th><th>Message</th></tr>")
        .append("</thead>\n<tbody>\n");
    for (StepRun step : run.steps()) {
      for (io.etlorchestrator.core.quality.CheckResult result : step.checks()) {
        out.append("<tr class=\"check-").append(result.outcome().definitionName()).append("\"><td>")
            .append(Escape.html(step.name())).append("</td><td>")
            .append(Escape.html(result.dataset())).append("</td><td>")
            .append(Escape.html(result.check())).append("</td><td>")
            .append(Escape.html(Marks.check(result.outcome()))).append("</td><td>")
            .append(Escape.html(result.observed().orElse("-"))).append("</td><td>")
            .append(Escape.html(result.expected().orElse("-"))).append("</td><td>")
            .append(Escape.html(result.baseline().orElse("-"))).append("</td><td>")
            .append(Escape.html(
                Marks.checkMessage(result)))
            .append("</td></tr>\n");
      }
    }
    out.append("</tbody>\n</table>\n");
  }

  private static void item(StringBuilder out, String term, String value) {
    out.append("<dt>").append(Escape.html(term)).append("</dt><dd>").append(Escape.html(value)).append("</dd>\n");
  }

  private static Bar bar(RunTimeline timeline, StepRun step) {
    for (Bar bar : timeline.bars()) {
      if (bar.step() == step) {
        return bar;
      }
    }
    throw new IllegalStateException("step " + step.name() + " ran but has no bar");
  }

  private static void svg(RunTimeline timeline, StringBuilder out) {
    List<Bar> bars = timeline.bars();
    int longestName = 4;
    for (Bar bar : bars) {
      longestName = Math.max(longestName, bar.step().name().length());
    }
    int labelWidth = Math.min(320, 7 * longestName + 16);
    int width = labelWidth + CHART_WIDTH + 60;
    int height = TOP + ROW_HEIGHT * Math.max(1, bars.size()) + 10;
    long spanMillis =
        Math.max(
            timeline.resolution().toMillis(),
            Duration.between(timeline.axisStart(), timeline.axisEnd()).toMillis());
    double scale = CHART_WIDTH / (double) spanMillis;

    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\" aria-label=\"Execution timeline of run ")
        .append(Escape.html(timeline.run().runId())).append("\">\n");
    idleBands(timeline, labelWidth, scale, height, out);
    long tick = tickMillis(spanMillis, timeline.resolution().toMillis());
    for (long t = 0; t <= spanMillis; t += tick) {
      String x = number(labelWidth + t * scale);
      out.append("<line class=\"grid\" x1=\"").append(x).append("\" y1=\"").append(TOP - 6)
          .append("\" x2=\"").append(x).append("\" y2=\"").append(height - 10).append("\"/>\n");
      out.append("<text x=\"").append(x).append("\" y=\"").append(TOP - 12)
          .append("\" text-anchor=\"middle\">")
          .append(timeline.time(timeline.axisStart().plusMillis(t))).append("</text>\n");
    }
    out.append("<line class=\"axis\" x1=\"").append(labelWidth).append("\" y1=\"").append(TOP - 6)
        .append("\" x2=\"").append(labelWidth + CHART_WIDTH).append("\" y2=\"").append(TOP - 6)
        .append("\"/>\n");
    for (int row = 0; row < bars.size(); row++) {
      Bar bar = bars.get(row);
      StepRun step = bar.step();
      int y = TOP + row * ROW_HEIGHT;
      double x = labelWidth + Duration.between(timeline.axisStart(), bar.start()).toMillis() * scale;
      double w = Math.max(2, bar.duration().toMillis() * scale);
      String tooltip =
          String.format(
              "%s: %s, %s – %s, %s, %s rows%s",
              step.name(),
              Marks.stepWord(step.status()),
              timeline.time(bar.start()),
              step.finishedAt().isPresent() ? timeline.time(bar.end()) : "running",
              Marks.duration(bar.duration()),
              Marks.rows(step.rows()),
              step.attempts() > 1
                  ? ", " + step.attempts() + " attempts"
                      + (timeline.invocations().budgetRenewed(step) ? ", budget renewed on resume" : "")
                  : "");
      out.append("<g class=\"step\">\n");
      out.append("<text x=\"").append(labelWidth - 8).append("\" y=\"").append(y + BAR_HEIGHT - 3)
          .append("\" text-anchor=\"end\">").append(Escape.html(step.name())).append("</text>\n");
      out.append("<rect class=\"bar ").append(Marks.stepWord(step.status()))
          .append(step.attempts() > 1 ? " retried" : "")
          .append("\" data-step=\"").append(Escape.html(step.name()))
          .append("\" data-attempts=\"").append(step.attempts())
          .append("\" x=\"").append(number(x)).append("\" y=\"").append(y)
          .append("\" width=\"").append(number(w)).append("\" height=\"").append(BAR_HEIGHT)
          .append("\" rx=\"3\" fill=\"").append(colour(step.status())).append("\">")
          .append("<title>").append(Escape.html(tooltip)).append("</title></rect>\n");
      if (step.attempts() > 1) {
        out.append("<text class=\"retries\" x=\"").append(number(x + w + 4)).append("\" y=\"")
            .append(y + BAR_HEIGHT - 3).append("\">↻").append(step.attempts()).append("</text>\n");
      }
      out.append("</g>\n");
    }
    out.append("</svg>\n");
  }

  /** Grey bands over the time a resumed run sat idle between invocations, under the bars. */
  private static void idleBands(RunTimeline timeline, int labelWidth, double scale, int height, StringBuilder out) {
    Invocations invocations = timeline.invocations();
    for (int k = 1; k < invocations.spans().size(); k++) {
      Invocations.Span idle = invocations.idleBefore(k);
      if (idle.duration().isZero()) {
        continue;
      }
      double x = labelWidth + Duration.between(timeline.axisStart(), idle.start()).toMillis() * scale;
      out.append("<rect class=\"idle\" x=\"").append(number(x)).append("\" y=\"").append(TOP - 6)
          .append("\" width=\"").append(number(Math.max(1, idle.duration().toMillis() * scale)))
          .append("\" height=\"").append(height - 10 - (TOP - 6)).append("\"><title>")
          .append(
              Escape.html(
                  String.format(
                      "idle %s, %s – %s, before resume %d",
                      Marks.span(idle.duration()), timeline.time(idle.start()), timeline.time(idle.end()), k)))
          .append("</title></rect>\n");
    }
  }

  /** At most 8 ticks over {@code spanMillis}, none closer than {@code resolutionMillis}. */
  private static long tickMillis(long spanMillis, long resolutionMillis) {
    for (long candidate : TICK_MILLIS) {
      if (candidate >= resolutionMillis && spanMillis / candidate <= 8) {
        return candidate;
      }
    }
    return (spanMillis / 8 / DAY_MILLIS + 1) * DAY_MILLIS;
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** The bar colour of a status. */
  static String colour(StepStatus status) {
    switch (status) {
      case SUCCESS:
        return "#2e7d32";
      case FAILED:
        return "#c62828";
      case CANCELLED:
        return "#8d6e63";
      case RUNNING:
        return "#1565c0";
      default:
        return "#9e9e9e";
    }
  }
}
