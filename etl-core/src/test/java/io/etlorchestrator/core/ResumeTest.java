package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.etlorchestrator.core.spi.CheckpointStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
  @TempDir Path dir;

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, Integer> failFirst = new ConcurrentHashMap<>();

  /** The seed pipeline; a step in {@link #failFirst} fails that many attempts in total. */
  private Pipeline seed(Pipeline.Builder base) {
    for (PipelineStep step : SeedPipeline.pipeline().steps()) {
      String name = step.name();
      base.step(
          step.toBuilder()
              .action(
                  ctx -> {
                    int n = calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    if (n <= failFirst.getOrDefault(name, 0)) {
                      throw new IOException(name + " failed (attempt " + ctx.attempt() + ")");
                    }
                    ctx.reportRows(10);
                  })
              .build());
    }
    return base.build();
  }

  private Pipeline seed() {
    return seed(
        Pipeline.builder("daily_sales_etl")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(2).fixedBackoff(Duration.ZERO).build()));
  }

  private Executor executor(CheckpointStore store) {
    return Executor.builder().parallelism(3).checkpointStore(store).build();
  }

  @Test
  void resumeRunsWhatDidNotSucceedAndNothingThatDid() {
    CheckpointStore store = CheckpointStore.file(dir);
    failFirst.put("transform_orders", 2); // both attempts of the first run fail
    ExecutionPlan plan = Planner.plan(seed());
    PipelineRun failed;
    try (Executor executor = executor(store)) {
      failed = executor.run(plan);
    }
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(store.load(failed.runId())).contains(failed);

    PipelineRun resumed;
    try (Executor executor = executor(store)) {
      resumed = executor.resume(plan, failed.runId(), RunOptions.defaults());
    }

    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(resumed.runId()).isEqualTo(failed.runId());
    assertThat(resumed.startedAt()).isEqualTo(failed.startedAt());
    assertThat(resumed.resumeCount()).isEqualTo(1);
    for (String extract : new String[] {"extract_orders", "extract_customers", "extract_products"}) {
      assertThat(calls.get(extract)).as(extract + " ran once").hasValue(1);
    }
    assertThat(calls.get("transform_orders")).hasValue(3);
    assertThat(resumed.step("transform_orders").orElseThrow().attempts())
        .as("attempt numbers continue from the checkpoint")
        .isEqualTo(3);
    assertThat(calls.get("load_warehouse")).hasValue(1);
    assertThat(store.load(failed.runId())).contains(resumed);
  }

  @Test
  void resumingARunThatSucceededDoesNothing() {
    CheckpointStore store = CheckpointStore.inMemory();
    ExecutionPlan plan = Planner.plan(seed());
    try (Executor executor = executor(store)) {
      PipelineRun done = executor.run(plan);
      PipelineRun again = executor.resume(plan, done.runId(), RunOptions.defaults());
      assertThat(again).isEqualTo(done);
    }
    assertThat(calls.get("extract_orders")).hasValue(1);
  }

  @Test
  void refusesAChangedPipelineSayingWhatChanged() {
    CheckpointStore store = CheckpointStore.file(dir);
    failFirst.put("extract_orders", 5);
    PipelineRun failed;
    try (Executor executor = executor(store)) {
      failed = executor.run(Planner.plan(seed()));
    }
    Pipeline.Builder changed = Pipeline.builder("daily_sales_etl");
    for (PipelineStep step : seed().steps()) {
      if (step.name().equals("load_warehouse")) {
        continue;
      }
      changed.step(
          step.name().equals("aggregate_sales")
              ? step.toBuilder().inputs("extra.csv").build()
              : step);
    }
    changed.step("publish", s -> s.inputs("marts/daily_sales.parquet").action(ctx -> {}));
    ExecutionPlan newPlan = Planner.plan(changed.build());

    try (Executor executor = executor(store)) {
      PlanChangedException e =
          catchThrowableOfType(
              PlanChangedException.class,
              () -> executor.resume(newPlan, failed.runId(), RunOptions.defaults()));
      assertThat(e.added()).containsExactly("publish");
      assertThat(e.removed()).containsExactly("load_warehouse");
      assertThat(e.changed()).containsExactly("aggregate_sales");
      assertThat(e.getMessage())
          .isEqualTo(
              "run '" + failed.runId() + "' cannot be resumed: pipeline 'daily_sales_etl' changed since"
                  + " its checkpoint (steps added: publish; steps removed: load_warehouse; steps with"
                  + " other inputs, outputs, dependencies, type, params or version: aggregate_sales)."
                  + " Resume it with"
                  + " the pipeline it ran, or allow the change (RunOptions.allowPlanChange, --force on"
                  + " the command line)");
      assertThat(store.load(failed.runId())).as("the checkpoint is untouched").contains(failed);

      failFirst.clear();
      PipelineRun forced =
          executor.resume(newPlan, failed.runId(), RunOptions.builder().allowPlanChange(true).build());
      assertThat(forced.status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(forced.steps()).extracting(StepRun::name).doesNotContain("load_warehouse").contains("publish");
    }
  }

  @Test
  void aForcedResumeRunsAChangedStepAgainEvenIfItSucceeded() {
    CheckpointStore store = CheckpointStore.file(dir);
    AtomicInteger aCalls = new AtomicInteger();
    AtomicInteger bCalls = new AtomicInteger();
    java.util.function.Function<String, Pipeline> pipeline =
        aInput ->
            Pipeline.builder("p")
                .step("a", s -> s.inputs(aInput).outputs("x").action(ctx -> aCalls.incrementAndGet()))
                .step("b", s -> s.inputs("x").action(ctx -> {
                  if (bCalls.incrementAndGet() == 1) {
                    throw new PermanentStepException("b is broken");
                  }
                }))
                .build();
    PipelineRun failed;
    try (Executor executor = executor(store)) {
      failed = executor.run(pipeline.apply("src.v1"));
    }
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.step("a").orElseThrow().status()).isEqualTo(StepStatus.SUCCESS);

    PipelineRun forced;
    try (Executor executor = executor(store)) {
      forced =
          executor.resume(
              Planner.plan(pipeline.apply("src.v2")),
              failed.runId(),
              RunOptions.builder().allowPlanChange(true).build());
    }
    assertThat(forced.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(aCalls).as("a changed, so its old success does not count").hasValue(2);
    assertThat(bCalls).hasValue(2);
  }

  @Test
  void explainsMissingRunsAndRunsOfOtherPipelines() {
    CheckpointStore store = CheckpointStore.file(dir);
    try (Executor executor = executor(store)) {
      assertThatThrownBy(() -> executor.resume(Planner.plan(seed()), "run_nope", RunOptions.defaults()))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("no run 'run_nope' in checkpoint store " + dir);
      PipelineRun other =
          executor.run(Pipeline.builder("other").step("x", s -> s.action(ctx -> {
            throw new PermanentStepException("no");
          })).build());
      assertThatThrownBy(() -> executor.resume(Planner.plan(seed()), other.runId(), RunOptions.defaults()))
          .isInstanceOf(CheckpointException.class)
          .hasMessage("run '" + other.runId() + "' is a run of pipeline 'other', not of 'daily_sales_etl'");
    }
  }

  @Test
  void aRunningRunCannotBeDrivenTwice() throws Exception {
    CheckpointStore store = CheckpointStore.file(dir);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Pipeline blocking =
        Pipeline.builder("blocking").step("wait", s -> s.action(ctx -> release.await())).build();
    try (Executor executor = executor(store)) {
      RunHandle handle =
          executor.start(Planner.plan(blocking), RunOptions.builder().runId("run_held").build());
      assertThatThrownBy(
              () -> executor.resume(Planner.plan(blocking), "run_held", RunOptions.defaults()))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("run 'run_held' is already being driven by pid");
      release.countDown();
      assertThat(handle.result().get().status()).isEqualTo(RunStatus.SUCCESS);
    }
  }

  @Test
  void aJournalThatFailsToCommitFailsTheRunAndStartsNoDependent() {
    AtomicInteger dependentCalls = new AtomicInteger();
    CheckpointStore failing = new FailingStore(CheckpointStore.inMemory());
    Pipeline pipeline =
        Pipeline.builder("p")
            .step("a", s -> s.outputs("x").action(ctx -> {}))
            .step("b", s -> s.inputs("x").action(ctx -> dependentCalls.incrementAndGet()))
            .build();
    try (Executor executor = executor(failing)) {
      PipelineRun run = executor.run(pipeline);
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(dependentCalls).hasValue(0);
      assertThat(run.step("b").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
      assertThat(run.step("b").orElseThrow().reason().orElseThrow())
          .startsWith("checkpoint failed: CheckpointException: disk full");
    }
  }

  /** A store whose journals accept records but never make them durable. */
  private static final class FailingStore extends ForwardingCheckpointStore {
    FailingStore(CheckpointStore delegate) {
      super(delegate);
    }

    @Override
    io.etlorchestrator.core.spi.RunJournal journal(io.etlorchestrator.core.spi.RunJournal journal) {
      return new ForwardingJournal(journal) {
        @Override
        public java.util.concurrent.CompletableFuture<Void> commit() {
          java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
          new Thread(() -> f.completeExceptionally(new CheckpointException("x", "disk full"))).start();
          return f;
        }
      };
    }
  }
}
