package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.spi.CheckpointStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, items 2 and 10: a resume never reuses what a step produced before its settings or
 * code changed, and a host can ask for steps (and their downstream) to run again.
 */
class ResumeStaleDataTest {
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final Executor executor = Executor.builder().checkpointStore(store).parallelism(2).build();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    executor.close();
  }

  /** extract -> transform -> load, and report beside them; {@code failing} steps throw. */
  private Pipeline pipeline(Object table, String version, String... failing) {
    java.util.Set<String> fails = java.util.Set.of(failing);
    Pipeline.Builder builder = Pipeline.builder("daily").defaultRetryPolicy(RetryPolicy.none())
        .defaultFallback(Fallback.SKIP_DOWNSTREAM);
    String[][] steps = {{"extract", "", "raw"}, {"transform", "raw", "clean"}, {"load", "clean", "loaded"}, {"report", "", "report"}};
    for (String[] step : steps) {
      String name = step[0];
      builder.step(name, s -> {
        if (!step[1].isEmpty()) {
          s.inputs(step[1]);
        }
        s.outputs(step[2]).action(ctx -> {
          calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
          if (fails.contains(name)) {
            throw new java.io.IOException(name + " failed");
          }
          ctx.reportRows(1);
        });
        if (name.equals("extract")) {
          s.param("table", table);
          if (version != null) {
            s.version(version);
          }
        }
      });
    }
    return builder.build();
  }

  private Map<String, Integer> callsSoFar() {
    return calls.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
  }

  @Test
  void aStepWhoseParamsChangedIsRefusedOnResumeInsteadOfReusingItsOldOutput() {
    PipelineRun failed = executor.run(Planner.plan(pipeline("orders", null, "load")));
    assertThat(failed.step("extract").orElseThrow().status()).isEqualTo(StepStatus.SUCCESS);

    PlanChangedException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            PlanChangedException.class,
            () -> executor.resume(Planner.plan(pipeline("orders_v2", null)), failed.runId(), RunOptions.defaults()));

    assertThat(e.changed()).containsExactly("extract");
    assertThat(e.getMessage()).contains("params or version: extract");
  }

  @Test
  void aChangedPipelineAndAStoreProblemCanBeCaughtTogether() {
    PipelineRun failed = executor.run(Planner.plan(pipeline("orders", null, "load")));
    String caught;
    try {
      executor.resume(Planner.plan(pipeline("orders_v2", null)), failed.runId(), RunOptions.defaults());
      caught = "nothing";
    } catch (PlanChangedException | CheckpointException e) { // siblings under EtlException
      caught = e.getClass().getSimpleName();
    }
    assertThat(caught).isEqualTo("PlanChangedException");
    assertThat(new PlanChangedException("r", "m", java.util.List.of(), java.util.List.of(), java.util.List.of()))
        .isInstanceOf(EtlException.class).isNotInstanceOf(CheckpointException.class);
  }

  @Test
  void aStepWhoseVersionChangedIsRefusedOnResume() {
    PipelineRun failed = executor.run(Planner.plan(pipeline("orders", "1", "load")));

    PlanChangedException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            PlanChangedException.class,
            () -> executor.resume(Planner.plan(pipeline("orders", "2")), failed.runId(), RunOptions.defaults()));

    assertThat(e.changed()).containsExactly("extract");
  }

  @Test
  void withTheChangeAllowedAChangedStepAndEverythingDownstreamOfItRunAgain() {
    PipelineRun failed = executor.run(Planner.plan(pipeline("orders", null, "load")));
    assertThat(callsSoFar()).containsEntry("extract", 1).containsEntry("transform", 1).containsEntry("report", 1);

    PipelineRun resumed =
        executor.resume(
            Planner.plan(pipeline("orders_v2", null)), failed.runId(),
            RunOptions.builder().allowPlanChange(true).build());

    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCESS);
    // extract changed: it and what reads its output ran again; report, untouched, did not.
    assertThat(callsSoFar())
        .containsEntry("extract", 2).containsEntry("transform", 2).containsEntry("load", 2)
        .containsEntry("report", 1);
    assertThat(resumed.step("extract").orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void aRunThatSucceededIsNotReportedDoneWhenOneOfItsStepsChanged() {
    PipelineRun succeeded = executor.run(Planner.plan(pipeline("orders", null)));
    assertThat(succeeded.status()).isEqualTo(RunStatus.SUCCESS);

    assertThatThrownBy(
            () -> executor.resume(Planner.plan(pipeline(java.util.List.of("orders", "refunds"), null)),
                succeeded.runId(), RunOptions.defaults()))
        .isInstanceOf(PlanChangedException.class);
    PipelineRun forced =
        executor.resume(Planner.plan(pipeline(java.util.List.of("orders", "refunds"), null)),
            succeeded.runId(), RunOptions.builder().allowPlanChange(true).build());
    assertThat(callsSoFar()).containsEntry("extract", 2).containsEntry("load", 2).containsEntry("report", 1);
    assertThat(forced.status()).isEqualTo(RunStatus.SUCCESS);
  }

  @Test
  void stepsWithoutParamsOrVersionKeepTheFingerprintsEarlierVersionsRecorded() {
    // Computed by the release before params and versions were fingerprinted: runs it recorded
    // stay resumable.
    Pipeline pipeline = Pipeline.builder("daily_sales_etl")
        .step("extract_orders", s -> s.type("extract").inputs("postgres.orders")
            .outputs("staging/orders.parquet").estimatedDuration(Duration.ofSeconds(120)))
        .step("transform_orders", s -> s.type("transform").inputs("staging/orders.parquet")
            .outputs("marts/daily_sales.parquet").dependsOn("extract_orders"))
        .build();
    ExecutionPlan plan = Planner.plan(pipeline);

    assertThat(plan.fingerprint()).isEqualTo("14420989b79ef7df3ce4e7cd75cb66f3");
    assertThat(plan.stepFingerprint("extract_orders")).isEqualTo("53623f72837ee787");
    assertThat(plan.stepFingerprint("transform_orders")).isEqualTo("335afa01117dd41b");
  }

  @Test
  void theOrderOfAStepsParamsDoesNotMatterButTheirValuesAndTypesDo() {
    ExecutionPlan ab = Planner.plan(Pipeline.builder("p").step("s", s -> s.param("a", 1).param("b", "x")).build());
    ExecutionPlan ba = Planner.plan(Pipeline.builder("p").step("s", s -> s.param("b", "x").param("a", 1)).build());
    ExecutionPlan text = Planner.plan(Pipeline.builder("p").step("s", s -> s.param("a", "1").param("b", "x")).build());

    assertThat(ab.stepFingerprint("s")).isEqualTo(ba.stepFingerprint("s")).isNotEqualTo(text.stepFingerprint("s"));
  }

  @Test
  void rerunRunsAStepThatSucceededAgainAndLeavesTheRestAlone() {
    PipelineRun failed = executor.run(Planner.plan(pipeline("orders", null, "load")));

    PipelineRun resumed =
        executor.resume(Planner.plan(pipeline("orders", null)), failed.runId(),
            RunOptions.builder().rerun("transform", false).build());

    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(callsSoFar())
        .containsEntry("extract", 1).containsEntry("transform", 2).containsEntry("load", 2)
        .containsEntry("report", 1);
  }

  @Test
  void rerunWithDownstreamRunsEverythingAfterTheStepOfARunThatSucceeded() {
    PipelineRun succeeded = executor.run(Planner.plan(pipeline("orders", null)));

    PipelineRun resumed =
        executor.resume(Planner.plan(pipeline("orders", null)), succeeded.runId(),
            RunOptions.builder().rerun("extract", true).build());

    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(callsSoFar())
        .containsEntry("extract", 2).containsEntry("transform", 2).containsEntry("load", 2)
        .containsEntry("report", 1);
    assertThat(resumed.step("load").orElseThrow().attempts()).isEqualTo(2);
    assertThat(resumed.resumeCount()).isEqualTo(1);
  }

  @Test
  void rerunOfAStepThePipelineDoesNotHaveNamesItAndTheClosestStep() {
    PipelineRun succeeded = executor.run(Planner.plan(pipeline("orders", null)));

    assertThatThrownBy(
            () -> executor.resume(Planner.plan(pipeline("orders", null)), succeeded.runId(),
                RunOptions.builder().rerun("transfrom", true).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot rerun step 'transfrom': pipeline 'daily' has no such step (did you mean 'transform'?)");
    // The refused resume left the run's lock alone: it can be resumed.
    assertThat(executor.resume(Planner.plan(pipeline("orders", null)), succeeded.runId(), RunOptions.defaults()).status())
        .isEqualTo(RunStatus.SUCCESS);
  }
}
