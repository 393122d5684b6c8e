package io.etlorchestrator.core;

import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.RunFinished;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.RunStarted;
import io.etlorchestrator.core.event.StepCancelled;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.event.StepSkipped;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.event.StepSucceeded;
import java.util.ArrayList;
import java.util.List;

/** Records every event as a line such as {@code succeeded extract_orders#1 rows=10}. */
public final class RecordingListener implements RunListener {
  private final List<String> lines = new ArrayList<>();
  private final List<Object> events = new ArrayList<>();

  /** The lines so far. */
  public synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  /** The events so far. */
  public synchronized List<Object> events() {
    return new ArrayList<>(events);
  }

  private synchronized void record(Object event, String line) {
    events.add(event);
    lines.add(line);
  }

  @Override
  public void onRunStarted(RunStarted e) {
    record(e, "run started");
  }

  @Override
  public void onStepStarted(StepStarted e) {
    record(e, "started " + e.step().name() + "#" + e.attempt());
  }

  @Override
  public void onRetryScheduled(RetryScheduled e) {
    record(e, "retry " + e.step().name() + "#" + e.failedAttempt() + " in " + e.delay());
  }

  @Override
  public void onAttemptRejected(io.etlorchestrator.core.event.AttemptRejected e) {
    record(e, "rejected " + e.step().name() + "#" + e.attempt() + ": " + e.reason().getMessage());
  }

  @Override
  public void onStepSucceeded(StepSucceeded e) {
    record(e, "succeeded " + e.step().name() + "#" + e.attempt() + " rows=" + e.rows());
  }

  @Override
  public void onStepFailed(StepFailed e) {
    record(
        e,
        "failed " + e.step().name() + " after " + e.attempts() + " " + e.fallback().definitionName());
  }

  @Override
  public void onStepSkipped(StepSkipped e) {
    record(e, "skipped " + e.step().name() + " (" + e.reason() + ")");
  }

  @Override
  public void onStepCancelled(StepCancelled e) {
    record(e, "cancelled " + e.step().name() + " (" + e.reason() + ")");
  }

  @Override
  public void onRunFinished(RunFinished e) {
    record(e, "run finished " + e.run().status());
  }
}
