package io.etlorchestrator.core.spi;

import io.etlorchestrator.core.internal.Checks;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay: how the executor waits for retries and enforces timeouts
 * without holding a worker thread. The default wraps a {@link ScheduledExecutorService}; tests
 * inject a scheduler on virtual time so that a 30 s backoff takes no real time.
 *
 * <p>Implementations must be thread-safe. Tasks should run promptly and briefly on a thread of
 * the scheduler's (the executor's tasks only update run state and hand work to workers).
 */
@FunctionalInterface
public interface Scheduler {
  /**
   * Runs {@code task} once after {@code delay}.
   *
   * @return a handle that cancels the task if it has not started
   */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that can still be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Calls the task off if it has not started; does nothing otherwise. */
    void cancel();
  }

  /**
   * A scheduler backed by {@code executor}, which the caller owns and shuts down. A delay longer
   * than a {@code long} of nanoseconds holds (about 292 years) waits that long instead of failing.
   */
  static Scheduler of(ScheduledExecutorService executor) {
    Checks.notNull(executor, "executor");
    return (delay, task) -> {
      ScheduledFuture<?> future = executor.schedule(
          task, io.etlorchestrator.core.internal.Durations.saturatedNanos(delay), TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    };
  }
}
