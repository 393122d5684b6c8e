package io.etlorchestrator.core.report;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.RunFinished;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.RunStarted;
import io.etlorchestrator.core.event.StepCancelled;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.event.StepSkipped;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.event.StepSucceeded;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.Errors;
import io.etlorchestrator.core.internal.report.Escape;
import io.etlorchestrator.core.internal.report.Marks;
import io.etlorchestrator.core.spi.Scheduler;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Prints one-line progress of runs for people watching a terminal (the command line writes it to
 * standard error). A run of at most {@linkplain Builder#everyStepUpTo(int) 20 steps} gets a line
 * each time one of its steps starts or ends, naming it, so that a run of a few seconds shows every
 * step, and two steps that start together show as two:
 *
 * <pre>
 * run run_20240115_100000 of daily_sales_etl started: 6 steps
 * [1/6] started: extract_orders | running: extract_orders (0s) | done 0, failed 0
 * [2/6] started: extract_customers | running: extract_orders (0s), extract_customers (0s) | done 0, failed 0
 * [2/6] succeeded: extract_customers (40ms, 12,450 rows) | running: extract_orders (40ms) | done 1, failed 0
 * ...
 * retry: load_warehouse attempt 1 failed (IOException: disk full); next attempt in 30s
 * failed: load_warehouse after 3 attempts (alert_and_continue): IOException: disk full
 * finished: 🟡 COMPLETED WITH FAILURES in 7m 42s | done 5, failed 1 | 120,695 rows
 * </pre>
 *
 * {@code [n/total]} counts the steps that have started or are settled. A larger run gets a line
 * when a step starts or ends at most once per {@linkplain Builder#interval(Duration) interval}
 * (default one second), without naming the step:
 *
 * <pre>
 * [3/120] running: extract_orders (0s), extract_customers (0s), extract_products (0s) | done 0, failed 0
 * [4/120] running: extract_orders (58s), transform_orders (0s) | done 3, failed 0
 * </pre>
 *
 * With a {@linkplain Builder#scheduler(Scheduler) scheduler} the line is also repeated every
 * interval while steps run, so long steps show their time going up. Retries, failures and the end
 * of a run are always printed; the end of a resumed run says how long this invocation took and how
 * long it has been since the run started ({@code finished: 🟢 SUCCESS in 50ms (resume 1; 7s since
 * the run started)}).
 *
 * <p>Thread-safe; it may watch several runs at once (their lines interleave).
 */
public final class ProgressListener implements RunListener {
  private final PrintStream out;
  private final Clock clock;
  private final Duration interval;
  private final int everyStepUpTo;
  private final Optional<Scheduler> scheduler;
  private final Map<String, Progress> runs = new HashMap<>();

  /** What one run looks like now. Guarded by the listener. */
  private static final class Progress {
    final String runId;
    final Map<String, StepRun> steps = new LinkedHashMap<>();
    Instant lastPrinted;
    boolean dirty;
    Scheduler.Cancellable tick;

    Progress(String runId) {
      this.runId = runId;
    }
  }

  private ProgressListener(Builder builder) {
    this.out = builder.out;
    this.clock = builder.clock;
    this.interval = builder.interval;
    this.everyStepUpTo = builder.everyStepUpTo;
    this.scheduler = Optional.ofNullable(builder.scheduler);
  }

  /** A listener printing to {@code out} on the system clock, without repeating lines between events. */
  public static ProgressListener to(PrintStream out) {
    return builder(out).build();
  }

  /** A builder printing to {@code out}. */
  public static Builder builder(PrintStream out) {
    return new Builder(Checks.notNull(out, "out"));
  }

  @Override
  public synchronized void onRunStarted(RunStarted event) {
    Progress progress = new Progress(event.runId());
    for (StepRun step : event.state().steps()) {
      progress.steps.put(step.name(), step);
    }
    runs.put(event.runId(), progress);
    int total = progress.steps.size();
    int done = count(progress, StepStatus.SUCCESS);
    out.println(
        String.format(
            "run %s of %s %s: %d step%s%s",
            event.runId(),
            Escape.oneLine(event.plan().pipeline().name()),
            event.resumed() ? "resumed" : "started",
            total,
            total == 1 ? "" : "s",
            done > 0 ? ", " + done + " already done" : ""));
    scheduler.ifPresent(s -> progress.tick = s.schedule(interval, () -> tick(event.runId())));
  }

  @Override
  public synchronized void onStepStarted(StepStarted event) {
    changed(
        event.runId(),
        event.state(),
        () ->
            "started: " + Escape.oneLine(event.step().name())
                + (event.attempt() > 1 ? " (attempt " + event.attempt() + ")" : ""));
  }

  @Override
  public synchronized void onStepSucceeded(StepSucceeded event) {
    changed(
        event.runId(),
        event.state(),
        () ->
            String.format(
                "succeeded: %s (%s, %s rows)",
                Escape.oneLine(event.step().name()),
                Marks.duration(toMillis(event.duration())),
                Marks.rows(event.rows())));
  }

  @Override
  public synchronized void onStepSkipped(StepSkipped event) {
    changed(event.runId(), event.state(), () -> "skipped: " + Escape.oneLine(event.step().name()));
  }

  @Override
  public synchronized void onStepCancelled(StepCancelled event) {
    changed(event.runId(), event.state(), () -> "cancelled: " + Escape.oneLine(event.step().name()));
  }

  @Override
  public synchronized void onRetryScheduled(RetryScheduled event) {
    update(event.runId(), event.state());
    out.println(
        String.format(
            "retry: %s attempt %d failed (%s); next attempt in %s",
            Escape.oneLine(event.step().name()),
            event.failedAttempt(),
            Escape.oneLine(Errors.describe(event.cause())),
            Marks.duration(event.delay())));
  }

  @Override
  public synchronized void onStepFailed(StepFailed event) {
    update(event.runId(), event.state());
    out.println(
        String.format(
            "failed: %s after %d attempt%s (%s): %s",
            Escape.oneLine(event.step().name()),
            event.attempts(),
            event.attempts() == 1 ? "" : "s",
            event.fallback().definitionName(),
            Escape.oneLine(event.state().error().orElseGet(() -> Errors.describe(event.cause())))));
  }

  @Override
  public synchronized void onRunFinished(RunFinished event) {
    PipelineRun run = event.run();
    Progress progress = runs.remove(run.runId());
    if (progress != null && progress.tick != null) {
      progress.tick.cancel();
    }
    out.println(
        String.format(
            "finished: %s%s | %s | %s rows",
            Marks.run(run.status()),
            run.finishedAt().map(end -> " in " + took(run, end)).orElse(""),
            counts(run.steps()),
            Marks.rows(run.totalRows())));
  }

  /** How long the run took: this invocation's time, and for a resume the time since the run started. */
  private static String took(PipelineRun run, Instant end) {
    if (run.resumedAt().isEmpty()) {
      return Marks.span(Duration.between(run.startedAt(), end));
    }
    Instant resumed = run.resumedAt().get(run.resumedAt().size() - 1);
    return String.format(
        "%s (resume %d; %s since the run started)",
        Marks.span(Duration.between(resumed, end)),
        run.resumeCount(),
        Marks.span(Duration.between(run.startedAt(), end)));
  }

  private synchronized void tick(String runId) {
    Progress progress = runs.get(runId);
    if (progress == null) {
      return;
    }
    boolean running = progress.steps.values().stream().anyMatch(s -> s.status() == StepStatus.RUNNING);
    if (progress.dirty || running) {
      print(progress, clock.instant(), Optional.empty());
    }
    progress.tick = scheduler.orElseThrow().schedule(interval, () -> tick(runId));
  }

  private void update(String runId, StepRun state) {
    Progress progress = runs.get(runId);
    if (progress != null) {
      progress.steps.put(state.name(), state);
    }
  }

  /**
   * Records a step's new state; prints the line, naming {@code what} happened, for a run of few
   * steps, or at most once per interval for a larger one.
   */
  private void changed(String runId, StepRun state, Supplier<String> what) {
    Progress progress = runs.get(runId);
    if (progress == null) {
      return;
    }
    progress.steps.put(state.name(), state);
    Instant now = clock.instant();
    if (progress.steps.size() <= everyStepUpTo) {
      print(progress, now, Optional.of(what.get()));
    } else if (progress.lastPrinted == null
        || Duration.between(progress.lastPrinted, now).compareTo(interval) >= 0) {
      print(progress, now, Optional.empty());
    } else {
      progress.dirty = true;
    }
  }

  private void print(Progress progress, Instant now, Optional<String> what) {
    List<StepRun> running = new ArrayList<>();
    int started = 0;
    for (StepRun step : progress.steps.values()) {
      if (step.status() != StepStatus.PENDING || step.attempts() > 0) {
        started++;
      }
      if (step.status() == StepStatus.RUNNING) {
        running.add(step);
      }
    }
    running.sort(Comparator.comparing((StepRun s) -> s.startedAt().orElse(now)));
    List<String> names = new ArrayList<>();
    for (StepRun step : running) {
      Duration elapsed = Duration.between(step.startedAt().orElse(now), now);
      names.add(
          Escape.oneLine(step.name())
              + " ("
              + Marks.duration(toMillis(elapsed.isNegative() ? Duration.ZERO : elapsed))
              + (step.attempts() > 1 ? ", attempt " + step.attempts() : "")
              + ")");
    }
    out.println(
        String.format(
            "[%d/%d] %srunning: %s | %s",
            started,
            progress.steps.size(),
            what.map(w -> w + " | ").orElse(""),
            names.isEmpty() ? "none" : String.join(", ", names),
            counts(progress.steps.values())));
    progress.lastPrinted = now;
    progress.dirty = false;
  }

  /** {@code d} cut to whole milliseconds, as the lines show it. */
  private static Duration toMillis(Duration d) {
    return Duration.ofMillis(d.toMillis());
  }

  private static int count(Progress progress, StepStatus status) {
    return (int) progress.steps.values().stream().filter(s -> s.status() == status).count();
  }

  private static String counts(Iterable<StepRun> steps) {
    int done = 0;
    int failed = 0;
    int skipped = 0;
    int cancelled = 0;
    for (StepRun step : steps) {
      switch (step.status()) {
        case SUCCESS:
          done++;
          break;
        case FAILED:
          failed++;
          break;
        case SKIPPED:
          skipped++;
          break;
        case CANCELLED:
          cancelled++;
          break;
        default:
          break;
      }
    }
    return "done " + done + ", failed " + failed
        + (skipped > 0 ? ", skipped " + skipped : "")
        + (cancelled > 0 ? ", cancelled " + cancelled : "");
  }

  /** Builds a {@link ProgressListener}. */
  public static final class Builder {
    private final PrintStream out;
    private Clock clock = Clock.systemUTC();
    private Duration interval = Duration.ofSeconds(1);
    private int everyStepUpTo = 20;
    private Scheduler scheduler;

    private Builder(PrintStream out) {
      this.out = out;
    }

    /** The clock elapsed times are measured on (default: the system clock); use the executor's. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** The shortest time between two progress lines of a run (default 1 s). */
    public Builder interval(Duration interval) {
      Checks.notNull(interval, "interval");
      Checks.argument(!interval.isNegative() && !interval.isZero(), "interval must be positive, was %s", interval);
      this.interval = interval;
      return this;
    }

    /**
     * Runs of at most {@code steps} steps (default 20) get a line each time a step starts or ends,
     * however close together; larger runs at most one per {@linkplain #interval(Duration)
     * interval}. {@code 0} limits every run to one line per interval.
     */
    public Builder everyStepUpTo(int steps) {
      Checks.argument(steps >= 0, "everyStepUpTo must not be negative, was %s", steps);
      this.everyStepUpTo = steps;
      return this;
    }

    /**
     * Repeats the progress line every interval while steps run, on {@code scheduler} (the
     * executor's, or {@code Scheduler.of(...)} over a pool the host owns).
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Checks.notNull(scheduler, "scheduler");
      return this;
    }

    /** The listener. */
    public ProgressListener build() {
      return new ProgressListener(this);
    }
  }
}
