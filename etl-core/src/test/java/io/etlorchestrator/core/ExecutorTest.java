package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ExecutorTest {
  private final Executor executor = Executor.builder().parallelism(4).build();

  @AfterEach
  void close() {
    executor.close();
  }

  /**
   * The seed's pipeline with actions that count calls, record when they start and end, and each
   * work 5 s of {@link #time}'s clock.
   */
  private static final class CountingActions {
    final ManualScheduler time = new ManualScheduler(); // only its clock: no timers in these runs
    final AtomicInteger clock = new AtomicInteger();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<String, Integer> startedAt = new ConcurrentHashMap<>();
    final Map<String, Integer> endedAt = new ConcurrentHashMap<>();

    Pipeline seed(Map<String, Long> rows) {
      Pipeline.Builder builder = Pipeline.builder("daily_sales_etl");
      for (PipelineStep step : SeedPipeline.pipeline().steps()) {
        builder.step(
            step.toBuilder()
                .action(
                    ctx -> {
                      calls.computeIfAbsent(ctx.step().name(), k -> new AtomicInteger()).incrementAndGet();
                      startedAt.put(ctx.step().name(), clock.incrementAndGet());
                      synchronized (time) { // steps run in parallel: one advance at a time
                        time.advance(Duration.ofSeconds(5));
                      }
                      ctx.reportRows(rows.getOrDefault(ctx.step().name(), 0L));
                      endedAt.put(ctx.step().name(), clock.incrementAndGet());
                    })
                .build());
      }
      return builder.build();
    }
  }

  @Test
  void runsEverySeedStepOnceAfterItsDependencies() {
    CountingActions actions = new CountingActions();
    Map<String, Long> rows =
        Map.of(
            "extract_orders", 52_340L,
            "extract_customers", 12_450L,
            "extract_products", 3_200L,
            "transform_orders", 52_340L,
            "aggregate_sales", 365L,
            "load_warehouse", 365L);
    Pipeline pipeline = actions.seed(rows);
    ExecutionPlan plan = Planner.plan(pipeline);

    PipelineRun run;
    try (Executor timed = Executor.builder().parallelism(4).clock(actions.time.clock()).build()) {
      run = timed.run(plan);
    }

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(run.pipeline()).isEqualTo("daily_sales_etl");
    assertThat(run.planFingerprint()).isEqualTo(plan.fingerprint());
    assertThat(run.steps()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.SUCCESS));
    assertThat(run.steps()).allSatisfy(s -> assertThat(s.attempts()).isEqualTo(1));
    assertThat(actions.calls).hasSize(6);
    assertThat(actions.calls.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    for (Dependency dependency : plan.dependencies()) {
      assertThat(actions.startedAt.get(dependency.to()))
          .as("%s starts after %s ends", dependency.to(), dependency.from())
          .isGreaterThan(actions.endedAt.get(dependency.from()));
    }
    // The seed's table adds up to 121,060 (its "Total Rows Processed: 120,695" leaves out
    // load_warehouse); the run sums every step's rows.
    assertThat(run.totalRows()).isEqualTo(121_060L);
    assertThat(run.step("aggregate_sales").orElseThrow().rows()).isEqualTo(365);
    assertThat(run.finishedAt()).isPresent();
    assertThat(run.steps())
        .allSatisfy(
            s -> {
              assertThat(s.startedAt()).isPresent();
              assertThat(s.duration().orElseThrow())
                  .as("%s's duration covers its 5 s of work", s.name())
                  .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            });
  }

  @Test
  void startsAStepAsSoonAsItsOwnDependenciesAreDoneNotItsWave() throws Exception {
    // slow -> after_slow and fast -> after_fast. after_fast must start while slow still runs,
    // which wave-barrier execution would never do: slow waits for after_fast, or times out.
    CountDownLatch afterFastStarted = new CountDownLatch(1);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Pipeline pipeline =
        Pipeline.builder("no_barriers")
            .step(
                "slow",
                s ->
                    s.outputs("slow.out")
                        .action(
                            ctx -> {
                              boolean overlapped = afterFastStarted.await(5, TimeUnit.SECONDS);
                              log.add("slow saw after_fast start: " + overlapped);
                            }))
            .step("fast", s -> s.outputs("fast.out").action(ctx -> log.add("fast")))
            .step("after_slow", s -> s.inputs("slow.out").action(ctx -> log.add("after_slow")))
            .step(
                "after_fast",
                s ->
                    s.inputs("fast.out")
                        .action(
                            ctx -> {
                              afterFastStarted.countDown();
                              log.add("after_fast");
                            }))
            .build();

    PipelineRun run = executor.run(pipeline);

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(log).contains("slow saw after_fast start: true");
    assertThat(log.indexOf("after_slow")).isGreaterThan(log.indexOf("slow saw after_fast start: true"));
  }

  @Test
  void startsTheReadyStepWithTheLongestRemainingCriticalPathFirst() {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    Pipeline pipeline =
        Pipeline.builder("priorities")
            .step("short_alone", s -> s.estimatedDuration(Duration.ofSeconds(50)).action(ctx -> order.add("short_alone")))
            .step("tie_first", s -> s.estimatedDuration(Duration.ofSeconds(5)).action(ctx -> order.add("tie_first")))
            .step("head", s -> s.outputs("h").estimatedDuration(Duration.ofSeconds(10)).action(ctx -> order.add("head")))
            .step("tail", s -> s.inputs("h").estimatedDuration(Duration.ofSeconds(100)).action(ctx -> order.add("tail")))
            .step("tie_second", s -> s.estimatedDuration(Duration.ofSeconds(5)).action(ctx -> order.add("tie_second")))
            .build();
    try (Executor serial = Executor.builder().parallelism(1).build()) {
      serial.run(pipeline);
    }
    // head has 110s of remaining critical path; after it, tail (100s) beats short_alone (50s).
    assertThat(order).containsExactly("head", "tail", "short_alone", "tie_first", "tie_second");
  }

  @Test
  void handsTheStepContextRunIdParamsDatasetsAndAttempt() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Pipeline pipeline =
        Pipeline.builder("context")
            .step(
                "copy",
                s ->
                    s.inputs("in.csv")
                        .outputs("out.parquet")
                        .action(
                            ctx -> {
                              seen.add(ctx.runId());
                              seen.add(ctx.params().get("date"));
                              seen.add(ctx.inputs() + " -> " + ctx.outputs());
                              seen.add("attempt " + ctx.attempt());
                              seen.add("mdc " + MDC.get("runId") + " " + MDC.get("step"));
                              ctx.reportRows(7);
                              ctx.reportRows(3);
                              ctx.metric("bytes", 1024);
                            }))
            .build();

    PipelineRun run =
        executor.run(
            Planner.plan(pipeline),
            RunOptions.builder().runId("run_test_1").param("date", "2024-01-15").build());

    assertThat(seen)
        .containsExactly(
            "run_test_1",
            "2024-01-15",
            "[in.csv] -> [out.parquet]",
            "attempt 1",
            "mdc run_test_1 copy");
    StepRun copy = run.step("copy").orElseThrow();
    assertThat(copy.rows()).isEqualTo(10);
    assertThat(copy.metrics()).containsEntry("bytes", 1024.0);
    assertThat(run.params()).containsEntry("date", "2024-01-15");
    assertThat(MDC.get("runId")).isNull();
  }

  @Test
  void generatesRunIdsInTheSeedsFormat() {
    PipelineRun run = executor.run(Pipeline.builder("p").step("a", s -> s.action(ctx -> {})).build());
    assertThat(run.runId()).matches("run_\\d{8}_\\d{6}_[a-z0-9]{4}");
  }

  @Test
  void refusesToRunStepsWithoutAnAction() {
    assertThatThrownBy(() -> executor.run(SeedPipeline.pipeline()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "pipeline 'daily_sales_etl' cannot run: steps without an action: extract_orders,"
                + " extract_customers, extract_products, transform_orders, aggregate_sales,"
                + " load_warehouse");
  }

  @Test
  void deliversEventsInAnOrderListenersCanRelyOn() {
    RecordingListener listener = new RecordingListener();
    Pipeline pipeline = new CountingActions().seed(Map.of("extract_orders", 10L));
    executor.run(Planner.plan(pipeline), RunOptions.builder().listener(listener).build());

    List<String> lines = listener.lines();
    assertThat(lines.get(0)).isEqualTo("run started");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("run finished SUCCESS");
    assertThat(lines).hasSize(2 + 2 * 6).contains("succeeded extract_orders#1 rows=10");
    ExecutionPlan plan = Planner.plan(pipeline);
    for (Dependency d : plan.dependencies()) {
      assertThat(lines.indexOf("started " + d.to() + "#1"))
          .isGreaterThan(lines.indexOf("succeeded " + d.from() + "#1 rows=" + (d.from().equals("extract_orders") ? 10 : 0)));
    }
  }

  @Test
  void aChainOfTenThousandStepsRunsWithoutStackTrouble() {
    Pipeline.Builder builder = Pipeline.builder("chain");
    AtomicInteger count = new AtomicInteger();
    for (int i = 0; i < 10_000; i++) {
      int index = i;
      builder.step(
          "s" + i,
          s -> {
            s.outputs("d" + index).action(ctx -> count.incrementAndGet());
            if (index > 0) {
              s.inputs("d" + (index - 1));
            }
          });
    }
    PipelineRun run = executor.run(builder.build());
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(count).hasValue(10_000);
  }

  @Test
  void aSlowListenerNeverMakesTheNextStepsStartTimeStale() {
    ManualScheduler clock = new ManualScheduler(); // only its clock: no timers in this run
    Pipeline pipeline =
        Pipeline.builder("chain")
            .step("first", s -> s.outputs("a").action(ctx -> clock.advance(Duration.ofSeconds(5))))
            .step("second", s -> s.inputs("a").action(ctx -> {}))
            .build();
    io.etlorchestrator.core.event.RunListener slow =
        new io.etlorchestrator.core.event.RunListener() {
          @Override
          public void onStepSucceeded(io.etlorchestrator.core.event.StepSucceeded event) {
            clock.advance(Duration.ofSeconds(60)); // a listener that takes a minute
          }
        };
    try (Executor timed = Executor.builder().parallelism(1).clock(clock.clock()).listener(slow).build()) {
      PipelineRun run = timed.run(pipeline);

      StepRun first = run.step("first").orElseThrow();
      StepRun second = run.step("second").orElseThrow();
      assertThat(first.duration()).contains(Duration.ofSeconds(5));
      assertThat(second.startedAt().orElseThrow())
          .as("second starts after the listener of first's success returned")
          .isEqualTo(first.finishedAt().orElseThrow().plusSeconds(60));
      assertThat(second.duration()).contains(Duration.ZERO);
    }
  }
}
