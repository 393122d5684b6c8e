package io.etlorchestrator.test;

import io.etlorchestrator.core.event.AttemptRejected;
import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.RunFinished;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.RunStarted;
import io.etlorchestrator.core.event.StepCancelled;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.event.StepSkipped;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.event.StepSucceeded;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.Durations;
import io.etlorchestrator.core.internal.Errors;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RunListener} that keeps every event it hears, in order, and a one-line account of each
 * ({@link #lines()}), for tests that build their own {@link io.etlorchestrator.core.Executor}.
 * {@link PipelineTester} records its runs with one of these ({@link TestRun#events()}).
 *
 * <pre>{@code
 * RecordingListener events = new RecordingListener();
 * try (Executor executor = Executor.builder().listener(events).build()) {
 *   executor.run(plan);
 * }
 * assertThat(events.lines()).contains("retry extract_orders#1 in 30s: InjectedFailure: ...");
 * assertThat(events.events(StepFailed.class)).isEmpty();
 * }</pre>
 *
 * <p>The lines read {@code run started}, {@code started extract_orders#1}, {@code retry
 * extract_orders#1 in 30s: IOException: timeout}, {@code rejected extract_orders#2: ...}, {@code
 * succeeded extract_orders#2 rows=52340}, {@code failed load_warehouse after 3 attempts
 * (alert_and_continue): IOException: disk full}, {@code skipped load_warehouse: ...}, {@code
 * cancelled transform_orders: ...} and {@code run finished FAILED}.
 *
 * <p>Thread-safe: one instance may hear several runs at once (their events interleave as they
 * happen); what it returns are copies.
 */
public final class RecordingListener implements RunListener {
  private final List<Object> events = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();

  /** A listener that has heard nothing yet. */
  public RecordingListener() {}

  /** Every event so far, in the order heard: the records of {@code io.etlorchestrator.core.event}. */
  public synchronized List<Object> events() {
    return List.copyOf(events);
  }

  /** The events so far of type {@code type} (such as {@code RetryScheduled.class}), in order. */
  public synchronized <T> List<T> events(Class<T> type) {
    Checks.notNull(type, "type");
    List<T> matching = new ArrayList<>();
    for (Object event : events) {
      if (type.isInstance(event)) {
        matching.add(type.cast(event));
      }
    }
    return List.copyOf(matching);
  }

  /** One line per event so far, in order (see the class comment for their forms). */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  private synchronized void record(Object event, String line) {
    events.add(event);
    lines.add(line);
  }

  @Override
  public void onRunStarted(RunStarted e) {
    record(e, e.resumed() ? "run resumed" : "run started");
  }

  @Override
  public void onStepStarted(StepStarted e) {
    record(e, String.format("started %s#%d", e.step().name(), e.attempt()));
  }

  @Override
  public void onRetryScheduled(RetryScheduled e) {
    record(
        e,
        String.format(
            "retry %s#%d in %s: %s",
            e.step().name(), e.failedAttempt(), Durations.human(e.delay()), Errors.describe(e.cause())));
  }

  @Override
  public void onAttemptRejected(AttemptRejected e) {
    record(e, String.format("rejected %s#%d: %s", e.step().name(), e.attempt(), Errors.describe(e.reason())));
  }

  @Override
  public void onStepSucceeded(StepSucceeded e) {
    record(e, String.format("succeeded %s#%d rows=%d", e.step().name(), e.attempt(), e.rows()));
  }

  @Override
  public void onStepFailed(StepFailed e) {
    record(
        e,
        String.format(
            "failed %s after %d %s (%s): %s",
            e.step().name(),
            e.attempts(),
            e.attempts() == 1 ? "attempt" : "attempts",
            e.fallback().definitionName(),
            Errors.describe(e.cause())));
  }

  @Override
  public void onStepSkipped(StepSkipped e) {
    record(e, String.format("skipped %s: %s", e.step().name(), e.reason()));
  }

  @Override
  public void onStepCancelled(StepCancelled e) {
    record(e, String.format("cancelled %s: %s", e.step().name(), e.reason()));
  }

  @Override
  public void onRunFinished(RunFinished e) {
    record(e, "run finished " + e.run().status());
  }
}
