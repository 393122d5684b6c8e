package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.etlorchestrator.core.alert.LogCapture;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 4: a failing step's details are kept, where a person looks for them: a WARN line
 * with the stack trace for every failed attempt, a trimmed trace per attempt in the checkpoint,
 * and the attempts before a resume are still there after it.
 */
class FailureDetailsTest {
  /** Host code that fails the way host code does. */
  static final class HostCode {
    static int parse(Map<String, String> row) {
      return row.get("amount").length(); // NullPointerException when the column is missing
    }
  }

  private static Pipeline pipeline(boolean failing) {
    return Pipeline.builder("details")
        .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(2).fixedBackoff(Duration.ofMillis(1)).build())
        .step("extract", s -> s.outputs("rows").action(ctx -> ctx.reportRows(1)))
        .step("transform", s -> s.inputs("rows").action(ctx -> {
          if (failing) {
            HostCode.parse(Map.of("id", "1"));
          }
          ctx.reportRows(1);
        }))
        .build();
  }

  @Test
  void everyFailedAttemptIsLoggedAtWarnWithItsStackTraceAndTheRunAndStepInTheMdc() {
    PipelineRun run;
    List<ILoggingEvent> warnings;
    try (LogCapture log = new LogCapture("io.etlorchestrator.core.Executor");
        Executor executor = Executor.builder().build()) {
      run = executor.run(Planner.plan(pipeline(true)));
      warnings = log.events().stream()
          .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("attempt"))
          .collect(Collectors.toList());
    }

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0).getFormattedMessage())
        .contains("step 'transform' attempt 1 failed (NullPointerException", "retrying in 1ms");
    assertThat(warnings.get(1).getFormattedMessage()).contains("attempt 2 failed", "no further attempt");
    for (ILoggingEvent warning : warnings) {
      assertThat(warning.getMDCPropertyMap())
          .containsEntry("runId", run.runId()).containsEntry("step", "transform");
      assertThat(warning.getThrowableProxy()).isNotNull();
      assertThat(warning.getThrowableProxy().getClassName()).isEqualTo(NullPointerException.class.getName());
      StackTraceElementProxy[] frames = warning.getThrowableProxy().getStackTraceElementProxyArray();
      assertThat(frames[0].getStackTraceElement().getClassName()).isEqualTo(HostCode.class.getName());
    }
  }

  @Test
  void theCheckpointKeepsATrimmedTracePerFailedAttemptEndingWhereTheExecutorCalledTheStep() {
    CheckpointStore store = CheckpointStore.inMemory();
    PipelineRun run;
    try (Executor executor = Executor.builder().checkpointStore(store).build()) {
      run = executor.run(Planner.plan(pipeline(true)));
    }

    List<AttemptFailure> failures = store.load(run.runId()).orElseThrow().step("transform").orElseThrow().failures();
    assertThat(failures).extracting(AttemptFailure::attempt).containsExactly(1, 2);
    AttemptFailure first = failures.get(0);
    assertThat(first.error()).startsWith("NullPointerException");
    assertThat(first.trace().lines().findFirst().orElseThrow()).startsWith("NullPointerException");
    assertThat(first.trace()).contains("\tat " + HostCode.class.getName() + ".parse(FailureDetailsTest.java:");
    assertThat(first.trace()).doesNotContain("RunExecution", "ThreadPoolExecutor");
    assertThat(run.step("extract").orElseThrow().failures()).isEmpty();
    // The same in the checkpoint document (etl report --format json).
    assertThat(Checkpoint.toJson(store.load(run.runId()).orElseThrow()))
        .contains("\"failures\" : [ {", "\"attempt\" : 1", "FailureDetailsTest$HostCode.parse");
  }

  @Test
  void causesAreKeptWithTheirFirstFrames() {
    CheckpointStore store = CheckpointStore.inMemory();
    Pipeline pipeline = Pipeline.builder("causes").defaultRetryPolicy(RetryPolicy.none())
        .step("load", s -> s.action(ctx -> {
          try {
            HostCode.parse(Map.of());
          } catch (NullPointerException e) {
            throw new java.io.IOException("cannot load the batch", e);
          }
        }))
        .build();
    PipelineRun run;
    try (Executor executor = Executor.builder().checkpointStore(store).build()) {
      run = executor.run(Planner.plan(pipeline));
    }

    String trace = run.step("load").orElseThrow().failures().get(0).trace();
    assertThat(trace).startsWith("IOException: cannot load the batch\n");
    assertThat(trace).contains("Caused by: NullPointerException", "\tat " + HostCode.class.getName() + ".parse");
  }

  @Test
  void theReportsFailuresSectionShowsEveryFailedAttemptAndWhereTheLastOneFailed() {
    CheckpointStore store = CheckpointStore.inMemory();
    PipelineRun run;
    try (Executor executor = Executor.builder().checkpointStore(store).build()) {
      run = executor.run(Planner.plan(pipeline(true)));
    }

    io.etlorchestrator.core.report.RunReport report = io.etlorchestrator.core.report.RunReport.of(run);
    String markdown = report.markdown();
    String failures = markdown.substring(markdown.indexOf("## Failures"), markdown.indexOf("\n## ", markdown.indexOf("## Failures") + 1));
    assertThat(failures)
        .contains("- ❌ transform failed after 2 attempts: NullPointerException")
        .contains("  - attempt 1, ", "  - attempt 2, ")
        .contains("  ```\n  NullPointerException", "\tat " + HostCode.class.getName() + ".parse(");
    assertThat(report.html())
        .contains("<details><summary>2 failed attempts</summary><ol><li value=\"1\">NullPointerException")
        .contains("<pre>NullPointerException");
  }

  @Test
  void aResumedRunStillHasTheFailedAttemptsFromBeforeTheResume() {
    CheckpointStore store = CheckpointStore.inMemory();
    try (Executor executor = Executor.builder().checkpointStore(store).build()) {
      PipelineRun failed = executor.run(Planner.plan(pipeline(true)));
      PipelineRun resumed = executor.resume(Planner.plan(pipeline(false)), failed.runId(), RunOptions.defaults());

      assertThat(resumed.status()).isEqualTo(RunStatus.SUCCESS);
      StepRun transform = resumed.step("transform").orElseThrow();
      assertThat(transform.attempts()).isEqualTo(3);
      assertThat(transform.failures()).extracting(AttemptFailure::attempt).containsExactly(1, 2);
      assertThat(store.load(failed.runId()).orElseThrow().step("transform").orElseThrow().failures()).hasSize(2);
      // The report of the resumed run still shows them.
      assertThat(io.etlorchestrator.core.report.RunReport.of(resumed).markdown())
          .contains("## Retried\n\n- ✅ transform succeeded on attempt 3, after:\n  - attempt 1, ")
          .contains("  - attempt 2, ");
    }
  }
}
