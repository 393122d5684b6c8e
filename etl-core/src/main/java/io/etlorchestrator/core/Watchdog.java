package io.etlorchestrator.core;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises the runs of one {@link Executor} in real time, for the faults that would otherwise
 * leave a run without an end. Every tick it asks each active run to look at itself ({@link
 * RunExecution#watch}):
 *
 * <ul>
 *   <li>a call the run made while holding its state (a listener, an attempt policy, the scheduler,
 *       the checkpoint journal) that has not returned within the callback timeout: its thread is
 *       interrupted once, and logged with where it is stuck;
 *   <li>a step's success that has not become durable within the checkpoint timeout: the run fails;
 *   <li>an attempt that was interrupted (timed out or cancelled) and has not returned within the
 *       stop grace period: the run stops waiting for it, so the run can end.
 * </ul>
 *
 * <p>The watchdog uses real time, not the executor's {@link io.etlorchestrator.core.spi.Scheduler}
 * (which may be virtual, or the very thing that is broken). It is one daemon thread per executor,
 * started with the executor's first run and stopped by {@link Executor#close()}; it only looks,
 * and hands whatever has to be done about a run to a short-lived thread of its own, so a call
 * that hangs while doing it cannot stop the watchdog.
 */
final class Watchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Executor.class);

  private final Set<RunExecution> runs;
  private final long tickNanos;
  private final Object monitor = new Object();
  // Guarded by monitor.
  private Thread thread;
  private boolean closed;

  /**
   * A watchdog over {@code runs} (the executor's live set), checking often enough to act within a
   * quarter of the shortest of {@code limits} (at most every second, at least every 10 ms).
   */
  Watchdog(Set<RunExecution> runs, Duration... limits) {
    this.runs = runs;
    long shortest = Long.MAX_VALUE;
    for (Duration limit : limits) {
      shortest = Math.min(shortest, saturatedNanos(limit));
    }
    this.tickNanos = Math.max(10_000_000L, Math.min(1_000_000_000L, shortest / 4));
  }

  /** {@link io.etlorchestrator.core.internal.Durations#saturatedNanos(Duration)}. */
  static long saturatedNanos(Duration duration) {
    return io.etlorchestrator.core.internal.Durations.saturatedNanos(duration);
  }

  /** Makes sure the watchdog is running; called whenever a run starts. */
  void wake() {
    synchronized (monitor) {
      if (closed || thread != null) {
        return;
      }
      thread = new Thread(this::loop, "etl-watchdog");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void loop() {
    while (true) {
      synchronized (monitor) {
        if (closed) {
          return;
        }
      }
      LockSupport.parkNanos(this, tickNanos);
      long now = System.nanoTime();
      for (RunExecution run : runs) {
        try {
          run.watch(now);
        } catch (RuntimeException | LinkageError | AssertionError e) {
          log.error("run {}: the watchdog could not check the run", run.runId(), e);
        }
      }
    }
  }

  /** Stops the watchdog thread; runs still active are no longer supervised. */
  @Override
  public void close() {
    Thread running;
    synchronized (monitor) {
      closed = true;
      running = thread;
    }
    if (running != null) {
      LockSupport.unpark(running);
      boolean interrupted = false;
      while (running.isAlive()) {
        try {
          running.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
