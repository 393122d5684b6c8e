package io.etlorchestrator.test.internal;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunHandle;
import io.etlorchestrator.core.internal.Durations;
import io.etlorchestrator.test.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Moves the virtual time of one run under test: only while the run is {@linkplain Activity#idle()
 * idle}, to the next instant a task falls due, running every task due then and letting the run
 * settle before it looks again. Every wait is bounded in real time; what overruns, or can never
 * end, fails with an {@link AssertionError} that shows the run's steps and what its threads are
 * doing. Internal: not part of the public API.
 */
public final class RunDriver {
  private static final int FRAMES = 12;

  private final RunHandle handle;
  private final String pipeline;
  private final ManualScheduler time;
  private final Activity activity;
  private final Duration limit;
  private final Supplier<String> state;

  /**
   * Drives {@code handle}, a run of {@code pipeline} on {@code time}, each wait bounded by {@code
   * limit} of real time; {@code state} describes the run's steps as far as they are known.
   */
  public RunDriver(
      RunHandle handle,
      String pipeline,
      ManualScheduler time,
      Activity activity,
      Duration limit,
      Supplier<String> state) {
    this.handle = handle;
    this.pipeline = pipeline;
    this.time = time;
    this.activity = activity;
    this.limit = limit;
    this.state = state;
    handle.result().whenComplete((run, failure) -> activity.poke());
  }

  /** Whether the run has ended. */
  public boolean done() {
    return handle.result().isDone();
  }

  /** The ended run. */
  public PipelineRun result() {
    try {
      return handle.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(String.format("interrupted while waiting for run %s", handle.runId()), e);
    } catch (ExecutionException e) {
      throw new AssertionError(String.format("run %s failed unexpectedly", handle.runId()), e.getCause());
    }
  }

  /** Waits until nothing of the run is in flight (or it ended), without moving the clock. */
  public void awaitIdle() {
    settle(deadline(), "settle");
  }

  /** Moves the clock whenever the run is idle, until the run ends; returns it. */
  public PipelineRun runToEnd() {
    long deadline = deadline();
    while (true) {
      settle(deadline, "end");
      if (done()) {
        return result();
      }
      if (System.nanoTime() - deadline > 0) {
        throw overtime("end"); // the clock keeps moving and the run never ends (an endless retry?)
      }
      if (time.pending() > 0) {
        time.runNext();
      } else if (!done() && activity.idle() && time.pending() == 0) {
        throw stuck();
      }
    }
  }

  /** Waits for the run to end without moving the clock; fails if it waits for the clock. */
  public PipelineRun awaitEnd() {
    settle(deadline(), "end");
    if (done()) {
      return result();
    }
    Optional<Duration> next = time.nextDueIn();
    if (next.isEmpty()) {
      throw stuck();
    }
    throw new AssertionError(
        String.format(
            "%s has not ended: it waits for virtual time (the next of %d scheduled tasks falls due in %s,"
                + " at %s); move the clock with advance(...) or runNext(), or let runToEnd() move it%n%s",
            describeRun(), time.pending(), Durations.human(next.get()), time.now().plus(next.get()), state.get()));
  }

  /**
   * Moves the clock forward by {@code duration}, stopping at each instant a task falls due on the
   * way so that the run settles before the clock moves on.
   */
  public void advance(Duration duration) {
    long deadline = deadline();
    Instant target = time.now().plus(duration);
    while (true) {
      settle(deadline, "settle");
      Optional<Duration> next = time.nextDueIn();
      if (next.isEmpty() || time.now().plus(next.get()).isAfter(target)) {
        time.advanceTo(target);
        return;
      }
      time.runNext();
    }
  }

  /** Settles, moves the clock to the next task and runs every task due then; returns how far it moved. */
  public Duration runNext() {
    long deadline = deadline();
    settle(deadline, "settle");
    if (time.pending() == 0) {
      throw new AssertionError(
          String.format("%s: nothing is scheduled in virtual time, so there is no next task to run%n%s", describeRun(), state.get()));
    }
    Duration moved = time.runNext();
    settle(deadline, "settle");
    return moved;
  }

  private long deadline() {
    long nanos;
    try {
      nanos = limit.toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE / 2;
    }
    return System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 2);
  }

  private void settle(long deadline, String doing) {
    try {
      if (!activity.awaitIdle(this::done, deadline)) {
        throw overtime(doing);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(String.format("interrupted while waiting for %s to %s", describeRun(), doing), e);
    }
  }

  private String describeRun() {
    return String.format("run %s of pipeline '%s'", handle.runId(), pipeline);
  }

  private AssertionError overtime(String doing) {
    StringBuilder message =
        new StringBuilder(
            String.format(
                "%s did not %s within %s of real time (PipelineTester.realTimeLimit); virtual time is %s,"
                    + " %s after the clock started%n%s",
                describeRun(), doing, Durations.human(limit), time.now(), Durations.human(time.elapsed()), state.get()));
    Map<Thread, String> attempts = activity.attempts();
    if (attempts.isEmpty()) {
      message.append(String.format("%nno attempt is running (a listener, the checkpoint store or an attempt policy may be slow)"));
    }
    for (Map.Entry<Thread, String> attempt : attempts.entrySet()) {
      Thread thread = attempt.getKey();
      message.append(
          String.format("%n%s is running on thread %s (%s):", attempt.getValue(), thread.getName(), thread.getState()));
      StackTraceElement[] frames = thread.getStackTrace();
      for (int k = 0; k < Math.min(FRAMES, frames.length); k++) {
        message.append(String.format("%n    at %s", frames[k]));
      }
      if (frames.length > FRAMES) {
        message.append(String.format("%n    ... %d more", frames.length - FRAMES));
      }
    }
    return new AssertionError(message.toString());
  }

  private AssertionError stuck() {
    List<String> parked = activity.parked();
    StringBuilder message = new StringBuilder(describeRun());
    if (parked.isEmpty()) {
      message.append(
          " cannot end: no attempt is running and nothing is scheduled in virtual time, yet the run has"
              + " not ended (a listener or attempt policy waiting for something?)");
    } else {
      message.append(
          " cannot end: nothing is scheduled in virtual time, and its running attempts wait for an"
              + " interrupt that nothing will send (give the step a timeout):");
      parked.forEach(p -> message.append(String.format("%n  %s", p)));
    }
    message.append(String.format("%n%s", state.get()));
    return new AssertionError(message.toString());
  }

  /** Waits at most {@code timeout} of real time for the run to end; returns whether it did. */
  public boolean awaitQuietly(Duration timeout) {
    try {
      handle.result().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return done();
    }
  }
}
