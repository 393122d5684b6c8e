package io.etlorchestrator.test;

import static io.etlorchestrator.test.EtlAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.PermanentStepException;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.event.StepStarted;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PipelineTesterTest {
  private final SeedRig seed = new SeedRig();

  @Test
  void runsTheSeedPipelineWithItsRowCounts() {
    TestRun result = PipelineTester.of(seed.pipeline()).run();

    assertThat(result).succeeded().hasTotalRows(SeedRig.TOTAL_ROWS);
    assertThat(result).stepsWithStatus(StepStatus.SUCCESS).hasSize(6);
    assertThat(result.run().startedAt()).isEqualTo(ManualScheduler.DEFAULT_START);
    assertThat(result.eventLog()).first().isEqualTo("run started");
    assertThat(result.eventLog()).last().isEqualTo("run finished SUCCESS");
  }

  @Test
  void seedBackoffsOf30And60SecondsPassInVirtualTime() {
    TestRun result = PipelineTester.of(seed.pipeline()).failing("extract_orders", 2).run();

    assertThat(result).succeeded().step("extract_orders").hasAttempts(3).hasRows(52_340);
    assertThat(result.retryDelays("extract_orders")).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60));
    // The third attempt started exactly when the second backoff was over, in virtual time.
    List<Instant> starts =
        result.events(StepStarted.class).stream()
            .filter(e -> e.step().name().equals("extract_orders"))
            .map(StepStarted::at)
            .toList();
    Instant t0 = ManualScheduler.DEFAULT_START;
    assertThat(starts).containsExactly(t0, t0.plusSeconds(30), t0.plusSeconds(90));
    assertThat(result.run().duration()).contains(Duration.ofSeconds(90));
    assertThat(seed.calls("extract_orders")).isEqualTo(1);
  }

  @Test
  void backoffsTheSizeOfAnHourStillTakeNoRealTime() {
    Pipeline pipeline =
        Pipeline.builder("slow_backoff")
            .defaultRetryPolicy(
                RetryPolicy.builder().maxAttempts(4).exponentialBackoff(Duration.ofHours(1), Duration.ofHours(6)).build())
            .step("poll", s -> s.action(ctx -> {}))
            .build();

    TestRun result = PipelineTester.of(pipeline).failing("poll", 3).run();

    assertThat(result).succeeded().step("poll").hasAttempts(4);
    assertThat(result.run().duration()).contains(Duration.ofHours(7));
  }

  @Test
  void extractThatKeepsFailingSkipsItsDownstreamAndTheRestGoesOn() {
    TestRun result = PipelineTester.of(seed.pipeline()).failingEveryAttempt("extract_orders").run();

    assertThat(result)
        .failed()
        .step("extract_orders").failed().hasAttempts(3).failedWith(InjectedFailure.class)
        .step("extract_customers").succeeded()
        .step("extract_products").succeeded();
    assertThat(result)
        .stepsWithStatus(StepStatus.SKIPPED)
        .containsExactly("transform_orders", "aggregate_sales", "load_warehouse");
    assertThat(result.failure("extract_orders")).containsInstanceOf(InjectedFailure.class);
    assertThat(((InjectedFailure) result.failure("extract_orders").orElseThrow()).attempt()).isEqualTo(3);
  }

  @Test
  void transformThatKeepsFailingFailsThePipeline() {
    TestRun result = PipelineTester.of(seed.pipeline()).failingEveryAttempt("transform_orders").run();

    assertThat(result).failed().hasReasonContaining("transform_orders");
    assertThat(result).step("transform_orders").failed().hasAttempts(3);
    assertThat(result).stepsWithStatus(StepStatus.SKIPPED).containsExactly("aggregate_sales", "load_warehouse");
    assertThat(seed.calls("aggregate_sales")).isZero();
  }

  @Test
  void loadThatKeepsFailingAlertsAndContinues() {
    TestRun result = PipelineTester.of(seed.pipeline()).failingEveryAttempt("load_warehouse").run();

    assertThat(result).completedWithFailures().step("load_warehouse").failed().failedWith("injected failure of attempt 3");
    assertThat(result).stepsWithStatus(StepStatus.SUCCESS).hasSize(5);
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    TestRun result =
        PipelineTester.of(seed.pipeline())
            .failing("extract_customers", 1, () -> new PermanentStepException("table customers is missing"))
            .run();

    assertThat(result).failed().step("extract_customers").failedWith(PermanentStepException.class).hasAttempts(1);
    assertThat(result.retryDelays("extract_customers")).isEmpty();
  }

  @Test
  void failingZeroAttemptsClearsAnEarlierFailure() {
    TestRun result =
        PipelineTester.of(seed.pipeline()).failingEveryAttempt("extract_orders").failing("extract_orders", 0).run();

    assertThat(result).succeeded().step("extract_orders").hasAttempts(1);
  }

  @Test
  void aHangingAttemptTimesOutInVirtualTimeAndIsRetried() {
    Pipeline pipeline =
        Pipeline.builder("hang")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(2).fixedBackoff(Duration.ofSeconds(30)).build())
            .step("extract", s -> s.timeout(Duration.ofMinutes(10)).action(ctx -> ctx.reportRows(7)))
            .build();

    TestRun result = PipelineTester.of(pipeline).hanging("extract", 1).run();

    assertThat(result).succeeded().step("extract").hasAttempts(2).hasRows(7);
    assertThat(result.eventLog()).anyMatch(line -> line.startsWith("retry extract#1 in 30s:") && line.contains("timed out"));
    assertThat(result.run().duration()).contains(Duration.ofMinutes(10).plusSeconds(30));
  }

  @Test
  void aHangingAttemptWithoutATimeoutFailsTheTestAtOnceSayingWhy() {
    PipelineTester tester = PipelineTester.of(seed.pipeline()).hanging("extract_products", 1);

    assertThatThrownBy(tester::run)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "of pipeline 'daily_sales_etl' cannot end: nothing is scheduled in virtual time, and its running"
                + " attempts wait for an interrupt that nothing will send (give the step a timeout):")
        .hasMessageContaining("step 'extract_products' attempt 1 hangs (hanging(\"extract_products\", 1))")
        .hasMessageFindingMatch("extract_products +RUNNING +1 +0")
        .hasMessageFindingMatch("aggregate_sales +PENDING +0 +0");
  }

  @Test
  void aStepTakingLongerThanItsTimeoutTimesOut() {
    Pipeline pipeline =
        Pipeline.builder("slow")
            .defaultRetryPolicy(RetryPolicy.none())
            .step("load", s -> s.timeout(Duration.ofMinutes(5)).action(ctx -> {}))
            .build();

    TestRun result = PipelineTester.of(pipeline).taking("load", Duration.ofMinutes(20)).run();

    assertThat(result).failed().step("load").failedWith("timed out");
    assertThat(result.run().duration()).contains(Duration.ofMinutes(5));
  }

  @Test
  void stepsTakingVirtualTimeGiveTheRunRealisticTimestamps() {
    TestRun result =
        PipelineTester.of(seed.pipeline())
            .taking("extract_orders", Duration.ofMinutes(2))
            .taking("transform_orders", Duration.ofMinutes(3))
            .run();

    assertThat(result).succeeded();
    assertThat(result.step("extract_orders").duration()).contains(Duration.ofMinutes(2));
    assertThat(result.step("transform_orders").duration()).contains(Duration.ofMinutes(3));
    // One worker: the steps run one after another, 5 minutes of virtual time in all.
    assertThat(result.run().duration()).contains(Duration.ofMinutes(5));
    assertThat(result.report().markdown()).contains("| extract_orders | 2m 0s | 52,340 | ✅ |");
  }

  @Test
  void parallelStepsRunAtOnce() throws Exception {
    CyclicBarrier allThree = new CyclicBarrier(3);
    Pipeline pipeline =
        Pipeline.builder("parallel")
            .step("a", s -> s.action(ctx -> allThree.await(10, TimeUnit.SECONDS)))
            .step("b", s -> s.action(ctx -> allThree.await(10, TimeUnit.SECONDS)))
            .step("c", s -> s.action(ctx -> allThree.await(10, TimeUnit.SECONDS)))
            .build();

    TestRun result = PipelineTester.of(pipeline).parallelism(3).run();

    assertThat(result).succeeded();
  }

  @Test
  void paramsReachTheSteps() {
    Map<String, String> seen = new ConcurrentHashMap<>();
    Pipeline pipeline = Pipeline.builder("params").step("a", s -> s.action(ctx -> seen.putAll(ctx.params()))).build();

    TestRun result = PipelineTester.of(pipeline).param("date", "2024-01-15").runId("r1").run();

    assertThat(seen).containsExactly(Map.entry("date", "2024-01-15"));
    assertThat(result.runId()).isEqualTo("r1");
    assertThat(result.run().params()).containsEntry("date", "2024-01-15");
  }

  @Test
  void anActionCanBeReplacedAndStepsWithoutOneGetTheDefault() {
    Pipeline planned = Pipeline.builder("stubs").step("a", s -> s.outputs("x")).step("b", s -> s.inputs("x")).build();

    TestRun result =
        PipelineTester.of(planned).action("a", ctx -> ctx.reportRows(3)).defaultAction(ctx -> ctx.reportRows(1)).run();

    assertThat(result).succeeded().step("a").hasRows(3).step("b").hasRows(1);
  }

  @Test
  void aStepWithoutAnActionIsNamed() {
    Pipeline planned = Pipeline.builder("stubs").step("a", s -> s.outputs("x")).step("b", s -> s.inputs("x")).build();

    assertThatThrownBy(() -> PipelineTester.of(planned).action("a", ctx -> {}).run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "pipeline 'stubs': steps without an action cannot run: b; give each one with action(\"b\", ctx -> ...),"
                + " or all of them with defaultAction(ctx -> {})");
  }

  @Test
  void anUnknownStepIsRefusedWithTheClosestName() {
    PipelineTester tester = PipelineTester.of(seed.pipeline());

    assertThatThrownBy(() -> tester.failing("extract_order", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pipeline 'daily_sales_etl' has no step 'extract_order' (did you mean 'extract_orders'?); its steps: extract_orders, ");
    assertThatThrownBy(() -> tester.taking("nope", Duration.ofSeconds(1))).hasMessageContaining("has no step 'nope'");
    assertThatThrownBy(() -> tester.failing("extract_orders", -1))
        .hasMessage("failing(\"extract_orders\", -1): attempts must not be negative, was -1");
  }

  @Test
  void aRunThatOverrunsTheRealTimeLimitFailsWithTheStacksOfItsAttempts() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    Pipeline pipeline =
        Pipeline.builder("stuck")
            .step(
                "wait_for_godot",
                s -> s.action(
                    ctx -> {
                      started.countDown();
                      never.await();
                    }))
            .build();
    PipelineTester tester = PipelineTester.of(pipeline).realTimeLimit(Duration.ofMillis(300));

    try (ManualRun run = tester.start()) {
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(run::runToEnd)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("run " + run.runId() + " of pipeline 'stuck' did not end within 300ms of real time (PipelineTester.realTimeLimit)")
          .hasMessageFindingMatch("wait_for_godot +RUNNING +1")
          .hasMessageContaining("step 'wait_for_godot' attempt 1 is running on thread etl-test-worker-1 (WAITING)")
          .hasMessageContaining("java.util.concurrent.CountDownLatch.await(")
          .hasMessageContaining("PipelineTesterTest.lambda$aRunThatOverrunsTheRealTimeLimit");
    }
    // Closing the run cancelled it: the attempt was interrupted and the run recorded CANCELLED.
    assertThat(tester.store().latest("stuck")).hasValueSatisfying(run -> assertThat(run).wasCancelled());
  }

  @Test
  void aFileStoreRecordsTheRunAndDependentsWaitForItsCommits(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    var store = io.etlorchestrator.core.spi.CheckpointStore.file(dir);

    TestRun result =
        PipelineTester.of(seed.pipeline()).checkpointStore(store).failing("transform_orders", 1).run();

    assertThat(result).succeeded().step("transform_orders").hasAttempts(2);
    assertThat(store.load(result.runId())).hasValueSatisfying(run -> assertThat(run).succeeded());
    assertThat(result.run().duration()).contains(Duration.ofSeconds(30));
  }

  @Test
  void listenersHearTheRun() {
    RecordingListener mine = new RecordingListener();

    TestRun result = PipelineTester.of(seed.pipeline()).listener(mine).run();

    assertThat(mine.lines()).isEqualTo(result.eventLog());
    assertThat(result.status()).isEqualTo(RunStatus.SUCCESS);
  }

  @Test
  void aSuppliedCheckedExceptionFailsTheAttemptAsItIs() {
    TestRun result =
        PipelineTester.of(seed.pipeline()).failing("load_warehouse", 3, () -> new IOException("disk full")).run();

    assertThat(result).completedWithFailures().step("load_warehouse").failedWith(IOException.class).failedWith("IOException: disk full");
  }

  @Test
  void theClockGoesOnAcrossRunsAndCanStartElsewhere() {
    Instant start = Instant.parse("2030-06-01T00:00:00Z");
    PipelineTester tester = PipelineTester.of(seed.pipeline()).startingAt(start).failing("extract_orders", 1);

    TestRun first = tester.run();
    TestRun second = tester.run();

    assertThat(first.run().startedAt()).isEqualTo(start);
    assertThat(second.run().startedAt()).isEqualTo(start.plusSeconds(30));
    assertThatThrownBy(() -> tester.startingAt(start))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the virtual clock started at 2030-06-01T00:00:00Z with the first run");
  }

  /**
   * Three steps at once, each failing its first attempt after a different time: every attempt starts
   * and ends at exactly the virtual instant the policies say, however the threads interleave.
   */
  @org.junit.jupiter.api.RepeatedTest(20)
  void concurrentAttemptsKeepExactVirtualTimes() {
    Pipeline pipeline =
        Pipeline.builder("three")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(2).fixedBackoff(Duration.ofSeconds(30)).build())
            .step("a", s -> s.action(ctx -> {}))
            .step("b", s -> s.action(ctx -> {}))
            .step("c", s -> s.action(ctx -> {}))
            .build();

    TestRun result =
        PipelineTester.of(pipeline)
            .parallelism(3)
            .taking("a", Duration.ofSeconds(10))
            .taking("b", Duration.ofSeconds(20))
            .taking("c", Duration.ofSeconds(40))
            .failing("a", 1)
            .failing("b", 1)
            .failing("c", 1)
            .run();

    Instant t0 = ManualScheduler.DEFAULT_START;
    assertThat(result).succeeded();
    Map<String, List<Instant>> starts = new java.util.TreeMap<>();
    result.events(StepStarted.class).forEach(e -> starts.computeIfAbsent(e.step().name(), k -> new java.util.ArrayList<>()).add(e.at()));
    assertThat(starts)
        .containsEntry("a", List.of(t0, t0.plusSeconds(40)))
        .containsEntry("b", List.of(t0, t0.plusSeconds(50)))
        .containsEntry("c", List.of(t0, t0.plusSeconds(70)));
    assertThat(result.step("c").finishedAt()).contains(t0.plusSeconds(110));
    assertThat(result.run().duration()).contains(Duration.ofSeconds(110));
  }

  @Test
  void aTimeoutNeverFiresWhileItsAttemptStillWorksInRealTime() {
    // While "work" runs, its 10 s timeout and flaky's 30 s retry are both scheduled: the clock
    // must not move until work has returned.
    CountDownLatch retryScheduled = new CountDownLatch(1);
    io.etlorchestrator.core.event.RunListener hearsTheRetry =
        new io.etlorchestrator.core.event.RunListener() {
          @Override
          public void onRetryScheduled(io.etlorchestrator.core.event.RetryScheduled event) {
            retryScheduled.countDown();
          }
        };
    Pipeline pipeline =
        Pipeline.builder("two")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(2).fixedBackoff(Duration.ofSeconds(30)).build())
            .step("flaky", s -> s.action(ctx -> {}))
            .step(
                "work",
                s -> s.timeout(Duration.ofSeconds(10))
                    .action(
                        ctx -> {
                          if (!retryScheduled.await(20, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("flaky's retry was never scheduled");
                          }
                          ctx.reportRows(1);
                        }))
            .build();

    TestRun result = PipelineTester.of(pipeline).parallelism(2).failing("flaky", 1).listener(hearsTheRetry).run();

    assertThat(result).succeeded().step("work").hasAttempts(1).hasRows(1).step("flaky").hasAttempts(2);
  }
}
