package io.etlorchestrator.core.internal.alert;

import io.etlorchestrator.core.alert.Alert;
import io.etlorchestrator.core.internal.Durations;
import io.etlorchestrator.core.internal.Errors;
import io.etlorchestrator.core.spi.AlertChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts waiting for one channel, delivered one at a time in order on a shared pool, each
 * retried with a doubling delay (scheduled, never slept) and given up after the last attempt.
 * Internal: not part of the public API.
 *
 * <p>Every attempt ends, whatever {@code send} throws: an exception, an {@link Error} of any kind
 * ({@link StackOverflowError} and {@link OutOfMemoryError} included) or an interrupt. The attempt
 * counts as failed, is retried or given up, and the lane goes on with its next alert. An {@code
 * Error} is logged with its stack trace and not rethrown: the lane runs as a task of a {@link
 * ScheduledExecutorService}, whose future nobody reads, so rethrowing would only end that task and
 * hide the error. An interrupt is not swallowed either: the task that saw it ends with the flag
 * set, and the lane goes on in a fresh task (or gives everything up if the pool is shut down). The
 * channel's {@code toString()} is never called: the lane names it by its registered name.
 */
public final class DeliveryLane {
  private static final Logger log = LoggerFactory.getLogger("io.etlorchestrator.core.alert.Alerting");
  private static final String POOL_SHUT_DOWN = "the delivery threads are shut down";

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
  /** A drain task is scheduled or running: at most one per lane, so sends stay one at a time. */
  private boolean busy;
  /** A drain task is running now; {@link #stop} leaves its alert in flight to it. */
  private boolean running;
  /** Attempts made for the alert at the head of the queue. */
  private int attempt;
  /** Set for good by {@link #stop}: nothing more is sent. */
  private boolean stopped;
  private String stopReason;

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

  /** Queues {@code alert}; returns at once and never throws. */
  public void submit(Alert alert) {
    boolean start = false;
    String refused;
    synchronized (this) {
      refused = stopReason;
      if (!stopped) {
        queue.add(alert);
        start = !busy;
        busy = true;
      }
    }
    if (refused != null) {
      abandon(alert, refused);
    } else if (start) {
      execute(this::drain, 0);
    }
  }

  /**
   * Sends nothing more: gives up every queued alert now, saying {@code why}, except one whose send
   * is in flight, which is given up (unless it arrived) when its send returns.
   */
  public void stop(String why) {
    List<Alert> dropped;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      stopReason = why;
      dropped = running ? List.of() : takeAll();
    }
    dropped.forEach(alert -> abandon(alert, why));
  }

  private List<Alert> takeAll() {
    List<Alert> all = new ArrayList<>(queue);
    queue.clear();
    attempt = 0;
    return all;
  }

  /** Runs {@code task} on the pool after {@code delayNanos}; gives everything up if it refuses. */
  private void execute(Runnable task, long delayNanos) {
    try {
      if (delayNanos == 0) {
        pool.execute(task);
      } else {
        pool.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      }
    } catch (RejectedExecutionException e) {
      abandonAll(POOL_SHUT_DOWN);
    } catch (RuntimeException e) { // a host's pool that fails otherwise: nothing will run either
      abandonAll("the delivery threads refused the delivery: " + Errors.describe(e));
    }
  }

  private void drain() {
    synchronized (this) {
      running = true;
    }
    while (true) {
      Alert alert;
      int number;
      List<Alert> dropped;
      String why;
      synchronized (this) {
        dropped = stopped ? takeAll() : List.of();
        why = stopReason;
        alert = queue.peek();
        if (alert == null) {
          busy = false;
          running = false;
          number = 0;
        } else {
          number = ++attempt;
        }
      }
      if (alert == null) {
        dropped.forEach(a -> abandon(a, why));
        return;
      }
      Throwable failure = attempt(alert, number);
      boolean interrupted = Thread.interrupted();
      boolean retry;
      synchronized (this) {
        retry = failure != null && number < maxAttempts && !stopped;
        if (!retry) {
          queue.poll();
          attempt = 0;
        }
        if (retry || interrupted) {
          running = false; // this task ends here; the lane goes on in the one scheduled below
        }
      }
      if (retry) {
        long delay = Durations.saturatedShift(Durations.saturatedNanos(retryDelay), Math.min(20, number - 1));
        log.debug(
            "alert {} of run {} to channel '{}' failed (attempt {} of {}), retrying in {} ms: {}",
            alert.kind().definitionName(), alert.runId(), name, number, maxAttempts,
            TimeUnit.NANOSECONDS.toMillis(delay), Errors.describe(failure));
        execute(this::drain, delay);
      } else {
        if (failure != null) {
          log.warn(
              "alert {} of run {} could not be delivered to channel '{}' after {} attempt{}: {}",
              alert.kind().definitionName(), alert.runId(), name, number, number == 1 ? "" : "s",
              Errors.describe(failure));
        }
        done(alert, failure == null);
        if (interrupted) {
          execute(this::drain, 0);
        }
      }
      if (retry || interrupted) {
        if (interrupted) {
          Thread.currentThread().interrupt(); // not ours to swallow: the pool decides what it means
        }
        return;
      }
    }
  }

  /** One send; returns what it threw, or null if it returned. */
  private Throwable attempt(Alert alert, int number) {
    try {
      channel.send(alert);
      return null;
    } catch (Exception e) {
      return e;
    } catch (Throwable e) {
      // A bug of the channel's, or the JVM in trouble. Said once with its stack trace, since no
      // one else will see it (see the class comment); the attempt fails like any other.
      try {
        log.error(
            "channel '{}' threw {} while sending alert {} of run {} (attempt {} of {})",
            name, Errors.describe(e), alert.kind().definitionName(), alert.runId(), number, maxAttempts, e);
      } catch (RuntimeException | Error unloggable) {
        // An error whose stack trace cannot be written: the WARN line of the attempt still says what it was.
      }
      return e;
    }
  }

  private void abandonAll(String why) {
    while (true) {
      Alert alert;
      synchronized (this) {
        alert = queue.poll();
        if (alert == null) {
          busy = false;
          running = false;
          attempt = 0;
          return;
        }
      }
      abandon(alert, why);
    }
  }

  private void abandon(Alert alert, String why) {
    log.warn(
        "alert {} of run {} was not delivered to channel '{}': {}",
        alert.kind().definitionName(), alert.runId(), name, why);
    done(alert, false);
  }

  /** Tells the outcome; a failure to tell it must not stop the lane. */
  private void done(Alert alert, boolean delivered) {
    try {
      outcome.done(name, alert, delivered);
    } catch (RuntimeException | Error e) {
      log.error(
          "the outcome of alert {} of run {} to channel '{}' could not be recorded",
          alert.kind().definitionName(), alert.runId(), name, e);
    }
  }
}
