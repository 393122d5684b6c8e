package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.event.CheckCompleted;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.event.StepSucceeded;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import io.etlorchestrator.core.quality.CheckSeverity;
import io.etlorchestrator.core.quality.CheckVerdict;
import io.etlorchestrator.core.quality.DatasetCheck;
import io.etlorchestrator.core.quality.DatasetProfile;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15, the core model: checks run after the step's action and before any dependent starts,
 * with severities, retries, fallbacks, events, the checkpoint and the history.
 */
class CheckExecutionTest {
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final Executor executor =
      Executor.builder().checkpointStore(store).scheduler(scheduler).clock(scheduler.clock()).parallelism(2).build();
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final AtomicLong rows = new AtomicLong(365);

  @AfterEach
  void close() {
    executor.close();
  }

  private final RunListener recorder = new RunListener() {
    @Override
    public void onStepStarted(StepStarted e) {
      heard.add("started " + e.step().name());
    }

    @Override
    public void onCheckCompleted(CheckCompleted e) {
      heard.add("check " + e.result().check() + " " + e.result().outcome().definitionName());
    }

    @Override
    public void onStepSucceeded(StepSucceeded e) {
      heard.add("succeeded " + e.step().name());
    }
  };

  /** Rows between 300 and 400, from the profile the step reports. */
  private static final DatasetCheck ROWS_300_TO_400 = ctx -> {
    long n = ctx.profile().rows().orElseThrow();
    CheckVerdict verdict = n >= 300 && n <= 400
        ? CheckVerdict.pass(n + " rows", "300 to 400 rows")
        : CheckVerdict.fail(n + " rows", "300 to 400 rows", "the mart has " + n + " rows");
    return verdict;
  };

  private static DatasetProfile profile(String dataset, long rows) {
    return new DatasetProfile(dataset, Instant.parse("2024-01-15T10:00:00Z"), OptionalLong.of(rows),
        OptionalLong.empty(), Optional.empty(), List.of());
  }

  private Pipeline pipeline(Check check, RetryPolicy retry, AtomicInteger aggregates) {
    return Pipeline.builder("daily_sales")
        .defaultRetryPolicy(retry)
        .defaultFallback(Fallback.SKIP_DOWNSTREAM)
        .step("aggregate_sales", s -> s.outputs("marts/daily_sales.parquet").check(check).action(ctx -> {
          aggregates.incrementAndGet();
          ctx.reportProfile(profile("marts/daily_sales.parquet", rows.get()));
        }))
        .step("load_warehouse", s -> s.inputs("marts/daily_sales.parquet").action(ctx -> ctx.reportRows(1)))
        .build();
  }

  private static Check rowCount(CheckSeverity severity, boolean retry) {
    return Check.builder("row_count", "marts/daily_sales.parquet").severity(severity).retry(retry)
        .logic(ROWS_300_TO_400).build();
  }

  private PipelineRun run(Pipeline pipeline) throws Exception {
    return scheduler.drive(executor.start(Planner.plan(pipeline), RunOptions.builder().listener(recorder).build()),
        Duration.ofSeconds(20));
  }

  @Test
  void aPassingCheckIsHeardBeforeItsStepSucceedsAndItsDependentsStart() throws Exception {
    PipelineRun run = run(pipeline(rowCount(CheckSeverity.ERROR, false), RetryPolicy.none(), new AtomicInteger()));

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(heard).containsExactly(
        "started aggregate_sales", "check row_count pass", "succeeded aggregate_sales",
        "started load_warehouse", "succeeded load_warehouse");
    CheckResult result = run.step("aggregate_sales").orElseThrow().checks().get(0);
    assertThat(result.outcome()).isEqualTo(CheckOutcome.PASS);
    assertThat(result.observed()).contains("365 rows");
    assertThat(result.expected()).contains("300 to 400 rows");
    assertThat(run.step("aggregate_sales").orElseThrow().profile("marts/daily_sales.parquet"))
        .hasValueSatisfying(p -> assertThat(p.rows()).hasValue(365));
  }

  @Test
  void aFailingErrorCheckFailsTheStepWithoutARetryAndItsFallbackSkipsTheDependents() throws Exception {
    rows.set(40);
    AtomicInteger aggregates = new AtomicInteger();
    PipelineRun run = run(pipeline(rowCount(CheckSeverity.ERROR, false), RetryPolicy.ofDefaults(), aggregates));

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    StepRun aggregate = run.step("aggregate_sales").orElseThrow();
    assertThat(aggregate.status()).isEqualTo(StepStatus.FAILED);
    assertThat(aggregate.attempts()).as("a check failure is not retried by default").isEqualTo(1);
    assertThat(aggregates).hasValue(1);
    assertThat(aggregate.error().orElseThrow())
        .contains("CheckFailedException", "check row_count on marts/daily_sales.parquet failed: the mart has 40 rows");
    assertThat(run.step("load_warehouse").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(heard).doesNotContain("started load_warehouse").contains("check row_count fail");
    assertThat(store.load(run.runId()).orElseThrow().step("aggregate_sales").orElseThrow().checks())
        .extracting(CheckResult::outcome).containsExactly(CheckOutcome.FAIL);
  }

  @ParameterizedTest
  @EnumSource(Fallback.class)
  void aFailedCheckTakesTheStepsFallbackAsAnyFailureDoes(Fallback fallback) throws Exception {
    rows.set(40);
    Pipeline pipeline = Pipeline.builder("daily_sales")
        .defaultRetryPolicy(RetryPolicy.none())
        .step("aggregate_sales", s -> s.outputs("marts/daily_sales.parquet").fallback(fallback)
            .check(rowCount(CheckSeverity.ERROR, false))
            .action(ctx -> ctx.reportProfile(profile("marts/daily_sales.parquet", rows.get()))))
        .step("load_warehouse", s -> s.inputs("marts/daily_sales.parquet").action(ctx -> ctx.reportRows(1)))
        .step("unrelated", s -> s.action(ctx -> ctx.reportRows(1)))
        .build();

    PipelineRun run = run(pipeline);

    assertThat(run.step("aggregate_sales").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    StepStatus load = run.step("load_warehouse").orElseThrow().status();
    switch (fallback) {
      case SKIP_DOWNSTREAM:
        assertThat(load).isEqualTo(StepStatus.SKIPPED);
        assertThat(run.step("unrelated").orElseThrow().status()).isEqualTo(StepStatus.SUCCESS);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        break;
      case FAIL_PIPELINE:
        assertThat(load).isIn(StepStatus.SKIPPED, StepStatus.CANCELLED);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        break;
      case ALERT_AND_CONTINUE:
        assertThat(load).as("alert_and_continue lets dependents run").isEqualTo(StepStatus.SUCCESS);
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
        break;
      default:
        throw new AssertionError(fallback);
    }
  }

  @Test
  void aCheckThatAllowsARetryIsRetriedAsTheRetryPolicySays() throws Exception {
    rows.set(40);
    AtomicInteger aggregates = new AtomicInteger();
    PipelineRun run = run(pipeline(rowCount(CheckSeverity.ERROR, true),
        RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ofSeconds(10)).build(), aggregates));

    assertThat(run.step("aggregate_sales").orElseThrow().attempts()).isEqualTo(3);
    assertThat(aggregates).hasValue(3);
  }

  @Test
  void aWarnCheckThatFailsIsRecordedAndTheRunStillSucceeds() throws Exception {
    rows.set(40);
    PipelineRun run = run(pipeline(rowCount(CheckSeverity.WARN, false), RetryPolicy.none(), new AtomicInteger()));

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(run.step("aggregate_sales").orElseThrow().checks())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.outcome()).isEqualTo(CheckOutcome.WARN);
          assertThat(r.message()).isEqualTo("the mart has 40 rows");
        });
    assertThat(heard).contains("check row_count warn", "succeeded load_warehouse");
  }

  @Test
  void aCheckThatCannotRunIsAnErrorOutcomeSayingWhy() throws Exception {
    Check unknownColumn = Check.builder("not_null", "marts/daily_sales.parquet").name("not_null(revenu)")
        .logic(ctx -> { throw new IllegalArgumentException("no column 'revenu'; columns: sale_date, revenue"); })
        .build();
    PipelineRun run = run(pipeline(unknownColumn, RetryPolicy.none(), new AtomicInteger()));

    CheckResult result = run.step("aggregate_sales").orElseThrow().checks().get(0);
    assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
    assertThat(result.message()).isEqualTo(
        "the check could not run: IllegalArgumentException: no column 'revenu'; columns: sale_date, revenue");
    assertThat(run.step("aggregate_sales").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    assertThat(run.step("aggregate_sales").orElseThrow().error().orElseThrow()).contains("could not run");
  }

  @Test
  void aSourcesCheckRunsBeforeTheStepThatReadsItAndAFailureKeepsItsActionFromRunning() throws Exception {
    AtomicInteger extracts = new AtomicInteger();
    Check fresh = Check.builder("freshness", "postgres.orders").onInput(true)
        .logic(ctx -> CheckVerdict.fail("26h old", "at most 2h old", "postgres.orders was last written 26h ago"))
        .build();
    Pipeline pipeline = Pipeline.builder("extracts").defaultRetryPolicy(RetryPolicy.none())
        .step("extract_orders", s -> s.inputs("postgres.orders").outputs("staging/orders").check(fresh)
            .action(ctx -> extracts.incrementAndGet()))
        .build();

    PipelineRun run = run(pipeline);

    assertThat(run.step("extract_orders").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    assertThat(extracts).as("the action did not run on a stale source").hasValue(0);
  }

  @Test
  void aCheckSeesTheDatasetsProfilesFromEarlierSuccessfulRuns() throws Exception {
    List<List<Long>> seen = new CopyOnWriteArrayList<>();
    Check drift = Check.builder("drift", "marts/daily_sales.parquet").logic(ctx -> {
      List<Long> history = ctx.history(5).stream().map(p -> p.rows().orElseThrow()).collect(java.util.stream.Collectors.toList());
      seen.add(history);
      return CheckVerdict.pass(ctx.profile().rows().orElseThrow() + " rows", "anything");
    }).build();
    AtomicInteger calls = new AtomicInteger();
    // One run a day: the history is newest first by start time.
    run(pipeline(drift, RetryPolicy.none(), calls));
    scheduler.advance(Duration.ofDays(1));
    rows.set(370);
    run(pipeline(drift, RetryPolicy.none(), calls));
    scheduler.advance(Duration.ofDays(1));
    rows.set(380);
    run(pipeline(drift, RetryPolicy.none(), calls));

    assertThat(seen).containsExactly(List.of(), List.of(365L), List.of(370L, 365L));
  }

  @Test
  void aResumeAfterACheckFailureRunsTheStepAndItsChecksAgain() throws Exception {
    rows.set(40);
    AtomicInteger aggregates = new AtomicInteger();
    Pipeline pipeline = pipeline(rowCount(CheckSeverity.ERROR, false), RetryPolicy.none(), aggregates);
    PipelineRun failed = run(pipeline);
    rows.set(365);

    PipelineRun resumed = scheduler.drive(
        executor.startResume(Planner.plan(pipeline), failed.runId(), RunOptions.builder().listener(recorder).build()),
        Duration.ofSeconds(20));

    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(aggregates).hasValue(2);
    assertThat(resumed.step("aggregate_sales").orElseThrow().checks())
        .extracting(CheckResult::outcome, CheckResult::attempt).containsExactly(org.assertj.core.groups.Tuple.tuple(CheckOutcome.PASS, 2));
  }

  @Test
  void aCheckOnADatasetTheStepDoesNotWriteIsADefinitionProblem() {
    assertThatThrownBy(() -> Pipeline.builder("p")
            .step("a", s -> s.outputs("x").check("y", "row_count", ctx -> CheckVerdict.pass("", "")))
            .build())
        .isInstanceOf(PipelineDefinitionException.class)
        .hasMessageContaining("step 'a': check 'row_count' is on dataset 'y', which the step does not write; it writes: x");
  }

  @Test
  void theReportsHaveAChecksSectionWithObservedExpectedAndTheMessage() throws Exception {
    rows.set(40);
    PipelineRun run = run(pipeline(rowCount(CheckSeverity.WARN, false), RetryPolicy.none(), new AtomicInteger()));

    io.etlorchestrator.core.report.RunReport report = io.etlorchestrator.core.report.RunReport.of(run);
    assertThat(report.markdown()).contains(
        "## Checks\n\n| Step | Dataset | Check | Outcome | Observed | Expected | Baseline | Message |\n",
        "| aggregate_sales | marts/daily_sales.parquet | row_count | ⚠️ warn | 40 rows | 300 to 400 rows | - | the mart has 40 rows |");
    assertThat(report.html()).contains("<h2>Checks</h2>", "<td>⚠️ warn</td><td>40 rows</td><td>300 to 400 rows</td>");
    Pipeline unchecked = Pipeline.builder("plain").step("a", s -> s.action(ctx -> ctx.reportRows(1))).build();
    String withoutChecks = io.etlorchestrator.core.report.RunReport.of(run(unchecked)).markdown();
    assertThat(withoutChecks).doesNotContain("## Checks");
  }

  @Test
  void checksThatDoNotPassRaiseTheirAlerts() throws Exception {
    List<io.etlorchestrator.core.alert.Alert> alerts = new CopyOnWriteArrayList<>();
    rows.set(40);
    Check drift = Check.builder("drift", "marts/daily_sales.parquet").name("drift(row_count)").severity(CheckSeverity.WARN)
        .logic(ctx -> CheckVerdict.fail("40 rows", "within 20% of 365", "row_count fell 89%").withBaseline("365 rows"))
        .build();
    try (io.etlorchestrator.core.alert.Alerting alerting = io.etlorchestrator.core.alert.Alerting.builder()
        .channel("ops", alerts::add)
        .rule(io.etlorchestrator.core.alert.AlertKind.CHECK_FAILURE, "ops")
        .rule(io.etlorchestrator.core.alert.AlertKind.CHECK_WARNING, "ops")
        .rule(io.etlorchestrator.core.alert.AlertKind.DRIFT_DETECTED, "ops")
        .build()) {
      Pipeline pipeline = Pipeline.builder("daily_sales").defaultRetryPolicy(RetryPolicy.none())
          .step("aggregate_sales", s -> s.outputs("marts/daily_sales.parquet")
              .check(rowCount(CheckSeverity.ERROR, false)).check(drift)
              .action(ctx -> ctx.reportProfile(profile("marts/daily_sales.parquet", rows.get()))))
          .build();
      scheduler.drive(executor.start(Planner.plan(pipeline), RunOptions.builder().listener(alerting).build()),
          Duration.ofSeconds(20));
      assertThat(alerting.flush(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(alerts).extracting(io.etlorchestrator.core.alert.Alert::kind).containsExactly(
        io.etlorchestrator.core.alert.AlertKind.CHECK_FAILURE,
        io.etlorchestrator.core.alert.AlertKind.CHECK_WARNING,
        io.etlorchestrator.core.alert.AlertKind.DRIFT_DETECTED);
    assertThat(alerts.get(0).message()).isEqualTo(
        "check row_count on marts/daily_sales.parquet of step 'aggregate_sales' failed: the mart has 40 rows"
            + " (observed 40 rows, expected 300 to 400 rows)");
    assertThat(alerts.get(2).message()).endsWith("; baseline 365 rows");
  }

  @Test
  void checksAndProfilesRoundTripThroughTheCheckpointDocument() throws Exception {
    rows.set(40);
    PipelineRun run = run(pipeline(rowCount(CheckSeverity.WARN, false), RetryPolicy.none(), new AtomicInteger()));

    PipelineRun back = Checkpoint.fromJson(Checkpoint.toJson(run), "run.json");
    assertThat(back).isEqualTo(run);
    assertThat(Checkpoint.toJson(run)).contains("\"outcome\" : \"warn\"", "\"profiles\" : [ {", "\"rows\" : 40");
  }
}
