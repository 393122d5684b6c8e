package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.event.RunFinished;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The executor's watchdog: whatever hangs, the run ends (issue 14). The limits are short here so
 * that the tests take a fraction of a second; nothing asserts how long anything took.
 */
@Timeout(30)
class SupervisionTest {
  private static final long WAIT_SECONDS = 20;

  /** Released at the end of each test so that no thread stays stuck in an action. */
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseStuckActions() {
    release.countDown();
  }

  /** Waits for {@link #release} the way a blocking read without a socket timeout does: deaf to interrupts. */
  private StepAction ignoringInterrupts(CountDownLatch started) {
    return ctx -> {
      started.countDown();
      boolean interrupted = false;
      while (true) {
        try {
          release.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      ctx.reportRows(1);
    };
  }

  private static Executor.Builder executor() {
    return Executor.builder()
        .parallelism(2)
        .stopGracePeriod(Duration.ofMillis(200))
        .callbackTimeout(Duration.ofMillis(300))
        .checkpointTimeout(Duration.ofMillis(300));
  }

  @Test
  void anActionThatIgnoresItsTimeoutIsGivenUpOnAfterTheGracePeriod() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Pipeline pipeline =
        Pipeline.builder("deaf")
            .defaultRetryPolicy(RetryPolicy.none())
            .step("stuck", s -> s.outputs("x").timeout(Duration.ofMillis(50)).action(ignoringInterrupts(started)))
            .step("after", s -> s.inputs("x").action(ctx -> ctx.reportRows(1)))
            .step("other", s -> s.action(ctx -> ctx.reportRows(1)))
            .build();
    CheckpointStore store = CheckpointStore.inMemory();
    try (Executor executor = executor().checkpointStore(store).build()) {
      PipelineRun run =
          executor.start(Planner.plan(pipeline), RunOptions.defaults()).result().get(WAIT_SECONDS, TimeUnit.SECONDS);

      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      StepRun stuck = run.step("stuck").orElseThrow();
      assertThat(stuck.status()).isEqualTo(StepStatus.FAILED);
      assertThat(stuck.error().orElseThrow())
          .contains("TimeoutException", "timed out after 50ms", "did not return within 200ms", "thread is left running");
      assertThat(run.step("after").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
      assertThat(run.step("other").orElseThrow().status()).isEqualTo(StepStatus.SUCCESS);
      assertThat(store.load(run.runId()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    }
  }

  @Test
  void aCancelledRunEndsEvenIfAnActionIgnoresTheInterrupt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Pipeline pipeline =
        Pipeline.builder("deaf")
            .step("stuck", s -> s.outputs("x").action(ignoringInterrupts(started)))
            .step("after", s -> s.inputs("x").action(ctx -> ctx.reportRows(1)))
            .build();
    CheckpointStore store = CheckpointStore.inMemory();
    try (Executor executor = executor().checkpointStore(store).build()) {
      RunHandle handle = executor.start(Planner.plan(pipeline), RunOptions.defaults());
      assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      handle.cancel();
      PipelineRun run = handle.result().get(WAIT_SECONDS, TimeUnit.SECONDS);

      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(run.step("stuck").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
      assertThat(run.step("stuck").orElseThrow().error().orElseThrow()).contains("was cancelled", "thread is left running");
      assertThat(run.step("after").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
      // The run's lock is free again: it can be resumed.
      store.open(run.runId()).close();
    }
  }

  @Test
  void aListenerThatHangsIsInterruptedAndFailsTheRun() throws Exception {
    AtomicBoolean wasInterrupted = new AtomicBoolean();
    RunListener hanging = new RunListener() {
      @Override
      public void onStepStarted(StepStarted event) {
        try {
          release.await();
        } catch (InterruptedException e) {
          wasInterrupted.set(true);
          throw new IllegalStateException("interrupted while sending the event", e);
        }
      }
    };
    List<RunStatus> heard = new CopyOnWriteArrayList<>();
    RunListener recording = new RunListener() {
      @Override
      public void onRunFinished(RunFinished event) {
        heard.add(event.run().status());
      }
    };
    Pipeline pipeline =
        Pipeline.builder("slow_listener")
            .step("a", s -> s.outputs("x").action(ctx -> ctx.reportRows(1)))
            .step("b", s -> s.inputs("x").action(ctx -> ctx.reportRows(1)))
            .build();
    try (Executor executor = executor().listener(hanging).listener(recording).build()) {
      PipelineRun run =
          executor.start(Planner.plan(pipeline), RunOptions.defaults()).result().get(WAIT_SECONDS, TimeUnit.SECONDS);

      assertThat(wasInterrupted).isTrue();
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(heard).containsExactly(RunStatus.FAILED);
      assertThat(run.step("b").orElseThrow().reason().orElseThrow())
          .contains("interrupted while sending the event", "had not returned within 300ms and was interrupted");
    }
  }

  @Test
  void aCheckpointThatNeverMakesASuccessDurableFailsTheRun() throws Exception {
    CheckpointStore neverDurable =
        new ForwardingCheckpointStore(CheckpointStore.inMemory()) {
          @Override
          RunJournal journal(RunJournal journal) {
            return new ForwardingJournal(journal) {
              @Override
              public CompletableFuture<Void> commit() {
                return new CompletableFuture<>(); // a disk that never answers
              }
            };
          }
        };
    Pipeline pipeline =
        Pipeline.builder("stuck_disk")
            .step("a", s -> s.outputs("x").action(ctx -> ctx.reportRows(1)))
            .step("b", s -> s.inputs("x").action(ctx -> ctx.reportRows(1)))
            .build();
    try (Executor executor = executor().checkpointStore(neverDurable).build()) {
      PipelineRun run =
          executor.start(Planner.plan(pipeline), RunOptions.defaults()).result().get(WAIT_SECONDS, TimeUnit.SECONDS);

      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(run.step("a").orElseThrow().status()).isEqualTo(StepStatus.SUCCESS);
      assertThat(run.step("b").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
      assertThat(run.step("b").orElseThrow().reason().orElseThrow())
          .contains("checkpoint failed", "did not make a step's success durable within 300ms");
    }
  }

  @Test
  void anInterruptTheWatchdogRaisedDoesNotOutliveTheCallItWasFor() throws Exception {
    // A listener slower than the callback timeout that returns with the interrupt flag still set:
    // the run goes on, and the steps started on the same thread do not start interrupted.
    AtomicBoolean slowedOnce = new AtomicBoolean();
    RunListener slowOnce = new RunListener() {
      @Override
      public void onStepStarted(StepStarted event) {
        if (event.step().name().equals("a") && slowedOnce.compareAndSet(false, true)) {
          // Waits until interrupted and returns with the flag still set (parkNanos keeps it).
          while (!Thread.currentThread().isInterrupted() && release.getCount() > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
          }
        }
      }
    };
    List<Boolean> interruptedAtStart = new CopyOnWriteArrayList<>();
    Pipeline pipeline =
        Pipeline.builder("slow_once")
            .defaultRetryPolicy(RetryPolicy.none())
            .step("a", s -> s.outputs("x").action(ctx -> interruptedAtStart.add(Thread.currentThread().isInterrupted())))
            .step("b", s -> s.inputs("x").action(ctx -> interruptedAtStart.add(Thread.currentThread().isInterrupted())))
            .build();
    try (Executor executor = executor().parallelism(1).listener(slowOnce).build()) {
      PipelineRun run =
          executor.start(Planner.plan(pipeline), RunOptions.defaults()).result().get(WAIT_SECONDS, TimeUnit.SECONDS);

      assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(interruptedAtStart).containsExactly(false, false);
    }
  }
}
