package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.spi.AttemptPolicy;
import io.etlorchestrator.core.spi.Scheduler;
import io.etlorchestrator.core.spi.StepAttempts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link StepAttempts#ended} is called exactly once for every admitted attempt, whichever way it
 * ends, with the failure an attempt policy can tell a stop from a failure by (etl-failsafe's
 * breakers rely on it, issue 14): null for a success, a {@link TimeoutException} for a timeout,
 * and a {@link CancellationException} for an attempt the run stopped, before it began or while it
 * ran (then with what the interrupted action threw as its cause). The last two tests are the
 * paths where the executor broke the contract before issue 14's fix (an Error in the action, a
 * scheduler that refuses the attempt's timeout).
 */
@Timeout(30)
class AttemptEndedContractTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Every {@code ended} call, as "attempt N: failure type" ("ok" for a success). */
  private static final class Recording implements AttemptPolicy, StepAttempts {
    final List<String> admitted = new CopyOnWriteArrayList<>();
    final List<String> ended = new CopyOnWriteArrayList<>();
    final List<String> endedCauses = new CopyOnWriteArrayList<>();

    @Override
    public StepAttempts forStep(PipelineStep step, RetryPolicy retryPolicy) {
      return this;
    }

    @Override
    public io.etlorchestrator.core.spi.Admission admit(int attempt) {
      admitted.add("attempt " + attempt);
      return io.etlorchestrator.core.spi.Admission.proceed();
    }

    @Override
    public void ended(int attempt, Throwable failure) {
      ended.add("attempt " + attempt + ": " + (failure == null ? "ok" : failure.getClass().getSimpleName()));
      if (failure != null && failure.getCause() != null) {
        endedCauses.add(failure.getCause().getClass().getSimpleName());
      }
    }

    @Override
    public Optional<Duration> retryDelay(int made, Throwable failure, RandomGenerator random) {
      return Optional.empty();
    }
  }

  private static Pipeline oneStep(StepAction action) {
    return Pipeline.builder("p").defaultRetryPolicy(RetryPolicy.none()).step("extract", s -> s.action(action)).build();
  }

  private static Executor executor(Recording policy, Scheduler scheduler) {
    return Executor.builder().parallelism(1).scheduler(scheduler).attemptPolicy(policy).build();
  }

  @Test
  void anAttemptTheRunStopsBeforeItBeginsEndsWithACancellationException() throws Exception {
    Recording policy = new Recording();
    AtomicReference<RunHandle> handle = new AtomicReference<>();
    CountDownLatch handed = new CountDownLatch(1);
    RunOptions cancelOnStart =
        RunOptions.builder()
            .listener(
                new io.etlorchestrator.core.event.RunListener() {
                  @Override
                  public void onStepStarted(io.etlorchestrator.core.event.StepStarted event) {
                    try {
                      if (handed.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        handle.get().cancel(); // admitted, not begun: its action is never called
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                })
            .build();
    try (Executor executor = executor(policy, new ManualScheduler())) {
      handle.set(executor.start(Planner.plan(oneStep(ctx -> {})), cancelOnStart));
      handed.countDown();
      assertThat(handle.get().result().get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(RunStatus.CANCELLED);
    }
    assertThat(policy.ended).containsExactly("attempt 1: CancellationException");
  }

  @Test
  void anAttemptTheRunStopsWhileRunningEndsWithACancellationCausedByTheActionsException() throws Exception {
    Recording policy = new Recording();
    CountDownLatch started = new CountDownLatch(1);
    try (Executor executor = executor(policy, new ManualScheduler())) {
      RunHandle handle =
          executor.start(
              Planner.plan(
                  oneStep(
                      ctx -> {
                        started.countDown();
                        new CountDownLatch(1).await();
                      })),
              RunOptions.defaults());
      assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      handle.cancel();
      assertThat(handle.result().get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(RunStatus.CANCELLED);
    }
    assertThat(policy.ended).containsExactly("attempt 1: CancellationException");
    assertThat(policy.endedCauses).containsExactly("InterruptedException");
  }

  @Test
  void aTimedOutAttemptEndsWithATimeoutExceptionWhateverTheActionThrew() throws Exception {
    Recording policy = new Recording();
    ManualScheduler scheduler = new ManualScheduler();
    Pipeline pipeline =
        Pipeline.builder("p")
            .defaultRetryPolicy(RetryPolicy.none())
            .step("extract", s -> s.timeout(Duration.ofMinutes(1)).action(ctx -> new CountDownLatch(1).await()))
            .build();
    try (Executor executor = executor(policy, scheduler)) {
      PipelineRun run = scheduler.drive(executor.start(Planner.plan(pipeline), RunOptions.defaults()), WAIT);
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    }
    assertThat(policy.ended).containsExactly("attempt 1: TimeoutException");
  }

  @Test
  void anAttemptWhoseActionThrowsAVirtualMachineErrorStillEnds() throws Exception {
    Recording policy = new Recording();
    try (Executor executor = executor(policy, new ManualScheduler())) {
      RunHandle handle =
          executor.start(
              Planner.plan(
                  oneStep(
                      ctx -> {
                        throw new StackOverflowError("deep recursion in the step");
                      })),
              RunOptions.defaults());
      assertThat(handle.result().get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(RunStatus.FAILED);
    }
    assertThat(policy.ended).containsExactly("attempt 1: StackOverflowError");
  }

  @Test
  void anAdmittedAttemptWhoseTimeoutCannotBeScheduledStillEnds() throws Exception {
    Recording policy = new Recording();
    Scheduler refusing =
        (delay, task) -> {
          throw new RejectedExecutionException("the host's timer was shut down");
        };
    Pipeline pipeline =
        Pipeline.builder("p")
            .defaultRetryPolicy(RetryPolicy.none())
            .step("extract", s -> s.timeout(Duration.ofMinutes(1)).action(ctx -> {}))
            .build();
    try (Executor executor = executor(policy, refusing)) {
      RunHandle handle = executor.start(Planner.plan(pipeline), RunOptions.defaults());
      PipelineRun run = handle.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    }
    assertThat(policy.admitted).containsExactly("attempt 1");
    assertThat(policy.ended).hasSize(1);
  }
}
