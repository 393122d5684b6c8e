package io.etlorchestrator.core.internal.report;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The invocations of a run on its time axis, the first execution and each resume, and the idle
 * time between them, so that reports tell time spent running from time spent waiting for a resume.
 *
 * <p>Invocation {@code k} starts when the run started ({@code k = 0}) or at its {@code k}-th
 * {@linkplain PipelineRun#resumedAt() resume}. The last one ends when the run ended (the end of the
 * axis while it runs). The run records no end for an earlier invocation, so it is taken as the
 * last step time (a start or an end) recorded from its start to the next resume; as a step that ran
 * again after a resume keeps only its last attempt's times, what an invocation did to steps that
 * later ran again is not seen: its end can be earlier than it was, and the idle time after it
 * longer by as much. (A recorded end per invocation would make this exact.) Running time is the
 * sum of the invocations' lengths; idle time is what lies between them. Internal: not part of the
 * public API.
 */
public final class Invocations {
  /**
   * One invocation, or one idle gap, from {@code start} to {@code end}.
   *
   * @param start when it started
   * @param end when it ended
   */
  public record Span(Instant start, Instant end) {
    /** How long it lasted. */
    public Duration duration() {
      return Duration.between(start, end);
    }
  }

  private final List<Span> spans;

  private Invocations(List<Span> spans) {
    this.spans = Collections.unmodifiableList(spans);
  }

  /** The invocations of {@code run}, the last one ending at {@code end}. */
  static Invocations of(PipelineRun run, Instant end) {
    List<Instant> starts = new ArrayList<>();
    starts.add(run.startedAt());
    starts.addAll(run.resumedAt());
    List<Span> spans = new ArrayList<>();
    for (int k = 0; k < starts.size(); k++) {
      Instant start = starts.get(k);
      if (k == starts.size() - 1) {
        spans.add(new Span(start, max(start, end)));
        break;
      }
      Instant next = max(start, starts.get(k + 1));
      Instant last = start;
      for (StepRun step : run.steps()) {
        last = later(last, step.startedAt(), next);
        last = later(last, step.finishedAt(), next);
      }
      spans.add(new Span(start, last));
    }
    return new Invocations(spans);
  }

  /** Every invocation, the first execution first. */
  public List<Span> spans() {
    return spans;
  }

  /** Whether the run was resumed. */
  public boolean resumed() {
    return spans.size() > 1;
  }

  /** The sum of the invocations' lengths. */
  public Duration running() {
    Duration total = Duration.ZERO;
    for (Span span : spans) {
      total = total.plus(span.duration());
    }
    return total;
  }

  /** The idle time before resume {@code k} (1 for the first resume): from the end of the invocation before. */
  public Span idleBefore(int k) {
    return new Span(spans.get(k - 1).end(), spans.get(k).start());
  }

  /** The idle time between every two invocations. */
  public Duration idle() {
    Duration total = Duration.ZERO;
    for (int k = 1; k < spans.size(); k++) {
      total = total.plus(idleBefore(k).duration());
    }
    return total;
  }

  /** The idle time between {@code from} and {@code to}. */
  public Duration idleWithin(Instant from, Instant to) {
    Duration total = Duration.ZERO;
    for (int k = 1; k < spans.size(); k++) {
      Span idle = idleBefore(k);
      Instant start = max(idle.start(), from);
      Instant end = min(idle.end(), to);
      if (end.isAfter(start)) {
        total = total.plus(Duration.between(start, end));
      }
    }
    return total;
  }

  /** The invocation {@code instant} falls in: 0 for the first execution, {@code k} after the k-th resume. */
  public int invocationOf(Instant instant) {
    int found = 0;
    for (int k = 1; k < spans.size(); k++) {
      if (!instant.isBefore(spans.get(k).start())) {
        found = k;
      }
    }
    return found;
  }

  /**
   * Whether {@code step} made more than one attempt and its last one after a resume: then its
   * attempts are counted over invocations (attempt numbers go on across a resume) while each resume
   * gave it a fresh retry budget, so {@code 3 attempts} can exceed {@code max_attempts: 2}. How
   * many attempts each invocation made is not recorded.
   */
  public boolean budgetRenewed(StepRun step) {
    return step.attempts() > 1
        && step.startedAt().map(started -> invocationOf(started) > 0).orElse(false);
  }

  /** {@code time} if it lies after {@code last} and before {@code next}, else {@code last}. */
  private static Instant later(Instant last, Optional<Instant> time, Instant next) {
    return time.filter(t -> t.isAfter(last) && t.isBefore(next)).orElse(last);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
