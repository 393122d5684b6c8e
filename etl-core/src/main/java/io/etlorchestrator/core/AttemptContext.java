package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.spi.Scheduler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One attempt of one step: the {@link StepContext} handed to the action, and the handshake that
 * lets a timeout or a cancellation interrupt exactly this attempt and no later work of the same
 * thread.
 */
final class AttemptContext implements StepContext {
  static final int NEW = 0;
  static final int RUNNING = 1;
  static final int DONE = 2;
  static final int CANCELLED = 3;
  static final int TIMED_OUT = 4;

  private static final VarHandle ROWS;
  private static final VarHandle STATE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ROWS = lookup.findVarHandle(AttemptContext.class, "rows", long.class);
      STATE = lookup.findVarHandle(AttemptContext.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final int index;
  final int attempt;
  final Instant startedAt;
  private final String runId;
  private final PipelineStep step;
  private final Map<String, String> params;

  /**
   * The attempt's state, changed by compare-and-set only. Leaving RUNNING for a stop happens while
   * holding {@code this}, together with the interrupt; see {@link #end()}.
   */
  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state = NEW;
  /** The thread running the action; written before the state becomes RUNNING. */
  private Thread runner;

  private volatile boolean stopRequested;
  /** Whether the action was called; written before the state becomes RUNNING. */
  private boolean began;
  @SuppressWarnings("unused") // accessed through ROWS
  private volatile long rows;
  /** Written under {@code this}; created on first use. */
  private volatile Map<String, Double> metrics;
  /** Profiles the action reported; under {@code this}, created on first use. */
  private Map<String, io.etlorchestrator.core.quality.DatasetProfile> reported;
  /**
   * How the attempt's checks came out and the profiles they used; written by the worker before it
   * takes the run's lock to complete the attempt (like {@link #failure}).
   */
  java.util.List<io.etlorchestrator.core.quality.CheckResult> checkResults = java.util.List.of();
  java.util.List<io.etlorchestrator.core.quality.DatasetProfile> profiles = java.util.List.of();

  /** Written by the worker before it takes the run's lock to complete the attempt. */
  Throwable failure;

  /** Set and cancelled under the run's lock. */
  Scheduler.Cancellable timeoutTimer;
  /** The attempt's timeout, when it has one; under the run's lock. */
  java.time.Duration timeout;
  /**
   * Why the run gave up waiting for this attempt, which was stopped and did not return (see {@link
   * Watchdog}); null while it has not. Under the run's lock. The attempt's outcome is ignored when
   * it does return.
   */
  Throwable abandoned;

  /** When a stop took the attempt from RUNNING ({@link System#nanoTime()}); written under {@code this}. */
  private long stoppedAt;
  /** Whether a stopped attempt's action has returned; see {@link #end()}. */
  private volatile boolean returned;

  AttemptContext(
      String runId,
      PipelineStep step,
      int index,
      int attempt,
      Map<String, String> params,
      Instant startedAt) {
    this.runId = runId;
    this.step = step;
    this.index = index;
    this.attempt = attempt;
    this.params = params;
    this.startedAt = startedAt;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public PipelineStep step() {
    return step;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public Map<String, String> params() {
    return params;
  }

  @Override
  public void reportRows(long count) {
    Checks.argument(count >= 0, "rows must not be negative, was %s", count);
    ROWS.getAndAdd(this, count);
  }

  @Override
  public synchronized void metric(String name, double value) {
    Checks.notNull(name, "name");
    if (metrics == null) {
      metrics = new LinkedHashMap<>();
    }
    metrics.put(name, value);
  }

  @Override
  public boolean isCancelled() {
    return stopRequested;
  }

  @Override
  public synchronized void reportProfile(io.etlorchestrator.core.quality.DatasetProfile profile) {
    Checks.notNull(profile, "profile");
    if (reported == null) {
      reported = new LinkedHashMap<>();
    }
    reported.put(profile.dataset(), profile);
  }

  /** The profiles the action reported, by dataset; empty when it reported none. */
  synchronized Map<String, io.etlorchestrator.core.quality.DatasetProfile> reportedProfiles() {
    return reported == null ? Map.of() : new LinkedHashMap<>(reported);
  }

  long rows() {
    return (long) ROWS.getVolatile(this);
  }

  Map<String, Double> metrics() {
    if (metrics == null) {
      return Map.of();
    }
    synchronized (this) {
      return new LinkedHashMap<>(metrics);
    }
  }

  /** Marks the attempt as running on {@code thread}; false if it was cancelled before it began. */
  boolean begin(Thread thread) {
    runner = thread;
    began = true;
    if (STATE.compareAndSet(this, NEW, RUNNING)) {
      return true;
    }
    began = false; // stopped first: only a stop wrote the state, and it never reads these two
    runner = null;
    return false;
  }

  /** Whether the action was called; on the thread that called {@link #begin}. */
  boolean began() {
    return began;
  }

  /**
   * Ends the attempt on its thread. A stop that interrupted it did so while holding this monitor
   * and after taking the state away from RUNNING; taking the monitor here when the state is no
   * longer RUNNING therefore comes after that interrupt, so clearing the flag cannot miss it and
   * no interrupt leaks into the thread's next task. An attempt that was not stopped ends with one
   * compare-and-set.
   */
  void end() {
    if (!STATE.compareAndSet(this, RUNNING, DONE)) {
      synchronized (this) {
        Thread.interrupted();
        returned = true;
      }
    }
  }

  /**
   * Whether a stop interrupted the action at least {@code grace} nanoseconds before {@code now}
   * and the action has not returned since: an attempt the run may stop waiting for.
   */
  boolean overdue(long now, long grace) {
    synchronized (this) {
      int state = state();
      return (state == CANCELLED || state == TIMED_OUT)
          && runner != null
          && !returned
          && now - stoppedAt >= grace;
    }
  }

  /**
   * Stops the attempt for {@code reason} ({@link #CANCELLED} or {@link #TIMED_OUT}): interrupts it
   * if it is running, or keeps it from starting. Does nothing once it has ended. Returns true if
   * it interrupted a running action (which may or may not return soon).
   */
  boolean stop(int reason) {
    synchronized (this) {
      if (STATE.compareAndSet(this, NEW, reason)) {
        stopRequested = true;
      } else if (STATE.compareAndSet(this, RUNNING, reason)) {
        stopRequested = true;
        stoppedAt = System.nanoTime();
        runner.interrupt();
        return true;
      }
      return false;
    }
  }

  /** The attempt's state: {@link #NEW}, {@link #RUNNING}, {@link #DONE}, {@link #CANCELLED}, {@link #TIMED_OUT}. */
  int state() {
    return (int) STATE.getVolatile(this);
  }
}
