package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.spi.Admission;
import io.etlorchestrator.core.spi.AttemptPolicy;
import io.etlorchestrator.core.spi.StepAttempts;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pluggable attempt policy: admission, delays, attempt timeouts and retry decisions. */
class AttemptPolicyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final ManualScheduler scheduler = new ManualScheduler();
  private Executor executor;

  @AfterEach
  void close() {
    if (executor != null) {
      executor.close();
    }
  }

  private Executor executor(AttemptPolicy policy) {
    executor =
        Executor.builder()
            .parallelism(2)
            .scheduler(scheduler)
            .clock(scheduler.clock())
            .attemptPolicy(policy)
            .build();
    return executor;
  }

  private PipelineRun runDrivingTime(Pipeline pipeline, RecordingListener listener) throws Exception {
    RunHandle handle =
        executor.start(Planner.plan(pipeline), RunOptions.builder().listener(listener).build());
    return scheduler.drive(handle, WAIT);
  }

  /** A policy whose step attempts come from {@code attempts}, the same for every step. */
  private static AttemptPolicy policy(StepAttempts attempts) {
    return (step, retryPolicy) -> attempts;
  }

  @Test
  void aRejectedAttemptFailsWithoutRunningTheStepAndIsRetried() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<String> ended = new CopyOnWriteArrayList<>();
    StepAttempts circuit =
        new StepAttempts() {
          @Override
          public Admission admit(int attempt) {
            return attempt <= 2
                ? Admission.reject(new IllegalStateException("circuit breaker 'postgres' is open"))
                : Admission.proceed();
          }

          @Override
          public void ended(int attempt, Throwable failure) {
            ended.add(attempt + ":" + (failure == null ? "ok" : "failed"));
          }

          @Override
          public Optional<Duration> retryDelay(int made, Throwable failure, RandomGenerator random) {
            return made < 5 ? Optional.of(Duration.ofSeconds(10)) : Optional.empty();
          }
        };
    executor(policy(circuit));
    RecordingListener listener = new RecordingListener();
    Pipeline pipeline =
        Pipeline.builder("p").step("extract", s -> s.action(ctx -> calls.incrementAndGet())).build();

    PipelineRun run = runDrivingTime(pipeline, listener);

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(calls).as("the action runs only when admitted").hasValue(1);
    assertThat(run.step("extract").orElseThrow().attempts()).isEqualTo(3);
    assertThat(ended).as("ended is called for admitted attempts only").containsExactly("3:ok");
    assertThat(listener.lines())
        .containsSubsequence(
            "rejected extract#1: circuit breaker 'postgres' is open",
            "retry extract#1 in PT10S",
            "rejected extract#2: circuit breaker 'postgres' is open",
            "retry extract#2 in PT10S",
            "started extract#3",
            "succeeded extract#3 rows=0");
    assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void aStepRejectedToTheEndFailsWithTheReasonAndItsFallbackApplies() throws Exception {
    StepAttempts alwaysOpen =
        new StepAttempts() {
          @Override
          public Admission admit(int attempt) {
            return Admission.reject(new IllegalStateException("circuit breaker 'postgres' is open"));
          }

          @Override
          public Optional<Duration> retryDelay(int made, Throwable failure, RandomGenerator random) {
            return made < 2 ? Optional.of(Duration.ofSeconds(1)) : Optional.empty();
          }
        };
    executor(policy(alwaysOpen));
    AtomicInteger downstream = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("p")
            .step("extract", s -> s.outputs("x").action(ctx -> {}))
            .step("load", s -> s.inputs("x").action(ctx -> downstream.incrementAndGet()))
            .build();

    PipelineRun run = runDrivingTime(pipeline, new RecordingListener());

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    StepRun extract = run.step("extract").orElseThrow();
    assertThat(extract.status()).isEqualTo(StepStatus.FAILED);
    assertThat(extract.attempts()).isEqualTo(2);
    assertThat(extract.error().orElseThrow()).contains("circuit breaker 'postgres' is open");
    assertThat(run.step("load").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(downstream).hasValue(0);
  }

  @Test
  void aDelayedAttemptWaitsOnTheSchedulerWithoutCountingAsAnAttempt() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    StepAttempts rateLimited =
        new StepAttempts() {
          @Override
          public Admission admit(int attempt) {
            return asked.incrementAndGet() <= 3 ? Admission.delay(Duration.ofMillis(500)) : Admission.proceed();
          }

          @Override
          public Optional<Duration> retryDelay(int made, Throwable failure, RandomGenerator random) {
            return Optional.empty();
          }
        };
    executor(policy(rateLimited));
    Pipeline pipeline = Pipeline.builder("p").step("extract", s -> s.action(ctx -> {})).build();

    PipelineRun run = runDrivingTime(pipeline, new RecordingListener());

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(run.step("extract").orElseThrow().attempts()).isEqualTo(1);
    assertThat(scheduler.elapsed()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void thePolicysAttemptTimeoutInterruptsTheAttemptWhenShorterThanTheSteps() throws Exception {
    List<String> ended = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    StepAttempts timed =
        new StepAttempts() {
          @Override
          public Optional<Duration> timeout(int attempt) {
            return Optional.of(Duration.ofSeconds(5));
          }

          @Override
          public void ended(int attempt, Throwable failure) {
            ended.add(attempt + ":" + (failure == null ? "ok" : failure.getClass().getSimpleName()));
          }

          @Override
          public Optional<Duration> retryDelay(int made, Throwable failure, RandomGenerator random) {
            return Optional.empty();
          }
        };
    executor(policy(timed));
    Pipeline pipeline =
        Pipeline.builder("p")
            .step(
                "slow",
                s ->
                    s.timeout(Duration.ofMinutes(1))
                        .action(
                            ctx -> {
                              started.countDown();
                              Thread.sleep(60_000);
                            }))
            .build();

    RunHandle handle = executor.start(Planner.plan(pipeline), RunOptions.defaults());
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    scheduler.awaitPending(1, WAIT);
    assertThat(scheduler.scheduledDelays()).containsExactly(Duration.ofSeconds(5));
    scheduler.advance(Duration.ofSeconds(5));
    PipelineRun run = handle.result().get(10, TimeUnit.SECONDS);

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.step("slow").orElseThrow().error().orElseThrow())
        .contains("step 'slow' attempt 1 timed out after 5s");
    assertThat(ended).containsExactly("1:TimeoutException");
  }

  @Test
  void theDefaultPolicyRetriesAsTheRetryPolicySays() throws Exception {
    executor(AttemptPolicy.retries());
    AtomicInteger calls = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("p")
            .defaultRetryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(3)
                    .exponentialBackoff(Duration.ofSeconds(30), Duration.ofSeconds(300))
                    .build())
            .step(
                "flaky",
                s ->
                    s.action(
                        ctx -> {
                          if (calls.incrementAndGet() < 3) {
                            throw new IOException("flaky");
                          }
                        }))
            .build();

    PipelineRun run = runDrivingTime(pipeline, new RecordingListener());

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(run.step("flaky").orElseThrow().attempts()).isEqualTo(3);
    assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aPolicyThatThrowsFailsTheStepInsteadOfStallingTheRun() throws Exception {
    for (String broken : List.of("forStep", "admit", "retryDelay")) {
      AtomicInteger calls = new AtomicInteger();
      StepAttempts attempts =
          new StepAttempts() {
            @Override
            public Admission admit(int attempt) {
              if (broken.equals("admit")) {
                throw new IllegalArgumentException("bad admission");
              }
              return Admission.proceed();
            }

            @Override
            public Optional<Duration> retryDelay(int made, Throwable failure, RandomGenerator random) {
              throw new IllegalArgumentException("bad delay");
            }
          };
      AttemptPolicy policy =
          (step, retryPolicy) -> {
            if (broken.equals("forStep")) {
              throw new IllegalArgumentException("bad policy");
            }
            return attempts;
          };
      close();
      executor(policy);
      Pipeline pipeline =
          Pipeline.builder("p")
              .step("extract", s -> s.outputs("x").action(ctx -> {
                calls.incrementAndGet();
                throw new IOException("down");
              }))
              .step("load", s -> s.inputs("x").action(ctx -> {}))
              .build();

      PipelineRun run = runDrivingTime(pipeline, new RecordingListener());

      assertThat(run.status()).as(broken).isEqualTo(RunStatus.FAILED);
      StepRun extract = run.step("extract").orElseThrow();
      assertThat(extract.status()).as(broken).isEqualTo(StepStatus.FAILED);
      assertThat(extract.attempts()).as(broken).isEqualTo(1);
      if (!broken.equals("retryDelay")) {
        assertThat(calls).as(broken + ": the step never ran").hasValue(0);
        assertThat(extract.error().orElseThrow()).as(broken).contains("attempt policy").contains("failed in " + broken);
      } else {
        assertThat(extract.error().orElseThrow()).contains("down");
      }
    }
  }
}
