package io.etlorchestrator.core.internal.report;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.internal.report.RunTimeline.Bar;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A Mermaid {@code gantt} chart of a run's timeline. Internal: not part of the public API. */
public final class MermaidGantt {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private MermaidGantt() {}

  /**
   * The chart: a task per executed step from its last attempt's start to its end, tagged {@code
   * done} when it succeeded, {@code crit} when it failed or was cancelled and {@code active} while
   * running; one section per wave when the plan is known. Times are to the second ({@code dateFormat
   * YYYY-MM-DD HH:mm:ss}), or to the millisecond ({@code YYYY-MM-DD HH:mm:ss.SSS}, axis {@code
   * %H:%M:%S.%L}) when the {@linkplain RunTimeline#millis() timeline is}. A step shorter than that
   * resolution is drawn one unit long (as the Markdown timeline draws at least one dash): Mermaid
   * draws a task that ends where it starts as nothing.
   */
  public static String render(RunTimeline timeline, Optional<ExecutionPlan> plan) {
    StringBuilder out = new StringBuilder("gantt\n");
    out.append("    title ")
        .append(Escape.mermaidText(timeline.run().pipeline() + " (" + timeline.run().runId() + ")"))
        .append('\n');
    boolean millis = timeline.millis();
    DateTimeFormatter format = millis ? DATE_TIME_MILLIS : DATE_TIME;
    ChronoUnit unit = millis ? ChronoUnit.MILLIS : ChronoUnit.SECONDS;
    out.append(millis ? "    dateFormat YYYY-MM-DD HH:mm:ss.SSS\n" : "    dateFormat YYYY-MM-DD HH:mm:ss\n");
    out.append(millis ? "    axisFormat %H:%M:%S.%L\n" : "    axisFormat %H:%M:%S\n");
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
          .append(Escape.mermaidText(timeline.attemptsNote(bar.step())))
          .append(" :")
          .append(tag(bar.step().status()))
          .append('s')
          .append(bar.index())
          .append(", ")
          .append(format.format(bar.start()))
          .append(", ")
          .append(format.format(shownEnd(bar, unit)))
          .append('\n');
    }
    return out.toString();
  }

  /** The bar's end, or one unit after its start when it would end where it starts at that unit. */
  private static Instant shownEnd(Bar bar, ChronoUnit unit) {
    Instant start = bar.start().truncatedTo(unit);
    return bar.end().truncatedTo(unit).isAfter(start) ? bar.end() : start.plus(1, unit);
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
