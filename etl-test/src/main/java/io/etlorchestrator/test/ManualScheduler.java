package io.etlorchestrator.test;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.Durations;
import io.etlorchestrator.core.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Scheduler} on virtual time: a scheduled task runs only when a test moves the clock past
 * its due time, on the thread that moves it. A 30 s retry backoff therefore takes no real time,
 * and a test decides exactly when it falls due. {@link #clock()} shows the same virtual time, for
 * the executor's timestamps.
 *
 * <pre>{@code
 * ManualScheduler time = new ManualScheduler();
 * try (Executor executor = Executor.builder()
 *     .scheduler(time).clock(time.clock()).build()) {
 *   RunHandle handle = executor.start(plan, RunOptions.defaults());
 *   time.awaitPending(1, Duration.ofSeconds(10));   // the first attempt failed: a retry is scheduled
 *   time.advance(Duration.ofSeconds(30));           // the retry falls due and starts now
 * }
 * }</pre>
 *
 * <p>{@link PipelineTester} drives one of these for you: it moves the clock whenever the run has
 * nothing else to do, so most tests never touch it.
 *
 * <p>Thread-safe: tasks may be scheduled and cancelled from any thread. One thread at a time moves
 * the clock ({@link #advance}, {@link #advanceTo}, {@link #runNext}); others wait for it. Tasks run
 * on the moving thread, without any lock of this scheduler held, in order of due time, then of
 * scheduling. Time never goes backwards.
 */
public final class ManualScheduler implements Scheduler {
  /** Where the clock of {@link #ManualScheduler()} starts: 2024-01-15T10:00:00Z, the seed's run. */
  public static final Instant DEFAULT_START = Instant.parse("2024-01-15T10:00:00Z");

  private final Instant start;
  /** Held by the thread moving the clock, so that two advances never interleave their tasks. */
  private final ReentrantLock moving = new ReentrantLock();
  // Guarded by this.
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final List<Duration> delays = new ArrayList<>();
  private long nanos;
  private long sequence;

  /** A scheduler whose clock starts at {@link #DEFAULT_START}. */
  public ManualScheduler() {
    this(DEFAULT_START);
  }

  /** A scheduler whose clock starts at {@code start}. */
  public ManualScheduler(Instant start) {
    this.start = Checks.notNull(start, "start");
  }

  /**
   * Runs {@code task} once the clock has moved {@code delay} past now (a negative delay counts as
   * zero: the task runs at the next move of the clock, even a move by nothing).
   */
  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Checks.notNull(delay, "delay");
    Checks.notNull(task, "task");
    synchronized (this) {
      long after = delay.isNegative() ? 0 : saturatedNanos(delay);
      Task scheduled = new Task(saturatedAdd(nanos, after), sequence++, task);
      tasks.add(scheduled);
      delays.add(delay);
      notifyAll();
      return scheduled;
    }
  }

  /** A clock in UTC showing this scheduler's virtual time. */
  public Clock clock() {
    return new VirtualClock(ZoneOffset.UTC);
  }

  /** The virtual time now. */
  public synchronized Instant now() {
    return start.plusNanos(nanos);
  }

  /** How far the clock has moved since it started. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(nanos);
  }

  /** How many tasks wait to run (cancelled and finished ones are not counted). */
  public synchronized int pending() {
    return tasks.size();
  }

  /** How long until the earliest waiting task falls due (zero if it is due now); empty if none waits. */
  public synchronized Optional<Duration> nextDueIn() {
    Task next = tasks.peek();
    return next == null ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, next.due - nanos)));
  }

  /** Every delay ever asked of this scheduler, in the order asked (cancelled tasks included). */
  public synchronized List<Duration> scheduledDelays() {
    return List.copyOf(delays);
  }

  /**
   * Waits, in real time and at most {@code timeout}, until at least {@code count} tasks wait to
   * run: for a test that must know a retry or a timeout has been scheduled before it moves the
   * clock.
   *
   * @throws AssertionError if fewer are waiting when the timeout is over
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public synchronized void awaitPending(int count, Duration timeout) throws InterruptedException {
    Checks.argument(count >= 0, "count must not be negative, was %s", count);
    Checks.notNull(timeout, "timeout");
    long deadline = System.nanoTime() + saturatedNanos(timeout);
    while (tasks.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            String.format(
                "expected at least %d scheduled tasks within %s of real time, %d are waiting",
                count, timeout, tasks.size()));
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /**
   * Moves the clock forward by {@code duration}, running every task that falls due on the way, in
   * order, each with the clock showing its due time; a task scheduled meanwhile runs too if it falls
   * due within the move. If a task throws, the clock stays at that task's due time, the tasks not
   * yet run keep waiting, and the exception propagates.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public void advance(Duration duration) {
    Checks.notNull(duration, "duration");
    Checks.argument(!duration.isNegative(), "cannot move the clock back: duration was %s", duration);
    moving.lock();
    try {
      long target;
      synchronized (this) {
        target = saturatedAdd(nanos, saturatedNanos(duration));
      }
      moveTo(target);
    } finally {
      moving.unlock();
    }
  }

  /**
   * Moves the clock forward to {@code instant}, as {@link #advance(Duration)} does.
   *
   * @throws IllegalArgumentException if {@code instant} is before {@link #now()}
   */
  public void advanceTo(Instant instant) {
    Checks.notNull(instant, "instant");
    moving.lock();
    try {
      Instant now = now();
      Checks.argument(!instant.isBefore(now), "cannot move the clock back from %s to %s", now, instant);
      advance(Duration.between(now, instant));
    } finally {
      moving.unlock();
    }
  }

  /**
   * Moves the clock to the earliest waiting task's due time and runs every task due then.
   *
   * @return how far the clock moved
   * @throws IllegalStateException if no task is waiting
   */
  public Duration runNext() {
    moving.lock();
    try {
      Duration step =
          nextDueIn().orElseThrow(() -> new IllegalStateException("no task is scheduled; nothing to run"));
      advance(step);
      return step;
    } finally {
      moving.unlock();
    }
  }

  private void moveTo(long target) {
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          nanos = Math.max(nanos, target);
          return;
        }
        tasks.poll();
        nanos = Math.max(nanos, next.due);
        next.started = true;
      }
      next.action.run();
    }
  }

  private static long saturatedNanos(Duration d) {
    return Durations.saturatedNanos(d);
  }

  private static long saturatedAdd(long a, long b) {
    return Durations.saturatedAdd(a, b);
  }

  @Override
  public synchronized String toString() {
    return String.format("ManualScheduler[now=%s, %d pending]", now(), tasks.size());
  }

  private final class Task implements Comparable<Task>, Cancellable {
    final long due;
    final long order;
    final Runnable action;
    /** Guarded by the scheduler. */
    boolean started;

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
        if (!started) {
          tasks.remove(this);
          ManualScheduler.this.notifyAll();
        }
      }
    }
  }

  /** The virtual time, seen in a zone (UTC unless asked otherwise). */
  private final class VirtualClock extends Clock {
    private final ZoneId zone;

    VirtualClock(ZoneId zone) {
      this.zone = Checks.notNull(zone, "zone");
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
      return new VirtualClock(other);
    }

    @Override
    public Instant instant() {
      return now();
    }
  }
}
