package io.etlorchestrator.core.internal.report;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.internal.report.RunTimeline.Bar;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A Mermaid {@code gantt} chart of a run's timeline. Internal: not part of the public API. */
public final class MermaidGantt {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private MermaidGantt() {}

  /**
   * The chart: a task per executed step from its last attempt's start to its end, tagged {@code
   * done} when it succeeded, {@code crit} when it failed or was cancelled and {@code active} while
   * running; one section per wave when the plan is known.
   */
  public static String render(RunTimeline timeline, Optional<ExecutionPlan> plan) {
    StringBuilder out = new StringBuilder("gantt\n");
    out.append("    title ")
        .append(Escape.mermaidText(timeline.run().pipeline() + " (" + timeline.run().runId() + ")"))
        .append('\n');
    out.append("    dateFormat YYYY-MM-DD HH:mm:ss\n");
    out.append("    axisFormat %H:%M:%S\n");
    List<Bar> bars = new ArrayList<>(timeline.bars());
    if (plan.isPresent()) {
      bars.sort(Comparator.comparingInt((Bar b) -> wave(plan.get(), b)));
    }
    String section = null;
    for (Bar bar : bars) {
      String next = plan.isPresent() ? waveTitle(plan.get(), bar) : "Steps";
      if (!next.equals(section)) {
        section = next;
        out.append("    section ").append(section).append('\n');
      }
      out.append("    ")
          .append(Escape.mermaidText(bar.step().name()))
          .append(" ")
          .append(Marks.step(bar.step().status()))
          .append(MarkdownRunReport.attemptsNote(bar.step()))
          .append(" :")
          .append(tag(bar.step().status()))
          .append('s')
          .append(bar.index())
          .append(", ")
          .append(DATE_TIME.format(bar.start()))
          .append(", ")
          .append(DATE_TIME.format(bar.end()))
          .append('\n');
    }
    return out.toString();
  }

  private static int wave(ExecutionPlan plan, Bar bar) {
    return plan.pipeline().step(bar.step().name()).isPresent() ? plan.waveOf(bar.step().name()) : Integer.MAX_VALUE;
  }

  private static String waveTitle(ExecutionPlan plan, Bar bar) {
    int wave = wave(plan, bar);
    return wave == Integer.MAX_VALUE ? "Not in plan" : "Wave " + wave;
  }

  private static String tag(StepStatus status) {
    switch (status) {
      case SUCCESS:
        return "done, ";
      case FAILED:
      case CANCELLED:
        return "crit, ";
      case RUNNING:
        return "active, ";
      default:
        return "";
    }
  }
}
