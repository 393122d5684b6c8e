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

/**
 * Prints one-line progress of runs for people watching a terminal (the command line writes it to
 * standard error):
 *
 * <pre>
 * run run_20240115_100000 of daily_sales_etl started: 6 steps
 * [3/6] running: extract_orders (0s), extract_customers (0s), extract_products (0s) | done 0, failed 0
 * [4/6] running: extract_orders (58s), transform_orders (0s) | done 3, failed 0
 * retry: load_warehouse attempt 1 failed (IOException: disk full); next attempt in 30s
 * failed: load_warehouse after 3 attempts (alert_and_continue): IOException: disk full
 * finished: 🟡 COMPLETED WITH FAILURES in 7m 42s | done 5, failed 1 | 120,695 rows
 * </pre>
 *
 * {@code [n/total]} counts the steps that have started or are settled. A progress line is printed
 * when a step starts or ends, at most once per {@linkplain Builder#interval(Duration) interval}
 * (default one second); with a {@linkplain Builder#scheduler(Scheduler) scheduler} it is also
 * repeated every interval while steps run, so long steps show their time going up. Retries,
 * failures and the end of a run are always printed.
 *
 * <p>Thread-safe; it may watch several runs at once (their lines interleave).
 */
public final class ProgressListener implements RunListener {
  private final PrintStream out;
  private final Clock clock;
  private final Duration interval;
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
    changed(event.runId(), event.state());
  }

  @Override
  public synchronized void onStepSucceeded(StepSucceeded event) {
    changed(event.runId(), event.state());
  }

  @Override
  public synchronized void onStepSkipped(StepSkipped event) {
    changed(event.runId(), event.state());
  }

  @Override
  public synchronized void onStepCancelled(StepCancelled event) {
    changed(event.runId(), event.state());
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
            run.duration().map(d -> " in " + Marks.duration(d)).orElse(""),
            counts(run.steps()),
            Marks.rows(run.totalRows())));
  }

  private synchronized void tick(String runId) {
    Progress progress = runs.get(runId);
    if (progress == null) {
      return;
    }
    boolean running = progress.steps.values().stream().anyMatch(s -> s.status() == StepStatus.RUNNING);
    if (progress.dirty || running) {
      print(progress, clock.instant());
    }
    progress.tick = scheduler.orElseThrow().schedule(interval, () -> tick(runId));
  }

  private void update(String runId, StepRun state) {
    Progress progress = runs.get(runId);
    if (progress != null) {
      progress.steps.put(state.name(), state);
    }
  }

  private void changed(String runId, StepRun state) {
    Progress progress = runs.get(runId);
    if (progress == null) {
      return;
    }
    progress.steps.put(state.name(), state);
    Instant now = clock.instant();
    if (progress.lastPrinted == null
        || Duration.between(progress.lastPrinted, now).compareTo(interval) >= 0) {
      print(progress, now);
    } else {
      progress.dirty = true;
    }
  }

  private void print(Progress progress, Instant now) {
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
              + Marks.duration(Duration.ofSeconds(Math.max(0, elapsed.getSeconds())))
              + (step.attempts() > 1 ? ", attempt " + step.attempts() : "")
              + ")");
    }
    out.println(
        String.format(
            "[%d/%d] running: %s | %s",
            started,
            progress.steps.size(),
            names.isEmpty() ? "none" : String.join(", ", names),
            counts(progress.steps.values())));
    progress.lastPrinted = now;
    progress.dirty = false;
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
