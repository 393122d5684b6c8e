package io.etlorchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.ManualScheduler;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.SeedPipeline;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.RunFinished;
import io.etlorchestrator.core.event.RunStarted;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.event.StepSucceeded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {
  private static final ExecutionPlan PLAN = Planner.plan(SeedPipeline.pipeline());

  private final ManualScheduler scheduler = new ManualScheduler();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private PipelineRun initial() {
    List<StepRun> steps = new ArrayList<>();
    for (PipelineStep step : PLAN.pipeline().steps()) {
      steps.add(StepRun.pending(step.name()));
    }
    return new PipelineRun(
        "r1", "daily_sales_etl", PLAN.fingerprint(), scheduler.now(), Optional.empty(), RunStatus.RUNNING,
        Map.of(), steps);
  }

  private StepRun running(String name, int attempt) {
    return new StepRun(
        name, StepStatus.RUNNING, attempt, Optional.of(scheduler.now()), Optional.empty(), 0, Map.of(),
        Optional.empty(), Optional.empty());
  }

  private PipelineStep step(String name) {
    return PLAN.pipeline().step(name).orElseThrow();
  }

  private void start(ProgressListener listener, String name) {
    listener.onStepStarted(new StepStarted("r1", step(name), 1, scheduler.now(), running(name, 1)));
  }

  private void succeed(ProgressListener listener, String name, Instant startedAt) {
    StepRun state =
        new StepRun(
            name, StepStatus.SUCCESS, 1, Optional.of(startedAt), Optional.of(scheduler.now()), 10, Map.of(),
            Optional.empty(), Optional.empty());
    listener.onStepSucceeded(
        new StepSucceeded("r1", step(name), 1, 10, Map.of(), Duration.between(startedAt, scheduler.now()), scheduler.now(), state));
  }

  @Test
  void printsProgressWhenStepsChangeAtMostOncePerInterval() {
    ProgressListener listener = ProgressListener.builder(out).clock(scheduler.clock()).everyStepUpTo(5).build();
    Instant t0 = scheduler.now();

    listener.onRunStarted(new RunStarted("r1", PLAN, Map.of(), t0, initial()));
    start(listener, "extract_orders");
    start(listener, "extract_customers");
    start(listener, "extract_products");
    scheduler.advance(Duration.ofSeconds(28));
    succeed(listener, "extract_products", t0);
    scheduler.advance(Duration.ofMillis(500));
    start(listener, "aggregate_sales");

    assertThat(lines())
        .containsExactly(
            "run r1 of daily_sales_etl started: 6 steps",
            "[1/6] running: extract_orders (0s) | done 0, failed 0",
            "[3/6] running: extract_orders (28s), extract_customers (28s) | done 1, failed 0");
  }

  @Test
  void aSchedulerRepeatsTheLineEveryIntervalWhileStepsRunAndStopsAtTheEnd() {
    ProgressListener listener =
        ProgressListener.builder(out)
            .clock(scheduler.clock())
            .scheduler(scheduler)
            .interval(Duration.ofSeconds(30))
            .everyStepUpTo(0)
            .build();
    Instant t0 = scheduler.now();
    PipelineRun initial = initial();

    listener.onRunStarted(new RunStarted("r1", PLAN, Map.of(), t0, initial));
    start(listener, "extract_orders");
    scheduler.advance(Duration.ofSeconds(75));
    succeed(listener, "extract_orders", t0);
    listener.onRunFinished(
        new RunFinished(initial.with(RunStatus.CANCELLED, Optional.of(scheduler.now()), initial.steps())));

    assertThat(lines())
        .containsExactly(
            "run r1 of daily_sales_etl started: 6 steps",
            "[1/6] running: extract_orders (0s) | done 0, failed 0",
            "[1/6] running: extract_orders (30s) | done 0, failed 0",
            "[1/6] running: extract_orders (1m 0s) | done 0, failed 0",
            "finished: ⚪ CANCELLED in 1m 15s | done 0, failed 0 | 0 rows");
    assertThat(scheduler.pending()).as("no tick left behind").isZero();
  }

  @Test
  void retriesAndFailuresAreAlwaysPrinted() {
    ProgressListener listener = ProgressListener.builder(out).clock(scheduler.clock()).build();
    listener.onRunStarted(new RunStarted("r1", PLAN, Map.of(), scheduler.now(), initial()));
    StepRun pendingRetry =
        new StepRun(
            "load_warehouse", StepStatus.PENDING, 1, Optional.of(scheduler.now()), Optional.empty(), 0, Map.of(),
            Optional.of("IOException: disk full"), Optional.empty());
    StepRun failed =
        new StepRun(
            "load_warehouse", StepStatus.FAILED, 3, Optional.of(scheduler.now()), Optional.of(scheduler.now()), 0,
            Map.of(), Optional.of("IOException: disk full"), Optional.empty());

    listener.onRetryScheduled(
        new RetryScheduled("r1", step("load_warehouse"), 1, Duration.ofSeconds(30), new IOException("disk full"), scheduler.now(), pendingRetry));
    listener.onStepFailed(
        new StepFailed("r1", step("load_warehouse"), 3, new IOException("disk full"), Fallback.ALERT_AND_CONTINUE, scheduler.now(), failed));

    assertThat(lines())
        .containsExactly(
            "run r1 of daily_sales_etl started: 6 steps",
            "retry: load_warehouse attempt 1 failed (IOException: disk full); next attempt in 30s",
            "failed: load_warehouse after 3 attempts (alert_and_continue): IOException: disk full");
  }

  @Test
  void followsARealRun() {
    Pipeline.Builder builder = Pipeline.builder("daily_sales_etl");
    for (PipelineStep step : SeedPipeline.pipeline().steps()) {
      builder.step(step.toBuilder().action(ctx -> ctx.reportRows(1_000)).build());
    }
    try (Executor executor = Executor.builder().parallelism(2).scheduler(scheduler).clock(scheduler.clock()).build()) {
      PipelineRun run =
          executor.run(
              Planner.plan(builder.build()),
              RunOptions.builder()
                  .runId("r1")
                  .listener(ProgressListener.builder(out).clock(scheduler.clock()).build())
                  .build());

      assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    }
    List<String> lines = lines();
    assertThat(lines)
        .startsWith("run r1 of daily_sales_etl started: 6 steps", "[1/6] started: extract_orders | running: extract_orders (0s) | done 0, failed 0")
        .endsWith("[6/6] succeeded: load_warehouse (0s, 1,000 rows) | running: none | done 6, failed 0",
            "finished: 🟢 SUCCESS in 0s | done 6, failed 0 | 6,000 rows")
        .as("all events share one virtual instant, yet every start and end of the six steps has its line")
        .hasSize(14);
    for (PipelineStep step : PLAN.pipeline().steps()) {
      assertThat(lines).anyMatch(l -> l.contains("] started: " + step.name() + " | "));
      assertThat(lines).anyMatch(l -> l.contains("] succeeded: " + step.name() + " (0s, 1,000 rows) | "));
    }
  }

  @Test
  void aRunThatIsThrottledPrintsOnlyTheFirstLineWhenEverythingHappensAtOnce() {
    Pipeline.Builder builder = Pipeline.builder("daily_sales_etl");
    for (PipelineStep step : SeedPipeline.pipeline().steps()) {
      builder.step(step.toBuilder().action(ctx -> ctx.reportRows(1_000)).build());
    }
    try (Executor executor = Executor.builder().parallelism(2).scheduler(scheduler).clock(scheduler.clock()).build()) {
      executor.run(
          Planner.plan(builder.build()),
          RunOptions.builder()
              .runId("r1")
              .listener(ProgressListener.builder(out).clock(scheduler.clock()).everyStepUpTo(0).build())
              .build());
    }
    assertThat(lines())
        .startsWith("run r1 of daily_sales_etl started: 6 steps", "[1/6] running: extract_orders (0s) | done 0, failed 0")
        .endsWith("finished: 🟢 SUCCESS in 0s | done 6, failed 0 | 6,000 rows")
        .as("all events share one virtual instant, so only the first progress line is printed")
        .hasSize(3);
  }

  @Test
  void aShortRunPrintsALineForEveryStepThatStartsOrEnds() {
    ProgressListener listener = ProgressListener.builder(out).clock(scheduler.clock()).build();
    Instant t0 = scheduler.now();

    listener.onRunStarted(new RunStarted("r1", PLAN, Map.of(), t0, initial()));
    start(listener, "extract_orders");
    start(listener, "extract_customers");
    scheduler.advance(Duration.ofMillis(40));
    succeed(listener, "extract_customers", t0);
    scheduler.advance(Duration.ofMillis(5));
    succeed(listener, "extract_orders", t0);

    assertThat(lines())
        .as("issue 21: a short run printed one progress line, and two steps starting together showed as one")
        .containsExactly(
            "run r1 of daily_sales_etl started: 6 steps",
            "[1/6] started: extract_orders | running: extract_orders (0s) | done 0, failed 0",
            "[2/6] started: extract_customers | running: extract_orders (0s), extract_customers (0s) | done 0, failed 0",
            "[2/6] succeeded: extract_customers (40ms, 10 rows) | running: extract_orders (40ms) | done 1, failed 0",
            "[2/6] succeeded: extract_orders (45ms, 10 rows) | running: none | done 2, failed 0");
  }

  @Test
  void aRunOfManyStepsIsStillThrottled() {
    Pipeline.Builder builder = Pipeline.builder("wide");
    for (int k = 0; k < 21; k++) {
      builder.step("s" + k, s -> s.action(ctx -> {}));
    }
    ExecutionPlan wide = Planner.plan(builder.build());
    List<StepRun> steps = new ArrayList<>();
    for (PipelineStep step : wide.pipeline().steps()) {
      steps.add(StepRun.pending(step.name()));
    }
    PipelineRun initial =
        new PipelineRun("w", "wide", wide.fingerprint(), scheduler.now(), Optional.empty(), RunStatus.RUNNING, Map.of(), steps);
    ProgressListener listener = ProgressListener.builder(out).clock(scheduler.clock()).build();

    listener.onRunStarted(new RunStarted("w", wide, Map.of(), scheduler.now(), initial));
    for (PipelineStep step : wide.pipeline().steps()) {
      listener.onStepStarted(new StepStarted("w", step, 1, scheduler.now(), running(step.name(), 1)));
    }

    assertThat(lines())
        .as("21 steps starting in the same instant: one line")
        .hasSize(2)
        .last()
        .asString()
        .startsWith("[1/21] running: s0 (0s) | ");
  }

  @Test
  void theEndOfAResumedRunSaysHowLongThisInvocationTookAndHowLongSinceTheRunStarted() {
    ProgressListener listener = ProgressListener.builder(out).clock(scheduler.clock()).build();
    PipelineRun initial = initial();
    Instant resumedAt = scheduler.now().plusSeconds(7);
    PipelineRun resumed =
        new PipelineRun(
            "r1", "daily_sales_etl", PLAN.fingerprint(), scheduler.now(), Optional.of(resumedAt.plusMillis(50)),
            RunStatus.SUCCESS, Map.of(), initial.steps(), List.of(resumedAt), Map.of());

    listener.onRunFinished(new RunFinished(resumed));

    assertThat(lines())
        .containsExactly("finished: 🟢 SUCCESS in 50ms (resume 1; 7s since the run started) | done 0, failed 0 | 0 rows");
  }
}
