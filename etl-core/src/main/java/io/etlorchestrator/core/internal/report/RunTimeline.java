package io.etlorchestrator.core.internal.report;

import io.etlorchestrator.core.Dependency;
import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepRun;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The executed steps of a run on a time axis: what every rendering of a run report draws.
 * Internal: not part of the public API.
 */
public final class RunTimeline {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /**
   * One executed step: its last attempt from {@code start} to {@code end}.
   *
   * @param index the step's position in the run
   * @param step the step's state
   * @param start when its last attempt started
   * @param end when it ended (the end of the axis for a step still running)
   */
  public record Bar(int index, StepRun step, Instant start, Instant end) {
    /** How long the bar is. */
    public Duration duration() {
      return Duration.between(start, end);
    }
  }

  private final PipelineRun run;
  private final List<Bar> bars;
  private final Instant axisStart;
  private final Instant axisEnd;
  private final DateTimeFormatter format;

  private RunTimeline(PipelineRun run) {
    this.run = run;
    Instant start = run.startedAt();
    Instant end = run.finishedAt().orElse(run.startedAt());
    for (StepRun step : run.steps()) {
      if (step.startedAt().isPresent()) {
        start = min(start, step.startedAt().get());
        end = max(end, step.startedAt().get());
      }
      if (step.finishedAt().isPresent()) {
        end = max(end, step.finishedAt().get());
      }
    }
    List<Bar> list = new ArrayList<>();
    for (int i = 0; i < run.steps().size(); i++) {
      StepRun step = run.steps().get(i);
      if (step.startedAt().isPresent()) {
        Instant from = step.startedAt().get();
        Instant to = step.finishedAt().filter(f -> !f.isBefore(from)).orElse(end);
        list.add(new Bar(i, step, from, to));
      }
    }
    list.sort(Comparator.comparing(Bar::start).thenComparingInt(Bar::index));
    this.bars = Collections.unmodifiableList(list);
    this.axisStart = start;
    this.axisEnd = end;
    LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
    LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC);
    this.format = first.equals(last) ? TIME : DAY_TIME;
  }

  /** The timeline of {@code run}. */
  public static RunTimeline of(PipelineRun run) {
    return new RunTimeline(run);
  }

  /** The run. */
  public PipelineRun run() {
    return run;
  }

  /** Executed steps ordered by start, then position in the run. */
  public List<Bar> bars() {
    return bars;
  }

  /** The start of the axis: the run's start, or an earlier step start. */
  public Instant axisStart() {
    return axisStart;
  }

  /** The end of the axis: the run's end, or the latest step time. */
  public Instant axisEnd() {
    return axisEnd;
  }

  /** {@code HH:mm:ss} in UTC, with the date ({@code MM-dd}) when the run spans two days. */
  public String time(Instant instant) {
    return format.format(instant);
  }

  /**
   * The chain of executed steps that decided when the run ended: from the step that finished last,
   * back through the dependency that finished last before it, to a step that waited for none.
   * First step first; empty when nothing ran.
   */
  public List<String> actualCriticalPath(ExecutionPlan plan) {
    Map<String, Bar> byName = new HashMap<>();
    for (Bar bar : bars) {
      byName.put(bar.step().name(), bar);
    }
    Bar current = null;
    for (Bar bar : bars) {
      if (current == null || bar.end().isAfter(current.end())) {
        current = bar;
      }
    }
    List<String> chain = new ArrayList<>();
    while (current != null) {
      chain.add(current.step().name());
      Bar previous = null;
      String name = current.step().name();
      if (plan.pipeline().step(name).isPresent()) {
        for (Dependency dependency : plan.dependenciesOf(name)) {
          Bar candidate = byName.get(dependency.from());
          if (candidate != null
              && !candidate.end().isAfter(current.start())
              && (previous == null || candidate.end().isAfter(previous.end()))) {
            previous = candidate;
          }
        }
      }
      current = previous;
    }
    Collections.reverse(chain);
    return List.copyOf(chain);
  }

  /** From the start of the first step of {@code path} to the end of its last; zero if empty. */
  public Duration span(List<String> path) {
    if (path.isEmpty()) {
      return Duration.ZERO;
    }
    Instant first = null;
    Instant last = null;
    for (Bar bar : bars) {
      if (bar.step().name().equals(path.get(0))) {
        first = bar.start();
      }
      if (bar.step().name().equals(path.get(path.size() - 1))) {
        last = bar.end();
      }
    }
    return first == null || last == null ? Duration.ZERO : Duration.between(first, last);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
