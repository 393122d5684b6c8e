package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.event.RunFinished;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import io.etlorchestrator.core.spi.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for the executor's defects of issue 14 ("guarantees that hold under faults"),
 * each named after the defect. Every one of them hung or disagreed before the fix.
 */
@Timeout(60)
class Issue14RegressionTest {
  private static final long WAIT_SECONDS = 20;

  private static Pipeline chain(StepAction first) {
    return Pipeline.builder("faults")
        .defaultRetryPolicy(RetryPolicy.none())
        .step("a", s -> s.outputs("a.out").action(first))
        .step("b", s -> s.inputs("a.out").outputs("b.out").action(ctx -> ctx.reportRows(1)))
        .step("c", s -> s.action(ctx -> ctx.reportRows(1)))
        .build();
  }

  private static Map<String, StepStatus> statuses(PipelineRun run) {
    return run.steps().stream().collect(Collectors.toMap(StepRun::name, StepRun::status));
  }

  /** Defect 1: a StackOverflowError (any VirtualMachineError) in a step hung the run for good. */
  @Test
  void errorInAStepEndsTheRunInsteadOfHangingIt(@TempDir Path dir) throws Exception {
    CheckpointStore store = CheckpointStore.file(dir);
    Pipeline pipeline = chain(ctx -> { throw new StackOverflowError("deep recursion in the step"); });
    PipelineRun run;
    try (Executor executor = Executor.builder().parallelism(2).checkpointStore(store).build()) {
      RunHandle handle = executor.start(Planner.plan(pipeline), RunOptions.defaults());
      run = handle.result().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    StepRun a = run.step("a").orElseThrow();
    assertThat(a.status()).isEqualTo(StepStatus.FAILED);
    assertThat(a.error()).hasValueSatisfying(e -> assertThat(e).contains("StackOverflowError", "deep recursion"));
    assertThat(run.step("b").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
    // The run's lock is released: the store lets the run be opened (and so resumed) again.
    try (RunJournal journal = store.open(run.runId())) {
      assertThat(journal.state().status()).isEqualTo(RunStatus.FAILED);
    }
  }

  /**
   * Defect 3: the checkpoint failing at the run's final write made the caller see FAILED while
   * every other listener (alerts included) had already heard SUCCESS.
   */
  @Test
  void listenersHearTheStatusTheCallerGetsWhenTheFinalCheckpointFails() throws Exception {
    CheckpointStore failingAtEnd =
        new ForwardingCheckpointStore(CheckpointStore.inMemory()) {
          @Override
          RunJournal journal(RunJournal journal) {
            return new ForwardingJournal(journal) {
              @Override
              public void recordRun(PipelineRun run) {
                if (run.status().isFinished()) {
                  throw new CheckpointException(run.runId(), "disk full at the final write");
                }
                super.recordRun(run);
              }
            };
          }
        };
    List<RunStatus> heard = new CopyOnWriteArrayList<>();
    RunListener listener = new RunListener() {
      @Override
      public void onRunFinished(RunFinished event) {
        heard.add(event.run().status());
      }
    };
    PipelineRun run;
    try (Executor executor =
        Executor.builder().checkpointStore(failingAtEnd).listener(listener).build()) {
      run = executor.start(Planner.plan(chain(ctx -> ctx.reportRows(1))), RunOptions.defaults())
          .result().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.reason()).hasValueSatisfying(
        reason -> assertThat(reason).contains("checkpoint failed", "disk full at the final write"));
    assertThat(heard).containsExactly(RunStatus.FAILED);
  }

  /**
   * Defect 3, the reverse: a listener other than the checkpoint that threw at the end made the
   * caller see FAILED while the store had recorded SUCCESS.
   */
  @Test
  void aListenerThrowingAtTheEndDoesNotChangeTheRecordedStatus() throws Exception {
    CheckpointStore store = CheckpointStore.inMemory();
    List<RunStatus> heard = new CopyOnWriteArrayList<>();
    RunListener throwing = new RunListener() {
      @Override
      public void onRunFinished(RunFinished event) {
        throw new IllegalStateException("the report could not be written");
      }
    };
    RunListener recording = new RunListener() {
      @Override
      public void onRunFinished(RunFinished event) {
        heard.add(event.run().status());
      }
    };
    PipelineRun run;
    try (Executor executor =
        Executor.builder().checkpointStore(store).listener(throwing).listener(recording).build()) {
      run = executor.start(Planner.plan(chain(ctx -> ctx.reportRows(1))), RunOptions.defaults())
          .result().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    RunStatus recorded = store.load(run.runId()).orElseThrow().status();
    assertThat(run.status()).isEqualTo(recorded);
    assertThat(heard).containsExactly(recorded);
    assertThat(recorded).isEqualTo(RunStatus.SUCCESS);
  }

  /**
   * Defect 6: a host scheduler that was shut down threw from {@code schedule}; the exception
   * escaped the worker and the run never ended.
   */
  @Test
  void aSchedulerThatRefusesFailsTheStepItConcernedInsteadOfHangingTheRun() throws Exception {
    Scheduler refusing = (delay, task) -> {
      throw new RejectedExecutionException("scheduler has been shut down");
    };
    Pipeline pipeline =
        Pipeline.builder("faults")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ofSeconds(1)).build())
            .step("timed", s -> s.outputs("t.out").timeout(Duration.ofMinutes(5)).action(ctx -> ctx.reportRows(1)))
            .step("flaky", s -> s.outputs("f.out").action(ctx -> { throw new java.io.IOException("source down"); }))
            .step("after", s -> s.inputs("f.out").action(ctx -> ctx.reportRows(1)))
            .build();
    PipelineRun run;
    try (Executor executor = Executor.builder().parallelism(2).scheduler(refusing).build()) {
      run = executor.start(Planner.plan(pipeline), RunOptions.defaults())
          .result().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    StepRun timed = run.step("timed").orElseThrow();
    assertThat(timed.status()).isIn(StepStatus.FAILED, StepStatus.SKIPPED, StepStatus.CANCELLED);
    StepRun flaky = run.step("flaky").orElseThrow();
    assertThat(flaky.status()).isIn(StepStatus.FAILED, StepStatus.SKIPPED, StepStatus.CANCELLED);
    // Whichever ran first failed naming the scheduler and the cause.
    assertThat(run.steps())
        .anySatisfy(s -> assertThat(s.error()).hasValueSatisfying(
            e -> assertThat(e).contains("schedul", "scheduler has been shut down")));
    assertThat(run.step("after").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
  }

  /**
   * Found by the long fault drill: a listener's Error while hearing of the cancellation that
   * {@code close()} makes was rethrown from the middle of {@code close()}, which then left the
   * executor's threads running. It is rethrown once everything is closed.
   */
  @Test
  void closeClosesEverythingEvenWhenCancellingARunRaisesAnError() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    RunListener failsOnCancel = new RunListener() {
      @Override
      public void onStepSkipped(io.etlorchestrator.core.event.StepSkipped event) {
        // 'b' is skipped by the cancellation, on the thread that cancels
        throw new StackOverflowError("listener broke while hearing of the cancellation");
      }
    };
    Pipeline pipeline = chain(ctx -> {
      running.countDown();
      new CountDownLatch(1).await();
    });
    java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
    Executor executor = Executor.builder().parallelism(2).listener(failsOnCancel).build();
    RunHandle handle = executor.start(Planner.plan(pipeline), RunOptions.defaults());
    assertThat(running.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    org.assertj.core.api.Assertions.assertThatThrownBy(executor::close)
        .isInstanceOf(StackOverflowError.class)
        .hasMessageContaining("hearing of the cancellation");

    assertThat(handle.result().get(WAIT_SECONDS, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.CANCELLED);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    List<Thread> left;
    do {
      left = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("etl-"))
          .collect(Collectors.toList());
    } while (!left.isEmpty() && System.nanoTime() < deadline && sleepBriefly());
    assertThat(left).as("the executor's threads were stopped").isEmpty();
  }

  private static boolean sleepBriefly() {
    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    return true;
  }

  /** Defect 10: stopping a resumed run marked never-started steps CANCELLED instead of SKIPPED. */
  @Test
  void stoppingAResumedRunSkipsTheStepsItNeverStarted() throws Exception {
    CheckpointStore store = CheckpointStore.inMemory();
    // The first run: 'a' fails but lets 'b' run (alert_and_continue), and 'b' fails too, so
    // both have an attempt on record.
    Pipeline failing =
        Pipeline.builder("faults")
            .defaultRetryPolicy(RetryPolicy.none())
            .step("a", s -> s.outputs("a.out").fallback(Fallback.ALERT_AND_CONTINUE)
                .action(ctx -> { throw new java.io.IOException("first run fails"); }))
            .step("b", s -> s.inputs("a.out").outputs("b.out")
                .action(ctx -> { throw new java.io.IOException("first run fails"); }))
            .build();
    CountDownLatch aRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Pipeline blocking =
        Pipeline.builder("faults")
            .defaultRetryPolicy(RetryPolicy.none())
            .step("a", s -> s.outputs("a.out").fallback(Fallback.ALERT_AND_CONTINUE).action(ctx -> {
              aRunning.countDown();
              release.await();
            }))
            .step("b", s -> s.inputs("a.out").outputs("b.out").action(ctx -> ctx.reportRows(1)))
            .build();
    try (Executor executor = Executor.builder().checkpointStore(store).build()) {
      PipelineRun first = executor.run(Planner.plan(failing));
      assertThat(first.step("b").orElseThrow().attempts()).isEqualTo(1);
      RunHandle resumed = executor.startResume(Planner.plan(blocking), first.runId(), RunOptions.defaults());
      assertThat(aRunning.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      resumed.cancel();
      PipelineRun run = resumed.result().get(WAIT_SECONDS, TimeUnit.SECONDS);

      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(statuses(run)).containsEntry("a", StepStatus.CANCELLED).containsEntry("b", StepStatus.SKIPPED);
    }
  }
}
