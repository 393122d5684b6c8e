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
import java.util.Optional;

/**
 * The executed steps of a run on a time axis: what every rendering of a run report draws.
 * Internal: not part of the public API.
 */
public final class RunTimeline {
  /** Runs that ran for less than this get their times to the millisecond. */
  static final Duration SHORT_RUN = Duration.ofMinutes(1);

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME_MILLIS =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_TIME_MILLIS =
      DateTimeFormatter.ofPattern("MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

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
  private final Invocations invocations;
  private final boolean millis;
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
    this.invocations = Invocations.of(run, run.finishedAt().orElse(end));
    this.millis = invocations.running().compareTo(SHORT_RUN) < 0 && hasFractions(start, end, list);
    LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
    LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC);
    if (first.equals(last)) {
      this.format = millis ? TIME_MILLIS : TIME;
    } else {
      this.format = millis ? DAY_TIME_MILLIS : DAY_TIME;
    }
  }

  /** Whether a time the timeline shows is not a whole second (a simulated run's all are). */
  private static boolean hasFractions(Instant start, Instant end, List<Bar> bars) {
    boolean fractions = start.getNano() != 0 || end.getNano() != 0;
    for (Bar bar : bars) {
      fractions |= bar.start().getNano() != 0 || bar.end().getNano() != 0;
    }
    return fractions;
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

  /**
   * {@code HH:mm:ss} in UTC, with the date ({@code MM-dd}) when the run spans two days; to the
   * millisecond ({@code HH:mm:ss.SSS}) when {@link #millis()}.
   */
  public String time(Instant instant) {
    return format.format(instant);
  }

  /**
   * Whether times are shown to the millisecond: when the run ran for less than a minute (its
   * invocations, without the idle time between them) and some time it shows is not a whole second.
   * Otherwise to the second, as the seed's report.
   */
  public boolean millis() {
    return millis;
  }

  /** The smallest time step shown: a millisecond or a second. */
  public Duration resolution() {
    return millis ? Duration.ofMillis(1) : Duration.ofSeconds(1);
  }

  /** The run's invocations and the idle time between them. */
  public Invocations invocations() {
    return invocations;
  }

  /**
   * The run's total duration as reports write it, from its start to its end (or the end of the
   * axis, {@code (still running)}); for a resumed run with the time it ran and the time it sat idle
   * between invocations: {@code 7s (150ms running, 6.9s idle between the run and its resume)}.
   */
  public String totalDuration() {
    Duration total = Duration.between(run.startedAt(), run.finishedAt().orElse(axisEnd));
    List<String> notes = new ArrayList<>();
    if (run.finishedAt().isEmpty()) {
      notes.add("still running");
    }
    if (invocations.resumed()) {
      int resumes = invocations.spans().size() - 1;
      notes.add(
          String.format(
              "%s running, %s idle between the run and its %s",
              Marks.span(invocations.running()),
              Marks.span(invocations.idle()),
              resumes == 1 ? "resume" : resumes + " resumes"));
    }
    return Marks.span(total) + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
  }

  /**
   * The span of {@code path} as reports write it ({@link #span(List)}); when it crosses idle time
   * between invocations, the time without it first: {@code 150ms (7s wall, 6.9s of it idle between
   * invocations)}.
   */
  public String pathDuration(List<String> path) {
    Duration span = span(path);
    Duration idle =
        bounds(path).map(b -> invocations.idleWithin(b.start(), b.end())).orElse(Duration.ZERO);
    if (idle.isZero()) {
      return Marks.span(span);
    }
    return String.format(
        "%s (%s wall, %s of it idle between invocations)",
        Marks.span(span.minus(idle)), Marks.span(span), Marks.span(idle));
  }

  /**
   * A step's attempts as the reports note them after its mark: nothing for one attempt, {@code (3
   * attempts)}, and {@code (3 attempts, budget renewed on resume)} for a step whose last attempt
   * came after a resume (see {@link Invocations#budgetRenewed(StepRun)}).
   */
  public String attemptsNote(StepRun step) {
    if (step.attempts() <= 1) {
      return "";
    }
    return " (" + step.attempts() + " attempts" + (invocations.budgetRenewed(step) ? ", budget renewed on resume" : "") + ")";
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
    return bounds(path).map(Invocations.Span::duration).orElse(Duration.ZERO);
  }

  /** From the start of the first step of {@code path} to the end of its last, if both ran. */
  private Optional<Invocations.Span> bounds(List<String> path) {
    if (path.isEmpty()) {
      return Optional.empty();
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
    return first == null || last == null ? Optional.empty() : Optional.of(new Invocations.Span(first, last));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
