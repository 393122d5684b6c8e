package io.etlorchestrator.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.etlorchestrator.core.SeedPipeline;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final Executor executor =
      Executor.builder().parallelism(2).scheduler(scheduler).clock(scheduler.clock()).build();

  @AfterEach
  void close() {
    executor.close();
  }

  /** The seed's pipeline; each step in {@code failing} fails every attempt with that fallback. */
  private static Pipeline seed(Map<String, Fallback> failing) {
    Pipeline.Builder builder =
        Pipeline.builder("daily_sales_etl")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ofSeconds(30)).build());
    for (PipelineStep step : SeedPipeline.pipeline().steps()) {
      Fallback fallback = failing.get(step.name());
      PipelineStep.Builder b =
          step.toBuilder()
              .action(
                  ctx -> {
                    if (fallback != null) {
                      throw new IOException("disk full");
                    }
                    ctx.reportRows(100);
                  });
      if (fallback != null) {
        b.fallback(fallback);
      }
      builder.step(b.build());
    }
    return builder.build();
  }

  /** Runs {@code pipeline} while the test thread drives virtual time through the retries. */
  private PipelineRun run(Pipeline pipeline, Alerting alerting) throws Exception {
    RunHandle handle =
        executor.start(
            Planner.plan(pipeline),
            RunOptions.builder().runId("run_20240115_100000").listener(alerting).build());
    return scheduler.drive(handle, WAIT);
  }

  private static List<String> kinds(RecordingChannel channel) {
    return channel.received().stream().map(a -> a.kind().definitionName() + " " + a.step().orElse("-")).collect(Collectors.toList());
  }

  @Test
  void aRuleNamingAnUnregisteredChannelFailsAtBuildTimeListingTheRegisteredOnes() {
    Alerting.Builder builder =
        Alerting.builder()
            .channel("slack", RecordingChannel.working())
            .rule(AlertKind.STEP_FAILURE, "slak")
            .rule(AlertKind.PIPELINE_FAILURE, "pagerduty", "email");

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            AlertConfigurationException.class,
            e -> {
              assertThat(e.unknownChannels()).containsExactly("slak", "pagerduty", "email");
              assertThat(e.registeredChannels()).containsExactly("log", "slack");
            })
        .hasMessageContaining("alert rule on step_failure names channel 'slak', which is not registered (did you mean 'slack'?)")
        .hasMessageContaining("alert rule on pipeline_failure names channel 'pagerduty', which is not registered")
        .hasMessageContaining("alert rule on pipeline_failure names channel 'email', which is not registered")
        .hasMessageContaining("registered channels: log, slack.")
        .hasMessageContaining("unregisteredChannelsTo(\"log\")");
  }

  @Test
  void theFallbackForUnregisteredChannelsMustBeRegistered() {
    assertThatThrownBy(
            () -> Alerting.builder().rule(AlertKind.STEP_FAILURE, "slack").unregisteredChannelsTo("logs").build())
        .isInstanceOf(AlertConfigurationException.class)
        .hasMessage(
            "unregistered alert channels are to go to channel 'logs', which is not registered either;"
                + " registered channels: log");
  }

  @Test
  void unregisteredChannelsGoToTheChosenChannelWhichIsSaidOnceAtBuild() throws Exception {
    RecordingChannel log = RecordingChannel.working();
    Alerting alerting;
    try (LogCapture capture = new LogCapture(Alerting.class.getName())) {
      alerting =
          Alerting.builder()
              .channel("log", log)
              .rule(AlertKind.PIPELINE_FAILURE, "pagerduty", "email")
              .rule(AlertKind.STEP_FAILURE, "email")
              .unregisteredChannelsTo("log")
              .build();
      assertThat(capture.lines())
          .containsExactly(
              "INFO alert channels pagerduty, email are not registered; their alerts go to channel 'log'");
    }
    try (alerting) {
      PipelineRun run = run(seed(Map.of("extract_orders", Fallback.FAIL_PIPELINE)), alerting);
      assertThat(alerting.flush(WAIT)).isTrue();

      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(kinds(log))
          .as("pagerduty and email both route to log, which gets each alert once")
          .containsExactly("step_failure extract_orders", "pipeline_failure -");
    }
  }

  @Test
  void theSeedsPoliciesRaiseRetryFailureAndPipelineAlertsOnTheirChannels() throws Exception {
    RecordingChannel slack = RecordingChannel.working();
    RecordingChannel pagerDuty = RecordingChannel.working();
    try (Alerting alerting =
        Alerting.builder()
            .channel("slack", slack)
            .channel("pagerduty", pagerDuty)
            .rule(AlertKind.STEP_RETRY, "slack")
            .rule(AlertKind.STEP_FAILURE, "slack")
            .rule(AlertKind.PIPELINE_FAILURE, "pagerduty", "slack")
            .rule(AlertKind.PIPELINE_SUCCESS, "slack")
            .build()) {
      PipelineRun run = run(seed(Map.of("load_warehouse", Fallback.ALERT_AND_CONTINUE)), alerting);
      assertThat(alerting.flush(WAIT)).isTrue();

      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
      assertThat(kinds(slack))
          .containsExactly(
              "step_retry load_warehouse", "step_retry load_warehouse", "step_failure load_warehouse",
              "pipeline_failure -");
      assertThat(kinds(pagerDuty)).containsExactly("pipeline_failure -");
      Alert failure = slack.received().get(2);
      assertThat(failure)
          .isEqualTo(
              new Alert(
                  AlertKind.STEP_FAILURE,
                  "daily_sales_etl",
                  "run_20240115_100000",
                  Optional.of("load_warehouse"),
                  "step 'load_warehouse' failed after 3 attempts (alert_and_continue): IOException: disk full",
                  AlertSeverity.ERROR,
                  Instant.parse("2024-01-15T10:01:00Z")));
      assertThat(failure.dedupKey()).isEqualTo("run_20240115_100000/load_warehouse");
      assertThat(slack.received().get(0).message())
          .isEqualTo("step 'load_warehouse' attempt 1 failed (IOException: disk full); retrying in 30s");
      assertThat(slack.received().get(0).severity()).isEqualTo(AlertSeverity.WARNING);
      Alert pipeline = pagerDuty.received().get(0);
      assertThat(pipeline.severity()).isEqualTo(AlertSeverity.WARNING);
      assertThat(pipeline.message())
          .isEqualTo("pipeline 'daily_sales_etl' completed with failures in 1m 0s: failed load_warehouse; 5 succeeded");
      assertThat(alerting.deliveredCount()).isEqualTo(5);
      assertThat(alerting.failedCount()).isZero();
    }
  }

  @Test
  void aFailedRunRaisesACriticalPipelineFailure() throws Exception {
    RecordingChannel pagerDuty = RecordingChannel.working();
    try (Alerting alerting =
        Alerting.builder().channel("pagerduty", pagerDuty).rule(AlertKind.PIPELINE_FAILURE, "pagerduty").build()) {
      run(seed(Map.of("extract_orders", Fallback.SKIP_DOWNSTREAM)), alerting);
      assertThat(alerting.flush(WAIT)).isTrue();

      assertThat(pagerDuty.received()).hasSize(1);
      assertThat(pagerDuty.received().get(0).severity()).isEqualTo(AlertSeverity.CRITICAL);
      assertThat(pagerDuty.received().get(0).message())
          .isEqualTo(
              "pipeline 'daily_sales_etl' failed in 1m 0s: failed extract_orders; 3 skipped; 2 succeeded");
    }
  }

  @Test
  void aSuccessfulRunRaisesOnlyPipelineSuccess() throws Exception {
    RecordingChannel slack = RecordingChannel.working();
    try (Alerting alerting =
        Alerting.builder()
            .channel("slack", slack)
            .rule(AlertKind.STEP_FAILURE, "slack")
            .rule(AlertKind.PIPELINE_FAILURE, "slack")
            .rule(AlertKind.PIPELINE_SUCCESS, "slack")
            .build()) {
      run(seed(Map.of()), alerting);
      assertThat(alerting.flush(WAIT)).isTrue();

      assertThat(kinds(slack)).containsExactly("pipeline_success -");
      assertThat(slack.received().get(0).severity()).isEqualTo(AlertSeverity.INFO);
      assertThat(slack.received().get(0).summary())
          .isEqualTo("[daily_sales_etl] pipeline 'daily_sales_etl' succeeded in 0s: 6 steps, 600 rows (run run_20240115_100000)");
    }
  }

  @Test
  void aFailingChannelIsRetriedThenLoggedAndTheRunIsUnaffected() throws Exception {
    RecordingChannel slack = RecordingChannel.failing(Integer.MAX_VALUE);
    RecordingChannel log = RecordingChannel.working();
    try (LogCapture capture = new LogCapture(Alerting.class.getName());
        Alerting alerting =
            Alerting.builder()
                .channel("slack", slack)
                .channel("log", log)
                .rule(AlertKind.PIPELINE_SUCCESS, "slack", "log")
                .deliveryAttempts(3)
                .retryDelay(Duration.ofMillis(10))
                .build()) {
      PipelineRun run = run(seed(Map.of()), alerting);
      assertThat(alerting.flush(WAIT)).isTrue();

      assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(slack.calls()).isEqualTo(3);
      assertThat(log.received()).hasSize(1);
      assertThat(alerting.failedCount()).isEqualTo(1);
      assertThat(alerting.deliveredCount()).isEqualTo(1);
      assertThat(capture.lines())
          .containsExactly(
              "WARN alert pipeline_success of run run_20240115_100000 could not be delivered to"
                  + " channel 'slack' after 3 attempts: IOException: channel down (call 3)");
    }
  }

  @Test
  void aChannelThatHangsNeitherBlocksTheRunNorOtherChannels() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    RecordingChannel slack = RecordingChannel.held(gate);
    RecordingChannel log = RecordingChannel.working();
    try (Alerting alerting =
        Alerting.builder()
            .channel("slack", slack)
            .channel("log", log)
            .rule(AlertKind.STEP_RETRY, "slack", "log")
            .rule(AlertKind.STEP_FAILURE, "slack", "log")
            .rule(AlertKind.PIPELINE_FAILURE, "slack", "log")
            .build()) {
      PipelineRun run = run(seed(Map.of("aggregate_sales", Fallback.SKIP_DOWNSTREAM)), alerting);

      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(alerting.flush(Duration.ofMillis(100))).as("slack is still held").isFalse();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (log.received().size() < 4 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(kinds(log))
          .as("the log channel got everything while slack hung")
          .containsExactly(
              "step_retry aggregate_sales", "step_retry aggregate_sales", "step_failure aggregate_sales",
              "pipeline_failure -");
      assertThat(slack.received()).isEmpty();

      gate.countDown();
      assertThat(alerting.flush(WAIT)).isTrue();
      assertThat(kinds(slack)).isEqualTo(kinds(log));
      assertThat(Set.copyOf(slack.threads())).allSatisfy(t -> assertThat(t).startsWith("etl-alerts-"));
    }
  }

  @Test
  void aClosedAlertingDropsAlertsWithoutFailingTheRun() throws Exception {
    RecordingChannel slack = RecordingChannel.working();
    Alerting alerting =
        Alerting.builder().channel("slack", slack).rule(AlertKind.PIPELINE_SUCCESS, "slack").build();
    alerting.close();

    PipelineRun run = run(seed(Map.of()), alerting);

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(slack.calls()).isZero();
  }

  @Test
  void aHostSuppliedExecutorIsUsedAndLeftRunning() throws Exception {
    java.util.concurrent.ScheduledExecutorService pool =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "host-alerts"));
    try {
      RecordingChannel slack = RecordingChannel.working();
      try (Alerting alerting =
          Alerting.builder().channel("slack", slack).rule(AlertKind.PIPELINE_SUCCESS, "slack").executor(pool).build()) {
        run(seed(Map.of()), alerting);
        assertThat(alerting.flush(WAIT)).isTrue();
      }
      assertThat(slack.threads()).containsExactly("host-alerts");
      assertThat(pool.isShutdown()).isFalse();
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void rulesAndKindsValidateTheirInput() {
    assertThatThrownBy(() -> AlertRule.on(AlertKind.STEP_FAILURE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alert rule on step_failure names no channel; name at least one");
    assertThatThrownBy(() -> AlertRule.on(AlertKind.STEP_FAILURE, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alert rule on step_failure names a blank channel");
    assertThat(AlertRule.on(AlertKind.STEP_FAILURE, "slack", "slack").channels()).containsExactly("slack");
    assertThat(AlertKind.fromDefinitionName("Pipeline-Failure")).contains(AlertKind.PIPELINE_FAILURE);
    assertThat(AlertKind.fromDefinitionName("pipeline_done")).isEmpty();
    assertThat(AlertKind.definitionNames())
        .isEqualTo("step_failure, step_retry, pipeline_failure, pipeline_success, check_failure,"
            + " check_warning, drift_detected");
  }
}
