package io.etlorchestrator.core;

import io.etlorchestrator.core.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on virtual time, for tests: tasks run only when the test advances the clock,
 * on the test's thread. Its {@link #clock()} shows the virtual time.
 */
public final class ManualScheduler implements Scheduler {
  private final Instant origin;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final List<Duration> delays = new ArrayList<>();
  private long now;
  private long sequence;

  /** A scheduler whose clock starts at {@code origin}. */
  public ManualScheduler(Instant origin) {
    this.origin = origin;
  }

  /** A scheduler whose clock starts at 2024-01-15T10:00:00Z, the seed's run. */
  public ManualScheduler() {
    this(Instant.parse("2024-01-15T10:00:00Z"));
  }

  private final class Task implements Comparable<Task>, Cancellable {
    final long due;
    final long order;
    final Runnable action;
    boolean cancelled;

    Task(long due, long order, Runnable action) {
      this.due = due;
      this.order = order;
      this.action = action;
    }

    @Override
    public int compareTo(Task other) {
      return due != other.due ? Long.compare(due, other.due) : Long.compare(order, other.order);
    }

    @Override
    public void cancel() {
      synchronized (ManualScheduler.this) {
        cancelled = true;
        tasks.remove(this);
        ManualScheduler.this.notifyAll();
      }
    }
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(now + delay.toNanos(), sequence++, task);
    tasks.add(t);
    delays.add(delay);
    notifyAll();
    return t;
  }

  /** A clock showing the virtual time. */
  public Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now();
      }
    };
  }

  /** The virtual time now. */
  public synchronized Instant now() {
    return origin.plusNanos(now);
  }

  /** How much virtual time has passed. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(now);
  }

  /** Every delay ever scheduled, in order (cancelled ones included). */
  public synchronized List<Duration> scheduledDelays() {
    return new ArrayList<>(delays);
  }

  /** Tasks waiting to run. */
  public synchronized int pending() {
    return tasks.size();
  }

  /**
   * Waits (in real time, at most {@code timeout}) until at least {@code count} tasks are waiting.
   *
   * @throws AssertionError on timeout
   */
  public synchronized void awaitPending(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (tasks.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "expected " + count + " scheduled tasks within " + timeout + ", have " + tasks.size());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Advances the clock by {@code duration}, running every task that falls due, in order. */
  public void advance(Duration duration) {
    long target;
    synchronized (this) {
      target = now + duration.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = Math.max(now, next.due);
      }
      next.action.run();
    }
  }

  /**
   * Waits for a run while driving virtual time: whenever a task is scheduled (a retry, say) the
   * clock jumps to it. Fails if the run takes more than {@code wait} of real time.
   */
  public PipelineRun drive(RunHandle handle, Duration wait) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!handle.result().isDone()) {
      if (pending() > 0) {
        runNext();
      } else {
        Thread.sleep(1);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the run did not finish within " + wait + " of real time");
      }
    }
    return handle.result().get();
  }

  /** Advances the clock to the next task and runs it; returns how far the clock moved. */
  public Duration runNext() {
    Duration step;
    synchronized (this) {
      Task next = tasks.peek();
      if (next == null) {
        throw new AssertionError("no task is scheduled");
      }
      step = Duration.ofNanos(Math.max(0, next.due - now));
    }
    advance(step);
    return step;
  }
}
