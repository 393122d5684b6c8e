package io.etlorchestrator.core.internal.alert;

import io.etlorchestrator.core.alert.Alert;
import io.etlorchestrator.core.internal.Errors;
import io.etlorchestrator.core.spi.AlertChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts waiting for one channel, delivered one at a time in order on a shared pool, each
 * retried with a doubling delay (scheduled, never slept) and given up after the last attempt.
 * Internal: not part of the public API.
 */
public final class DeliveryLane {
  private static final Logger log = LoggerFactory.getLogger("io.etlorchestrator.core.alert.Alerting");

  /** Told when an alert has been delivered or given up. */
  public interface Outcome {
    /** {@code alert} is done with on this lane; {@code delivered} says whether it arrived. */
    void done(String channel, Alert alert, boolean delivered);
  }

  private final String name;
  private final AlertChannel channel;
  private final ScheduledExecutorService pool;
  private final int maxAttempts;
  private final Duration retryDelay;
  private final Outcome outcome;

  // Guarded by this.
  private final ArrayDeque<Alert> queue = new ArrayDeque<>();
  private boolean busy;
  private int attempt;

  /** A lane for {@code channel}, registered as {@code name}. */
  public DeliveryLane(
      String name,
      AlertChannel channel,
      ScheduledExecutorService pool,
      int maxAttempts,
      Duration retryDelay,
      Outcome outcome) {
    this.name = name;
    this.channel = channel;
    this.pool = pool;
    this.maxAttempts = maxAttempts;
    this.retryDelay = retryDelay;
    this.outcome = outcome;
  }

  /** Queues {@code alert}; returns at once. */
  public void submit(Alert alert) {
    boolean start;
    synchronized (this) {
      queue.add(alert);
      start = !busy;
      busy = true;
    }
    if (start) {
      execute(this::drain);
    }
  }

  private void execute(Runnable task) {
    try {
      pool.execute(task);
    } catch (RejectedExecutionException e) {
      abandonAll("the delivery threads are shut down");
    }
  }

  private void drain() {
    while (true) {
      Alert alert;
      int number;
      synchronized (this) {
        alert = queue.peek();
        if (alert == null) {
          busy = false;
          return;
        }
        number = ++attempt;
      }
      Exception failure = null;
      try {
        channel.send(alert);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = e;
      } catch (Exception e) {
        failure = e;
      } catch (LinkageError | AssertionError e) {
        failure = new IllegalStateException(e);
      }
      if (failure == null) {
        finish(alert, true);
        continue;
      }
      if (number < maxAttempts && !Thread.currentThread().isInterrupted()) {
        long delay = retryDelay.toNanos() << Math.min(20, number - 1);
        log.debug(
            "alert {} of run {} to channel '{}' failed (attempt {} of {}), retrying in {} ms: {}",
            alert.kind().definitionName(), alert.runId(), name, number, maxAttempts,
            TimeUnit.NANOSECONDS.toMillis(delay), Errors.describe(failure));
        try {
          pool.schedule(this::drain, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          abandonAll("the delivery threads are shut down");
        }
        return;
      }
      log.warn(
          "alert {} of run {} could not be delivered to channel '{}' after {} attempt{}: {}",
          alert.kind().definitionName(), alert.runId(), name, number, number == 1 ? "" : "s",
          Errors.describe(failure));
      finish(alert, false);
    }
  }

  private void finish(Alert alert, boolean delivered) {
    synchronized (this) {
      queue.poll();
      attempt = 0;
    }
    outcome.done(name, alert, delivered);
  }

  private void abandonAll(String why) {
    while (true) {
      Alert alert;
      synchronized (this) {
        alert = queue.poll();
        if (alert == null) {
          busy = false;
          attempt = 0;
          return;
        }
      }
      log.warn(
          "alert {} of run {} was not delivered to channel '{}': {}",
          alert.kind().definitionName(), alert.runId(), name, why);
      outcome.done(name, alert, false);
    }
  }
}
