package io.etlorchestrator.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsafe.CircuitBreaker;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.ManualScheduler;
import io.etlorchestrator.core.PermanentStepException;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RecordingListener;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.event.AttemptRejected;
import io.etlorchestrator.core.report.RunReport;
import io.etlorchestrator.core.spi.Admission;
import io.etlorchestrator.core.spi.AttemptPolicy;
import io.etlorchestrator.core.spi.StepAttempts;
import io.etlorchestrator.yaml.YamlPipelineReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FailsafeAttemptPolicyTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Runs {@code pipeline} with {@code policy} on virtual time; returns the run and the delays. */
  private static Outcome run(Pipeline pipeline, AttemptPolicy policy, int parallelism) throws Exception {
    ManualScheduler scheduler = new ManualScheduler();
    RecordingListener listener = new RecordingListener();
    try (Executor executor =
        Executor.builder()
            .parallelism(parallelism)
            .scheduler(scheduler)
            .clock(scheduler.clock())
            .random(new Random(1))
            .attemptPolicy(policy)
            .build()) {
      PipelineRun run =
          scheduler.drive(
              executor.start(Planner.plan(pipeline), RunOptions.builder().listener(listener).build()),
              WAIT);
      return new Outcome(run, scheduler.scheduledDelays(), listener);
    }
  }

  record Outcome(PipelineRun run, List<Duration> delays, RecordingListener listener) {}

  /** A one-step pipeline whose action throws what {@code failures} gives until it gives null. */
  private static Pipeline oneStep(RetryPolicy retry, Supplier<RuntimeException> failures, AtomicInteger calls) {
    return Pipeline.builder("p")
        .defaultRetryPolicy(retry)
        .step(
            "extract",
            s ->
                s.inputs("postgres.orders")
                    .action(
                        ctx -> {
                          calls.incrementAndGet();
                          RuntimeException e = failures.get();
                          if (e != null) {
                            throw e;
                          }
                        }))
        .build();
  }

  @Test
  void theSameScenariosGiveTheSameAttemptsAndDelaysThroughTheCoreAndFailsafe() throws Exception {
    RetryPolicy seed = RetryPolicy.ofDefaults(); // 3 attempts, exponential 30s..300s
    RetryPolicy five =
        RetryPolicy.builder().maxAttempts(5).exponentialBackoff(Duration.ofSeconds(30), Duration.ofSeconds(100)).build();
    RetryPolicy fixed = RetryPolicy.builder().maxAttempts(4).fixedBackoff(Duration.ofSeconds(10)).build();
    RetryPolicy ioOnly =
        RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ofSeconds(1)).retryOn(java.io.UncheckedIOException.class).build();
    record Scenario(String name, RetryPolicy policy, int failures, Supplier<RuntimeException> failure) {}
    List<Scenario> scenarios =
        List.of(
            new Scenario("succeeds on the third attempt", seed, 2, () -> new IllegalStateException("flaky")),
            new Scenario("fails every attempt, capped backoff", five, 99, () -> new IllegalStateException("down")),
            new Scenario("fixed backoff", fixed, 99, () -> new IllegalStateException("down")),
            new Scenario("permanent failure aborts", seed, 99, () -> new PermanentStepException("bad row")),
            new Scenario("only some exceptions retry", ioOnly, 99, () -> new IllegalArgumentException("not io")),
            new Scenario(
                "no delay",
                RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ZERO).build(),
                1,
                () -> new IllegalStateException("blip")),
            new Scenario("one attempt only", RetryPolicy.none(), 99, () -> new IllegalStateException("down")));
    for (Scenario scenario : scenarios) {
      List<Object> results = new ArrayList<>();
      for (AttemptPolicy policy : List.of(AttemptPolicy.retries(), FailsafeAttemptPolicy.builder().build())) {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger thrown = new AtomicInteger();
        Pipeline pipeline =
            oneStep(
                scenario.policy(),
                () -> thrown.incrementAndGet() <= scenario.failures() ? scenario.failure().get() : null,
                calls);
        Outcome outcome = run(pipeline, policy, 1);
        results.add(
            List.of(
                outcome.run().status(),
                outcome.run().step("extract").orElseThrow().attempts(),
                calls.get(),
                outcome.delays()));
      }
      assertThat(results.get(1)).as(scenario.name()).isEqualTo(results.get(0));
    }
    // And the figures themselves, for the capped scenario: 30s, 60s, 100s, 100s.
    AtomicInteger calls = new AtomicInteger();
    Outcome capped =
        run(oneStep(five, () -> new IllegalStateException("down"), calls), FailsafeAttemptPolicy.builder().build(), 1);
    assertThat(capped.delays())
        .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(100), Duration.ofSeconds(100));
    assertThat(calls).hasValue(5);
  }

  @Test
  void jitterStaysWithinItsFraction() throws Exception {
    RetryPolicy jittery =
        RetryPolicy.builder().maxAttempts(6).fixedBackoff(Duration.ofSeconds(10)).jitter(0.2).build();
    Outcome outcome =
        run(oneStep(jittery, () -> new IllegalStateException("down"), new AtomicInteger()), FailsafeAttemptPolicy.builder().build(), 1);
    assertThat(outcome.delays()).hasSize(5).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12)));
  }

  @Test
  void aBreakerSharedByTwoStepsOpensForBothAndTheSecondNeverRuns() throws Exception {
    AtomicInteger customers = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("p")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ofSeconds(5)).build())
            .step(
                "extract_orders",
                s ->
                    s.inputs("postgres.orders")
                        .fallback(Fallback.ALERT_AND_CONTINUE)
                        .action(ctx -> {
                          throw new IOException("connection refused");
                        }))
            .step(
                "extract_customers",
                s ->
                    s.inputs("postgres.customers")
                        .dependsOn("extract_orders")
                        .fallback(Fallback.ALERT_AND_CONTINUE)
                        .action(ctx -> customers.incrementAndGet()))
            .build();
    FailsafeAttemptPolicy policy =
        FailsafeAttemptPolicy.builder().circuitBreaker("postgres", 2, Duration.ofHours(1), 1).build();

    Outcome outcome = run(pipeline, policy, 2);

    assertThat(policy.circuitBreaker("postgres").orElseThrow().isOpen()).isTrue();
    assertThat(outcome.run().status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    var orders = outcome.run().step("extract_orders").orElseThrow();
    assertThat(orders.attempts()).isEqualTo(3);
    assertThat(orders.error().orElseThrow()).contains("circuit breaker 'postgres' is open (2 failures)");
    var second = outcome.run().step("extract_customers").orElseThrow();
    assertThat(second.status()).isEqualTo(StepStatus.FAILED);
    assertThat(customers).as("the open circuit kept the source from being called").hasValue(0);
    assertThat(second.error().orElseThrow()).contains("circuit breaker 'postgres' is open");
    assertThat(outcome.listener().events().stream().filter(e -> e instanceof AttemptRejected).count())
        .as("1 rejected attempt of extract_orders, 3 of extract_customers")
        .isEqualTo(4);
    assertThat(RunReport.of(outcome.run()).markdown())
        .contains("extract_customers failed after 3 attempts")
        .contains("circuit breaker 'postgres' is open");
  }

  @Test
  void theBreakerGoesClosedOpenHalfOpenClosed() throws Exception {
    CircuitBreaker<Object> breaker =
        CircuitBreaker.builder().withFailureThreshold(2).withDelay(Duration.ofHours(1)).withSuccessThreshold(1).build();
    FailsafeAttemptPolicy policy = FailsafeAttemptPolicy.builder().circuitBreaker("postgres", breaker).build();
    PipelineStep step = PipelineStep.builder("extract").inputs("postgres.orders").build();
    StepAttempts attempts = policy.forStep(step, RetryPolicy.ofDefaults());

    List<CircuitBreaker.State> states = new ArrayList<>();
    states.add(breaker.getState());
    for (int attempt = 1; attempt <= 2; attempt++) {
      assertThat(attempts.admit(attempt).admitted()).isTrue();
      attempts.ended(attempt, new IOException("down"));
    }
    states.add(breaker.getState());
    Admission rejected = attempts.admit(3);
    assertThat(rejected.rejection()).get().isInstanceOf(CircuitOpenException.class);
    assertThat(((CircuitOpenException) rejected.rejection().orElseThrow()).breaker()).isEqualTo("postgres");
    // The hour passes: the breaker's delay runs on Failsafe's own clock, which a test cannot move,
    // so the test half-opens it as the end of the delay would.
    breaker.halfOpen();
    assertThat(attempts.admit(3).admitted()).isTrue();
    states.add(breaker.getState());
    attempts.ended(3, null);
    states.add(breaker.getState());

    assertThat(states)
        .containsExactly(
            CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.CLOSED);
  }

  @Test
  void aBreakersOwnFailureConditionsDecideWhatCountsAsAFailure() {
    CircuitBreaker<Object> breaker =
        CircuitBreaker.builder().handle(IOException.class).withFailureThreshold(5).build();
    FailsafeAttemptPolicy policy = FailsafeAttemptPolicy.builder().circuitBreaker("postgres", breaker).build();
    StepAttempts attempts =
        policy.forStep(PipelineStep.builder("extract").inputs("postgres.orders").build(), RetryPolicy.ofDefaults());

    assertThat(attempts.admit(1).admitted()).isTrue();
    attempts.ended(1, new IllegalArgumentException("bad row in the step's own code"));
    assertThat(attempts.admit(2).admitted()).isTrue();
    attempts.ended(2, new IOException("connection refused"));

    assertThat(breaker.getFailureCount()).as("only the IOException is a failure of postgres").isEqualTo(1);
    assertThat(breaker.getSuccessCount()).isEqualTo(1);
  }

  @Test
  void rateLimitedAttemptsWaitOnTheSchedulerNotOnAThread() throws Exception {
    Pipeline.Builder builder = Pipeline.builder("p").defaultRetryPolicy(RetryPolicy.none());
    for (int i = 0; i < 3; i++) {
      builder.step("extract_" + i, s -> s.resources("api").action(ctx -> {}));
    }
    // One attempt an hour: the limiter counts real time, so its waits are an hour less the moments
    // between the three admissions, and two hours of waiting can only pass on the virtual
    // scheduler within run()'s 20 s of real time, never on a thread.
    FailsafeAttemptPolicy policy = FailsafeAttemptPolicy.builder().rateLimiter("api", 1, Duration.ofHours(1)).build();

    Outcome outcome = run(builder.build(), policy, 3);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(outcome.delays()).as("two steps waited for their turn").hasSize(2);
    assertThat(outcome.delays().get(0)).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
    assertThat(outcome.delays().get(1)).isBetween(Duration.ofMinutes(119), Duration.ofHours(2));
  }

  @Test
  void aBulkheadBoundsConcurrentAttemptsUnderContention() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    // The first two attempts in wait for each other: the bulkhead does let two in at once.
    CountDownLatch firstTwo = new CountDownLatch(2);
    Pipeline.Builder builder = Pipeline.builder("p").defaultRetryPolicy(RetryPolicy.none());
    for (int i = 0; i < 24; i++) {
      int n = i;
      builder.step(
          "load_" + i,
          s ->
              s.outputs("snowflake.table_" + n)
                  .action(
                      ctx -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                          if (firstTwo.getCount() > 0) {
                            firstTwo.countDown();
                            if (!firstTwo.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                              throw new IllegalStateException("no second attempt came in beside " + ctx.step().name());
                            }
                          }
                          Thread.sleep(10); // widens the window in which a third attempt would show
                        } finally {
                          running.decrementAndGet();
                        }
                      }));
    }
    FailsafeAttemptPolicy policy =
        FailsafeAttemptPolicy.builder().bulkhead("snowflake", 2).bulkheadRecheck(Duration.ofMillis(2)).build();
    try (Executor executor = Executor.builder().parallelism(8).attemptPolicy(policy).build()) {
      PipelineRun run = executor.run(builder.build());
      assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    }
    assertThat(firstTwo.getCount()).as("two attempts ran at once").isZero();
    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void theAttemptTimeoutInterruptsALongAttempt() throws Exception {
    FailsafeAttemptPolicy policy = FailsafeAttemptPolicy.builder().attemptTimeout(Duration.ofMillis(50)).build();
    Pipeline pipeline =
        Pipeline.builder("p")
            .defaultRetryPolicy(RetryPolicy.none())
            .step("slow", s -> s.action(ctx -> Thread.sleep(30_000)))
            .build();
    try (Executor executor = Executor.builder().parallelism(1).attemptPolicy(policy).build()) {
      PipelineRun run = executor.run(pipeline);
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(run.step("slow").orElseThrow().error().orElseThrow()).contains("timed out after 50ms");
    }
  }

  @Test
  void isBuiltFromTheYamlFailurePolicies() {
    var definition =
        YamlPipelineReader.forPlanning()
            .readString(
                """
                pipeline: p
                steps:
                  - name: extract_orders
                    type: extract
                    source: postgres.orders
                  - name: load
                    type: load
                    target: snowflake.sales
                    resources: [snowflake]
                failure_policies:
                  circuit_breakers:
                    postgres: {failure_threshold: 5, delay: 60s}
                  bulkheads:
                    snowflake: {max_concurrent: 2}
                  attempt_timeout: 10m
                """);
    FailsafeAttemptPolicy policy = FailsafeAttemptPolicy.from(definition);

    CircuitBreaker<Object> breaker = policy.circuitBreaker("postgres").orElseThrow();
    assertThat(breaker.getConfig().getFailureThreshold()).isEqualTo(5);
    assertThat(breaker.getConfig().getDelay()).isEqualTo(Duration.ofSeconds(60));
    PipelineStep orders = definition.pipeline().step("extract_orders").orElseThrow();
    PipelineStep load = definition.pipeline().step("load").orElseThrow();
    assertThat(FailsafeAttemptPolicy.governs("postgres", orders)).isTrue();
    assertThat(FailsafeAttemptPolicy.governs("postgres", load)).isFalse();
    assertThat(FailsafeAttemptPolicy.governs("snowflake", load)).isTrue();
    assertThat(policy.forStep(orders, RetryPolicy.ofDefaults()).timeout(1)).contains(Duration.ofMinutes(10));
  }
}
