package io.etlorchestrator.test;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.alert.Alert;
import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.Suggestions;
import io.etlorchestrator.core.report.RunReport;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.test.internal.RunTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run that {@link PipelineTester} ran to its end: the final {@link PipelineRun}, every event the
 * run raised, the alerts its rules raised, and the checkpoint store that recorded it (to resume
 * it). Check it with {@link EtlAssertions#assertThat(TestRun)}:
 *
 * <pre>{@code
 * TestRun result = PipelineTester.of(pipeline).failing("extract_orders", 2).run();
 * assertThat(result).succeeded().step("extract_orders").hasAttempts(3);
 * assertThat(result.retryDelays("extract_orders")).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60));
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} is the run's step table.
 */
public final class TestRun {
  private final PipelineRun run;
  private final ExecutionPlan plan;
  /** Heard the whole run, which has ended: it hears nothing more. */
  private final RecordingListener recorder;
  private final Map<String, List<Alert>> alerts;
  private final CheckpointStore store;
  private final ManualScheduler scheduler;

  TestRun(
      PipelineRun run,
      ExecutionPlan plan,
      RecordingListener recorder,
      Map<String, List<Alert>> alerts,
      CheckpointStore store,
      ManualScheduler scheduler) {
    this.run = run;
    this.plan = plan;
    this.recorder = recorder;
    this.alerts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alerts));
    this.store = store;
    this.scheduler = scheduler;
  }

  /** The run as it ended. */
  public PipelineRun run() {
    return run;
  }

  /** The run's id: what {@link PipelineTester#resume(String)} takes. */
  public String runId() {
    return run.runId();
  }

  /** How the run ended. */
  public RunStatus status() {
    return run.status();
  }

  /**
   * The state of the step named {@code name} at the run's end.
   *
   * @throws IllegalArgumentException if the pipeline has no such step (naming the closest one)
   */
  public StepRun step(String name) {
    Checks.notNull(name, "name");
    return run.step(name).orElseThrow(() -> new IllegalArgumentException(unknownStep(run, name)));
  }

  /** The plan that ran (its steps carry the actions as the tester rigged them). */
  public ExecutionPlan plan() {
    return plan;
  }

  /** Every event of the run, in the order raised: the records of {@code io.etlorchestrator.core.event}. */
  public List<Object> events() {
    return recorder.events();
  }

  /** The run's events of type {@code type} (such as {@code StepSucceeded.class}), in order. */
  public <T> List<T> events(Class<T> type) {
    return recorder.events(type);
  }

  /**
   * One line per event, in order, as {@link RecordingListener#lines()} writes them: {@code run
   * started}, {@code started extract_orders#1}, {@code retry extract_orders#1 in 30s: ...}, ...
   */
  public List<String> eventLog() {
    return recorder.lines();
  }

  /** The delays of the retries of step {@code name}, in order (virtual time: none was waited for). */
  public List<Duration> retryDelays(String name) {
    step(name);
    List<Duration> delays = new ArrayList<>();
    for (RetryScheduled retry : events(RetryScheduled.class)) {
      if (retry.step().name().equals(name)) {
        delays.add(retry.delay());
      }
    }
    return List.copyOf(delays);
  }

  /** What the last attempt of step {@code name} threw, if the step ended FAILED in this run. */
  public Optional<Throwable> failure(String name) {
    step(name);
    Throwable last = null;
    for (StepFailed failed : events(StepFailed.class)) {
      if (failed.step().name().equals(name)) {
        last = failed.cause();
      }
    }
    return Optional.ofNullable(last);
  }

  /**
   * The alerts delivered to channel {@code channel}, in the order raised. The tester registers a
   * recording channel for every channel the alert rules name (a definition's {@code alerts:}, or
   * {@link PipelineTester#alertRules}).
   *
   * @throws IllegalArgumentException if no rule names {@code channel} (listing the ones that do)
   */
  public List<Alert> alerts(String channel) {
    Checks.notNull(channel, "channel");
    List<Alert> received = alerts.get(channel);
    if (received == null) {
      throw new IllegalArgumentException(
          alerts.isEmpty()
              ? String.format("no alert rule names channel '%s': the run had no alert rules", channel)
              : String.format(
                  "no alert rule names channel '%s'%s; the rules name: %s",
                  channel, suggestion(channel, alerts.keySet()), String.join(", ", alerts.keySet())));
    }
    return received;
  }

  /** The checkpoint store that recorded the run. */
  public CheckpointStore store() {
    return store;
  }

  /** The virtual time the run ran on (its clock now shows the run's end, or later). */
  public ManualScheduler scheduler() {
    return scheduler;
  }

  /** The run's report, with the planned critical path. */
  public RunReport report() {
    return RunReport.of(run, plan);
  }

  /** What the last attempt of each failed step threw, by step name. */
  Map<String, Throwable> failures() {
    Map<String, Throwable> failures = new LinkedHashMap<>();
    for (StepFailed failed : events(StepFailed.class)) {
      failures.put(failed.step().name(), failed.cause());
    }
    return failures;
  }

  /** The run's header and step table. */
  @Override
  public String toString() {
    return RunTable.of(run);
  }

  static String unknownStep(PipelineRun run, String name) {
    List<String> names = new ArrayList<>();
    run.steps().forEach(s -> names.add(s.name()));
    return String.format(
        "pipeline '%s' has no step '%s'%s; its steps: %s",
        run.pipeline(), name, suggestion(name, names), String.join(", ", names));
  }

  static String suggestion(String name, Iterable<String> candidates) {
    return Suggestions.closest(name, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
  }
}
