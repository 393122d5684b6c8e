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

  static {
    try {
      ROWS = MethodHandles.lookup().findVarHandle(AttemptContext.class, "rows", long.class);
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

  /** Guarded by {@code this}. */
  private int state = NEW;
  /** Guarded by {@code this}: the thread running the action while {@code state == RUNNING}. */
  private Thread runner;

  private volatile boolean stopRequested;
  /** Guarded by {@code this}: whether the action was called. */
  private boolean began;
  @SuppressWarnings("unused") // accessed through ROWS
  private volatile long rows;
  /** Guarded by {@code this}; created on first use. */
  private Map<String, Double> metrics;

  /** Written by the worker before it takes the run's lock to complete the attempt. */
  Throwable failure;

  /** Set and cancelled under the run's lock. */
  Scheduler.Cancellable timeoutTimer;
  /** The attempt's timeout, when it has one; under the run's lock. */
  java.time.Duration timeout;

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

  long rows() {
    return (long) ROWS.getVolatile(this);
  }

  synchronized Map<String, Double> metrics() {
    return metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
  }

  /** Marks the attempt as running on {@code thread}; false if it was cancelled before it began. */
  synchronized boolean begin(Thread thread) {
    if (state != NEW) {
      return false;
    }
    state = RUNNING;
    runner = thread;
    began = true;
    return true;
  }

  /** Whether the action was called. */
  synchronized boolean began() {
    return began;
  }

  /**
   * Ends the attempt on its thread. If a cancellation or timeout interrupted it, the interrupt
   * was delivered while holding this monitor, so clearing the flag here cannot miss it and no
   * interrupt leaks into the thread's next task.
   */
  synchronized void end() {
    if (state == RUNNING) {
      state = DONE;
    } else {
      Thread.interrupted();
    }
    runner = null;
  }

  /**
   * Stops the attempt for {@code reason} ({@link #CANCELLED} or {@link #TIMED_OUT}): interrupts it
   * if it is running, or keeps it from starting. Does nothing once it has ended.
   */
  void stop(int reason) {
    synchronized (this) {
      if (state == NEW || state == RUNNING) {
        stopRequested = true;
        Thread thread = state == RUNNING ? runner : null;
        state = reason;
        if (thread != null) {
          thread.interrupt();
        }
      }
    }
  }

  /** The attempt's state: {@link #NEW}, {@link #RUNNING}, {@link #DONE}, {@link #CANCELLED}, {@link #TIMED_OUT}. */
  synchronized int state() {
    return state;
  }
}
