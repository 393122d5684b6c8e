package io.etlorchestrator.cli;

import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepAction;
import java.time.Duration;

/**
 * What {@code --simulate} puts in place of every step's action: it takes the step's {@code
 * estimated_duration} times the time scale and reports a plausible number of rows derived from the
 * step's name (the same on every run, so reports can be compared). Together with {@link
 * ScaledScheduler} (retry delays and timeouts scaled alike) and {@link FailureInjection} it
 * rehearses a pipeline's plan, limits, retries, fallbacks and alerts before any real system exists.
 *
 * <p>The wait ends early, failing the attempt, when the run is cancelled or the thread interrupted.
 */
final class Simulation {
  /** The default {@code --time-scale}: a 2-minute step takes 1.2 s. */
  static final double DEFAULT_TIME_SCALE = 0.01;

  /** How often a simulated step looks whether its run was cancelled. */
  static final long POLL_NANOS = 50_000_000L;

  /** How a simulated step spends its time: a clock to read and a way to wait. */
  interface Sleeper {
    /** The system's: {@link System#nanoTime()} and {@link Thread#sleep(long, int)}. */
    Sleeper SYSTEM =
        new Sleeper() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public void sleep(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
          }
        };

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits about {@code nanos}; throws {@link InterruptedException} when the thread is interrupted. */
    void sleep(long nanos) throws InterruptedException;
  }

  private final double timeScale;
  private final Sleeper sleeper;

  Simulation(double timeScale) {
    this(timeScale, Sleeper.SYSTEM);
  }

  /** A simulation whose steps spend their time on {@code sleeper} (a test's virtual time, say). */
  Simulation(double timeScale, Sleeper sleeper) {
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new CliException(
          String.format("--time-scale must be a positive number such as 0.01, was %s", timeScale));
    }
    this.timeScale = timeScale;
    this.sleeper = sleeper;
  }

  /** The factor applied to estimated durations, retry delays and timeouts. */
  double timeScale() {
    return timeScale;
  }

  /** The simulated action of {@code step}. */
  StepAction actionFor(PipelineStep step) {
    Duration takes = ScaledScheduler.scale(step.estimatedDuration(), timeScale);
    long rows = rows(step.name());
    return ctx -> {
      long deadline = sleeper.nanoTime() + takes.toNanos();
      for (long left = takes.toNanos(); left > 0; left = deadline - sleeper.nanoTime()) {
        if (ctx.isCancelled()) {
          throw new InterruptedException("simulated step " + step.name() + " was cancelled");
        }
        sleeper.sleep(Math.min(left, POLL_NANOS));
      }
      ctx.reportRows(rows);
    };
  }

  /** A plausible row count for the step named {@code name}: 1,000 to 100,000, fixed per name. */
  static long rows(String name) {
    // String.hashCode is specified, so the count is the same on every JVM.
    int hash = name.hashCode() * 0x9E3779B1;
    return 1_000 + Integer.toUnsignedLong(hash) % 99_001;
  }
}
