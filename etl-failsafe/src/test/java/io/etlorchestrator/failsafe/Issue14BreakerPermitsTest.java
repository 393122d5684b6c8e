package io.etlorchestrator.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.ManualScheduler;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.RunHandle;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.spi.Admission;
import io.etlorchestrator.core.spi.StepAttempts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14, "Guarantees that hold under faults": a Failsafe circuit breaker stayed half-open for
 * good once its trial attempt was cancelled or rejected by another policy of the step (the
 * permit it took was never returned, and every later attempt was rejected with "is open (0
 * failures); next attempt allowed in 0ms"), and cancelling a run recorded breaker failures as if
 * the source had failed.
 */
@Timeout(60)
class Issue14BreakerPermitsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** A breaker that opens after 2 failures, stays open an hour, and closes after 1 success. */
  private static CircuitBreaker<Object> breaker() {
    return CircuitBreaker.builder()
        .withFailureThreshold(2)
        .withDelay(Duration.ofHours(1))
        .withSuccessThreshold(1)
        .build();
  }

  /** A breaker waiting for its one trial attempt. */
  private static CircuitBreaker<Object> halfOpenBreaker() {
    CircuitBreaker<Object> breaker = breaker();
    breaker.halfOpen();
    return breaker;
  }

  /** Blocks until the run interrupts it. */
  private static void blockUntilInterrupted(CountDownLatch started) throws InterruptedException {
    started.countDown();
    new CountDownLatch(1).await();
  }

  private static Pipeline oneStep(String input, StepAction action) {
    return Pipeline.builder("p")
        .defaultRetryPolicy(RetryPolicy.none())
        .step("extract", s -> s.inputs(input).action(action))
        .build();
  }

  private static Executor executor(FailsafeAttemptPolicy policy, int parallelism) {
    ManualScheduler scheduler = new ManualScheduler(); // no timer fires unless a test advances it
    return Executor.builder()
        .parallelism(parallelism)
        .scheduler(scheduler)
        .clock(scheduler.clock())
        .attemptPolicy(policy)
        .build();
  }

  private static PipelineRun await(RunHandle handle) throws Exception {
    return handle.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void aBreakerDoesNotStayHalfOpenForGoodAfterItsTrialAttemptIsCancelled() throws Exception {
    CircuitBreaker<Object> breaker = halfOpenBreaker();
    FailsafeAttemptPolicy policy = FailsafeAttemptPolicy.builder().circuitBreaker("postgres", breaker).build();
    CountDownLatch started = new CountDownLatch(1);

    try (Executor executor = executor(policy, 1)) {
      RunHandle first =
          executor.start(
              Planner.plan(oneStep("postgres.orders", ctx -> blockUntilInterrupted(started))),
              RunOptions.defaults());
      assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the trial attempt began").isTrue();
      first.cancel();
      assertThat(await(first).status()).isEqualTo(RunStatus.CANCELLED);

      assertThat(breaker.isHalfOpen())
          .as("the cancelled trial said nothing about postgres: the breaker still waits for a trial")
          .isTrue();
      assertThat(breaker.getFailureCount()).as("failures recorded by the cancellation").isZero();

      PipelineRun second = executor.run(Planner.plan(oneStep("postgres.orders", ctx -> {})), RunOptions.defaults());
      assertThat(second.status())
          .as("the next run's trial attempt is let through: %s", second.step("extract").orElseThrow().error())
          .isEqualTo(RunStatus.SUCCESS);
    }
    assertThat(breaker.isClosed()).as("the trial's success closed the breaker").isTrue();
  }

  @Test
  void aBreakerDoesNotStayHalfOpenForGoodWhenTheRunStopsBeforeItsAdmittedTrialBegins() throws Exception {
    CircuitBreaker<Object> breaker = halfOpenBreaker();
    FailsafeAttemptPolicy policy = FailsafeAttemptPolicy.builder().circuitBreaker("postgres", breaker).build();
    AtomicReference<RunHandle> handle = new AtomicReference<>();
    CountDownLatch handed = new CountDownLatch(1);
    AtomicReference<Boolean> actionRan = new AtomicReference<>(false);
    // The step's attempt has been admitted (the breaker gave it its trial permit) and is about to
    // begin: cancelling now keeps its action from ever being called.
    RunListener cancelOnStart =
        new RunListener() {
          @Override
          public void onStepStarted(StepStarted event) {
            try {
              if (handed.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                handle.get().cancel();
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };

    try (Executor executor = executor(policy, 1)) {
      handle.set(
          executor.start(
              Planner.plan(oneStep("postgres.orders", ctx -> actionRan.set(true))),
              RunOptions.builder().listener(cancelOnStart).build()));
      handed.countDown();
      PipelineRun first = await(handle.get());
      assertThat(first.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(actionRan.get()).as("the admitted attempt never began").isFalse();

      PipelineRun second = executor.run(Planner.plan(oneStep("postgres.orders", ctx -> {})), RunOptions.defaults());
      assertThat(second.step("extract").orElseThrow().error())
          .as("the next run's trial attempt is not rejected")
          .isEmpty();
      assertThat(second.status()).isEqualTo(RunStatus.SUCCESS);
    }
    assertThat(breaker.isClosed()).isTrue();
  }

  @Test
  void cancellingARunWithAttemptsRunningOnABreakersSourceRecordsNoFailures() throws Exception {
    CircuitBreaker<Object> breaker = breaker();
    FailsafeAttemptPolicy policy = FailsafeAttemptPolicy.builder().circuitBreaker("postgres", breaker).build();
    CountDownLatch started = new CountDownLatch(3);
    // Three ways an action ends when the run interrupts it: the InterruptedException itself, a
    // driver's exception caused by it, and an interrupted NIO channel wrapped by the action.
    StepAction plain = ctx -> blockUntilInterrupted(started);
    StepAction wrapped =
        ctx -> {
          try {
            blockUntilInterrupted(started);
          } catch (InterruptedException e) {
            throw new IllegalStateException("query on postgres.customers interrupted", e);
          }
        };
    StepAction channel =
        ctx -> {
          try {
            blockUntilInterrupted(started);
          } catch (InterruptedException e) {
            throw new UncheckedIOException(new ClosedByInterruptException());
          }
        };
    Pipeline pipeline =
        Pipeline.builder("p")
            .defaultRetryPolicy(RetryPolicy.none())
            .step("extract_orders", s -> s.inputs("postgres.orders").action(plain))
            .step("extract_customers", s -> s.inputs("postgres.customers").action(wrapped))
            .step("extract_items", s -> s.inputs("postgres.items").action(channel))
            .build();

    try (Executor executor = executor(policy, 3)) {
      RunHandle handle = executor.start(Planner.plan(pipeline), RunOptions.defaults());
      assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("all three attempts began").isTrue();
      handle.cancel();
      PipelineRun run = await(handle);

      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(run.steps()).allSatisfy(step -> assertThat(step.status()).isEqualTo(StepStatus.CANCELLED));
    }
    assertThat(breaker.getFailureCount()).as("failures recorded for a run the user cancelled").isZero();
    assertThat(breaker.getSuccessCount()).as("successes recorded for it").isZero();
    assertThat(breaker.isClosed()).as("postgres did not fail: the breaker stays closed").isTrue();
  }

  @Test
  void aStepRejectedByAnotherBreakerReturnsTheHalfOpenPermitItTook() throws Exception {
    CircuitBreaker<Object> postgres = halfOpenBreaker();
    CircuitBreaker<Object> warehouse = breaker();
    warehouse.open();
    FailsafeAttemptPolicy policy =
        FailsafeAttemptPolicy.builder()
            .circuitBreaker("postgres", postgres) // asked first: it gives the step its trial permit
            .circuitBreaker("warehouse", warehouse) // then rejects the step
            .build();
    Pipeline pipeline =
        Pipeline.builder("p")
            .defaultRetryPolicy(RetryPolicy.none())
            .step(
                "copy_orders",
                s -> s.inputs("postgres.orders").resources("warehouse").fallback(Fallback.ALERT_AND_CONTINUE).action(ctx -> {}))
            .step("extract_customers", s -> s.inputs("postgres.customers").dependsOn("copy_orders").action(ctx -> {}))
            .build();

    try (Executor executor = executor(policy, 1)) {
      PipelineRun run = executor.run(Planner.plan(pipeline), RunOptions.defaults());

      assertThat(run.step("copy_orders").orElseThrow().error().orElseThrow())
          .contains("circuit breaker 'warehouse' is open");
      assertThat(run.step("extract_customers").orElseThrow().error())
          .as("postgres's trial permit came back when warehouse rejected copy_orders")
          .isEmpty();
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    }
    assertThat(postgres.isClosed()).as("extract_customers's trial closed postgres").isTrue();
  }

  @Test
  void anAttemptHeldBackByAFullBulkheadHoldsNoBreakerPermit() throws Exception {
    CircuitBreaker<Object> breaker = halfOpenBreaker();
    Bulkhead<Object> bulkhead = Bulkhead.of(1);
    FailsafeAttemptPolicy policy =
        FailsafeAttemptPolicy.builder().circuitBreaker("postgres", breaker).bulkhead("snowflake", bulkhead).build();
    ManualScheduler scheduler = new ManualScheduler();
    Pipeline pipeline =
        Pipeline.builder("p")
            .defaultRetryPolicy(RetryPolicy.none())
            .step("load_orders", s -> s.inputs("postgres.orders").outputs("snowflake.orders").action(ctx -> {}))
            .build();
    assertThat(bulkhead.tryAcquirePermit()).as("another user of snowflake fills the bulkhead").isTrue();

    try (Executor executor =
        Executor.builder().parallelism(1).scheduler(scheduler).clock(scheduler.clock()).attemptPolicy(policy).build()) {
      RunHandle handle = executor.start(Planner.plan(pipeline), RunOptions.defaults());
      scheduler.awaitPending(1, WAIT); // load_orders found the bulkhead full and asks again later
      handle.cancel();
      PipelineRun run = await(handle);
      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(run.step("load_orders").orElseThrow().attempts()).as("load_orders never started").isZero();
      bulkhead.releasePermit();

      PipelineRun next = executor.run(Planner.plan(pipeline), RunOptions.defaults());
      assertThat(next.step("load_orders").orElseThrow().error()).as("the breaker's trial is still free").isEmpty();
    }
    assertThat(breaker.isClosed()).isTrue();
    assertThat(bulkhead.tryAcquirePermit()).as("the bulkhead's permit came back too").isTrue();
  }

  @Test
  void aPermitLeftFromAnEarlierHalfOpenPeriodAddsNoTrialToTheNext() {
    // Two trials per half-open period; no delay, so a reopened breaker is half-open again at once.
    CircuitBreaker<Object> breaker =
        CircuitBreaker.builder().withFailureThreshold(1).withSuccessThreshold(2).withDelay(Duration.ZERO).build();
    breaker.halfOpen();
    FailsafeAttemptPolicy policy = FailsafeAttemptPolicy.builder().circuitBreaker("postgres", breaker).build();
    StepAttempts[] steps = new StepAttempts[5];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = policy.forStep(PipelineStep.builder("extract_" + i).inputs("postgres.t" + i).build(), RetryPolicy.none());
    }

    assertThat(steps[0].admit(1).admitted()).as("the first trial").isTrue();
    assertThat(steps[1].admit(1).admitted()).as("the second trial").isTrue();
    steps[1].ended(1, new IOException("connection refused")); // reopens the breaker
    assertThat(steps[2].admit(1).admitted()).as("the first trial of the next half-open period").isTrue();
    steps[0].ended(1, new CancellationException("run cancelled")); // its permit was of the last period
    assertThat(steps[3].admit(1).admitted()).as("the second trial of the next period").isTrue();
    Admission third = steps[4].admit(1);

    assertThat(third.admitted()).as("a third trial in a period of two").isFalse();
    assertThat(third.rejection().orElseThrow())
        .isInstanceOfSatisfying(CircuitOpenException.class, e -> assertThat(e.isHalfOpen()).isTrue())
        .hasMessage(
            "circuit breaker 'postgres' is half-open and its trial attempts are all in flight;"
                + " the next attempt is allowed when one of them ends");
  }
}
