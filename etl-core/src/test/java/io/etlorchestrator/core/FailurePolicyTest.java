package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.StepFailed;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final Executor executor =
      Executor.builder()
          .parallelism(4)
          .scheduler(scheduler)
          .clock(scheduler.clock())
          .random(new Random(42))
          .build();

  @AfterEach
  void close() {
    executor.close();
  }

  /** Actions for the seed's steps: each fails its first {@code failures.get(step)} attempts. */
  private static Pipeline seed(Map<String, Integer> failures, Map<String, AtomicInteger> calls, Fallback... fallbacks) {
    Pipeline.Builder builder =
        Pipeline.builder("daily_sales_etl").defaultRetryPolicy(RetryPolicy.ofDefaults());
    for (PipelineStep step : SeedPipeline.pipeline().steps()) {
      String name = step.name();
      builder.step(
          step.toBuilder()
              .action(
                  ctx -> {
                    int n = calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    if (n <= failures.getOrDefault(name, 0)) {
                      throw new IOException(name + " attempt " + n + " failed");
                    }
                    ctx.reportRows(100);
                  })
              .build());
    }
    return builder.build();
  }

  private static Pipeline withFallbacks(Pipeline pipeline, Map<String, Fallback> fallbacks) {
    Pipeline.Builder builder = Pipeline.builder(pipeline.name());
    for (PipelineStep step : pipeline.steps()) {
      Fallback f = fallbacks.get(step.name());
      builder.step(f == null ? step : step.toBuilder().fallback(f).build());
    }
    return builder.build();
  }

  /** The seed's failure policies: retry, then skip_downstream / fail_pipeline / alert_and_continue. */
  private static final Map<String, Fallback> SEED_FALLBACKS =
      Map.of(
          "extract_orders", Fallback.SKIP_DOWNSTREAM,
          "transform_orders", Fallback.FAIL_PIPELINE,
          "load_warehouse", Fallback.ALERT_AND_CONTINUE);

  /** Runs in the background while the test thread drives virtual time through every retry. */
  private PipelineRun runDrivingTime(Pipeline pipeline, RecordingListener listener) throws Exception {
    RunHandle handle =
        executor.start(Planner.plan(pipeline), RunOptions.builder().listener(listener).build());
    return scheduler.drive(handle, WAIT);
  }

  private static Map<String, StepStatus> statuses(PipelineRun run) {
    Map<String, StepStatus> result = new LinkedHashMap<>();
    run.steps().forEach(s -> result.put(s.name(), s.status()));
    return result;
  }

  @Test
  void retriesWithTheSeedsExponentialBackoffOnTheInjectedClock() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    RecordingListener listener = new RecordingListener();
    Pipeline pipeline = seed(Map.of("extract_orders", 2), calls);

    PipelineRun run = runDrivingTime(pipeline, listener);

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(run.step("extract_orders").orElseThrow().attempts()).isEqualTo(3);
    assertThat(calls.get("extract_orders")).hasValue(3);
    List<Duration> delays =
        listener.events().stream()
            .filter(RetryScheduled.class::isInstance)
            .map(e -> ((RetryScheduled) e).delay())
            .collect(Collectors.toList());
    assertThat(delays).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60));
    assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(90));
    assertThat(listener.lines())
        .containsSubsequence(
            "started extract_orders#1",
            "retry extract_orders#1 in PT30S",
            "started extract_orders#2",
            "retry extract_orders#2 in PT1M",
            "started extract_orders#3",
            "succeeded extract_orders#3 rows=100");
  }

  @Test
  void backoffIsCappedAtTheMaximumDelay() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(10)
            .exponentialBackoff(Duration.ofSeconds(30), Duration.ofSeconds(300))
            .build();
    assertThat(List.of(1, 2, 3, 4, 5, 6, 9).stream().map(policy::baseDelay))
        .containsExactly(
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(120),
            Duration.ofSeconds(240),
            Duration.ofSeconds(300),
            Duration.ofSeconds(300),
            Duration.ofSeconds(300));
    RetryPolicy fixed = RetryPolicy.builder().fixedBackoff(Duration.ofSeconds(5)).build();
    assertThat(fixed.baseDelay(1)).isEqualTo(fixed.baseDelay(7)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void jitterStaysWithinItsBoundsAndTheMaximum() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .exponentialBackoff(Duration.ofSeconds(10), Duration.ofSeconds(25))
            .jitter(0.5)
            .build();
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      Duration first = policy.delay(1, random.nextDouble());
      assertThat(first).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
      Duration third = policy.delay(3, random.nextDouble()); // base 25 s (capped from 40 s)
      assertThat(third).isBetween(Duration.ofMillis(12_500), Duration.ofSeconds(25));
    }
    assertThat(policy.delay(1, 0.0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.delay(1, 0.999999)).isGreaterThan(Duration.ofMillis(14_999));
  }

  @Test
  void jitteredDelaysReachTheEventsWithinBounds() throws Exception {
    Pipeline.Builder builder =
        Pipeline.builder("jitter")
            .defaultRetryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(4)
                    .exponentialBackoff(Duration.ofSeconds(10), Duration.ofSeconds(60))
                    .jitter(0.25)
                    .build());
    AtomicInteger calls = new AtomicInteger();
    builder.step("flaky", s -> s.action(ctx -> {
      if (calls.incrementAndGet() < 4) {
        throw new IOException("flaky");
      }
    }));
    RecordingListener listener = new RecordingListener();
    PipelineRun run = runDrivingTime(builder.build(), listener);
    List<Duration> delays =
        listener.events().stream()
            .filter(RetryScheduled.class::isInstance)
            .map(e -> ((RetryScheduled) e).delay())
            .collect(Collectors.toList());
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(delays).hasSize(3);
    assertThat(delays.get(0)).isBetween(Duration.ofMillis(7_500), Duration.ofMillis(12_500));
    assertThat(delays.get(1)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(25));
    assertThat(delays.get(2)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(50));
  }

  @Test
  void permanentFailuresAreNotRetried() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("p")
            .step("a", s -> s.action(ctx -> {
              calls.incrementAndGet();
              throw new PermanentStepException("table orders does not exist");
            }))
            .build();
    PipelineRun run = runDrivingTime(pipeline, new RecordingListener());
    assertThat(calls).hasValue(1);
    StepRun a = run.step("a").orElseThrow();
    assertThat(a.status()).isEqualTo(StepStatus.FAILED);
    assertThat(a.attempts()).isEqualTo(1);
    assertThat(a.error()).contains("PermanentStepException: table orders does not exist");
    assertThat(scheduler.scheduledDelays()).isEmpty();
  }

  @Test
  void skipDownstreamSkipsEverythingAfterTheFailedExtractAndRunsTheRest() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    RecordingListener listener = new RecordingListener();
    Pipeline pipeline = withFallbacks(seed(Map.of("extract_orders", 5), calls), SEED_FALLBACKS);

    PipelineRun run = runDrivingTime(pipeline, listener);

    assertThat(statuses(run))
        .containsExactly(
            Map.entry("extract_orders", StepStatus.FAILED),
            Map.entry("extract_customers", StepStatus.SUCCESS),
            Map.entry("extract_products", StepStatus.SUCCESS),
            Map.entry("transform_orders", StepStatus.SKIPPED),
            Map.entry("aggregate_sales", StepStatus.SKIPPED),
            Map.entry("load_warehouse", StepStatus.SKIPPED));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.step("extract_orders").orElseThrow().attempts()).isEqualTo(3);
    assertThat(run.step("transform_orders").orElseThrow().reason())
        .contains("upstream step 'extract_orders' failed");
    assertThat(calls).doesNotContainKeys("transform_orders", "aggregate_sales", "load_warehouse");
    assertThat(listener.lines())
        .contains(
            "failed extract_orders after 3 skip_downstream",
            "skipped load_warehouse (upstream step 'extract_orders' failed)");
  }

  @Test
  void failPipelineStopsEverythingAndCancelsRunningSteps() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    AtomicInteger slowInterrupted = new AtomicInteger();
    Pipeline.Builder builder =
        Pipeline.builder("fail_fast").defaultRetryPolicy(RetryPolicy.none());
    builder.step("slow", s -> s.action(ctx -> {
      slowStarted.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        slowInterrupted.incrementAndGet();
        throw e;
      }
    }));
    builder.step("broken", s -> s.outputs("b").fallback(Fallback.FAIL_PIPELINE).action(ctx -> {
      slowStarted.await(5, TimeUnit.SECONDS);
      throw new IOException("disk full");
    }));
    builder.step("after", s -> s.inputs("b").action(ctx -> {}));
    RecordingListener listener = new RecordingListener();

    PipelineRun run = runDrivingTime(builder.build(), listener);

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(statuses(run))
        .containsExactly(
            Map.entry("slow", StepStatus.CANCELLED),
            Map.entry("broken", StepStatus.FAILED),
            Map.entry("after", StepStatus.SKIPPED));
    assertThat(slowInterrupted).hasValue(1);
    assertThat(run.step("after").orElseThrow().reason())
        .contains("pipeline failed: step 'broken' failed");
    assertThat(run.step("broken").orElseThrow().error()).contains("IOException: disk full");
  }

  @Test
  void failPipelineOnTheSeedSkipsWhatHasNotStarted() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    Pipeline pipeline = withFallbacks(seed(Map.of("transform_orders", 9), calls), SEED_FALLBACKS);

    PipelineRun run = runDrivingTime(pipeline, new RecordingListener());

    assertThat(statuses(run))
        .containsExactly(
            Map.entry("extract_orders", StepStatus.SUCCESS),
            Map.entry("extract_customers", StepStatus.SUCCESS),
            Map.entry("extract_products", StepStatus.SUCCESS),
            Map.entry("transform_orders", StepStatus.FAILED),
            Map.entry("aggregate_sales", StepStatus.SKIPPED),
            Map.entry("load_warehouse", StepStatus.SKIPPED));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(calls.get("transform_orders")).hasValue(3);
  }

  @Test
  void alertAndContinueLetsDependentsRunAndEndsWithFailures() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    Map<String, Fallback> fallbacks = new LinkedHashMap<>(SEED_FALLBACKS);
    fallbacks.put("aggregate_sales", Fallback.ALERT_AND_CONTINUE);
    Pipeline pipeline = withFallbacks(seed(Map.of("aggregate_sales", 9), calls), fallbacks);
    RecordingListener listener = new RecordingListener();

    PipelineRun run = runDrivingTime(pipeline, listener);

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(run.step("aggregate_sales").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    assertThat(run.step("load_warehouse").orElseThrow().status()).isEqualTo(StepStatus.SUCCESS);
    assertThat(listener.events())
        .filteredOn(StepFailed.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((StepFailed) e).fallback()).isEqualTo(Fallback.ALERT_AND_CONTINUE));
  }

  @Test
  void alertAndContinueOnTheLastStepEndsWithFailures() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    Pipeline pipeline = withFallbacks(seed(Map.of("load_warehouse", 9), calls), SEED_FALLBACKS);

    PipelineRun run = runDrivingTime(pipeline, new RecordingListener());

    assertThat(statuses(run))
        .containsExactly(
            Map.entry("extract_orders", StepStatus.SUCCESS),
            Map.entry("extract_customers", StepStatus.SUCCESS),
            Map.entry("extract_products", StepStatus.SUCCESS),
            Map.entry("transform_orders", StepStatus.SUCCESS),
            Map.entry("aggregate_sales", StepStatus.SUCCESS),
            Map.entry("load_warehouse", StepStatus.FAILED));
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
  }

  @Test
  void stepsWithoutFallbackFailThePipelineByDefault() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    Pipeline pipeline = seed(Map.of("extract_products", 9), calls);
    PipelineRun run = runDrivingTime(pipeline, new RecordingListener());
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.step("aggregate_sales").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(run.step("load_warehouse").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
  }

  @Test
  void aTimedOutAttemptIsInterruptedAndCountsAsFailed() throws Exception {
    AtomicInteger interrupted = new AtomicInteger();
    java.util.concurrent.Semaphore running = new java.util.concurrent.Semaphore(0);
    Pipeline pipeline =
        Pipeline.builder("timeouts")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(2).fixedBackoff(Duration.ofSeconds(1)).build())
            .step("hangs", s -> s.timeout(Duration.ofSeconds(5)).action(ctx -> {
              running.release();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                assertThat(ctx.isCancelled()).isTrue();
                throw e;
              }
            }))
            .build();
    RecordingListener listener = new RecordingListener();

    // Virtual time moves only once the attempt runs, so each timeout interrupts a running action
    // (driving time as soon as the timeout is scheduled could fire it before the action began).
    RunHandle handle =
        executor.start(Planner.plan(pipeline), RunOptions.builder().listener(listener).build());
    assertThat(running.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    scheduler.advance(Duration.ofSeconds(5)); // attempt 1 times out
    scheduler.awaitPending(1, WAIT); // its retry, 1 s later
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(running.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    scheduler.advance(Duration.ofSeconds(5)); // attempt 2 times out
    PipelineRun run = handle.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    StepRun hangs = run.step("hangs").orElseThrow();
    assertThat(hangs.status()).isEqualTo(StepStatus.FAILED);
    assertThat(hangs.attempts()).isEqualTo(2);
    assertThat(hangs.error()).contains("TimeoutException: step 'hangs' attempt 2 timed out after 5s");
    assertThat(interrupted).hasValue(2);
    assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(11)); // 5 s, 1 s backoff, 5 s
  }

  @Test
  void aListenerThatThrowsFailsTheRunLoudly() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .step("a", s -> s.outputs("x").action(ctx -> {}))
            .step("b", s -> s.inputs("x").action(ctx -> {}))
            .build();
    io.etlorchestrator.core.event.RunListener broken =
        new io.etlorchestrator.core.event.RunListener() {
          @Override
          public void onStepSucceeded(io.etlorchestrator.core.event.StepSucceeded event) {
            throw new IllegalStateException("checkpoint not written");
          }
        };
    PipelineRun run = executor.run(Planner.plan(pipeline), RunOptions.builder().listener(broken).build());
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.step("b").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(run.step("b").orElseThrow().reason().orElseThrow())
        .contains("failed: java.lang.IllegalStateException: checkpoint not written");
  }
}
