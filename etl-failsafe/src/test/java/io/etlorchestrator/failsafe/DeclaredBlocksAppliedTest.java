package io.etlorchestrator.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.alert.LogCapture;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.StepTypeRegistry;
import io.etlorchestrator.yaml.YamlPipelineReader;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 1: what a definition declares is applied by {@code
 * PipelineDefinition.executorBuilder()}, and never silently ignored by an executor built by hand.
 */
class DeclaredBlocksAppliedTest {
  private static final String YAML =
      """
      pipeline: declared
      steps:
        - name: slow
          type: wait
          target: out
      failure_policies:
        retry: {max_attempts: 1}
        attempt_timeout: 100ms
        alerts:
          - on: pipeline_failure
            channels: [ops]
      """;

  /** A step that waits (at most 10 s) to be interrupted: only a timeout ends it early. */
  private static PipelineDefinition definition(CountDownLatch never) {
    StepTypeRegistry types =
        StepTypeRegistry.builder()
            .register("wait", step -> ctx -> {
              if (!never.await(10, TimeUnit.SECONDS)) {
                ctx.reportRows(1);
              }
            })
            .register("quick", step -> ctx -> ctx.reportRows(1))
            .build();
    return YamlPipelineReader.withStepTypes(types).readString(YAML, "declared.yaml");
  }

  @Test
  void executorBuilderAppliesTheAttemptTimeoutAndTheAlertsOfTheFile() {
    PipelineDefinition definition = definition(new CountDownLatch(1));
    PipelineRun run;
    List<String> alerts;
    try (LogCapture alertLog = new LogCapture("io.etlorchestrator.alerts");
        LogCapture executorLog = new LogCapture("io.etlorchestrator.core.Executor")) {
      try (Executor executor = definition.executorBuilder().build()) {
        run = executor.run(definition.plan());
      }
      alerts = alertLog.lines();
      assertThat(executorLog.lines()).noneMatch(line -> line.contains("does not apply"));
    }

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.step("slow").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    assertThat(run.step("slow").orElseThrow().error().orElseThrow()).contains("timed out after 100ms");
    // The alert of the file went to the log channel (nobody registered 'ops'), before close returned.
    assertThat(alerts).anyMatch(line -> line.contains("pipeline_failure") && line.contains("declared"));
  }

  @Test
  void anExecutorBuiltByHandSaysInOneWarnLineWhichDeclaredBlocksItIgnores() {
    StepTypeRegistry types = StepTypeRegistry.builder().register("wait", step -> ctx -> ctx.reportRows(1)).build();
    PipelineDefinition definition = YamlPipelineReader.withStepTypes(types).readString(YAML, "declared.yaml");
    List<String> warnings;
    try (LogCapture executorLog = new LogCapture("io.etlorchestrator.core.Executor");
        Executor executor = Executor.create()) {
      executor.run(definition.plan());
      warnings = executorLog.lines().stream().filter(l -> l.contains("does not apply")).collect(Collectors.toList());
    }

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .startsWith("WARN ")
        .contains("pipeline 'declared'", "failure_policies.alerts (applied by Alerting",
            "failure_policies.attempt_timeout (applied by an attempt policy such as etl-failsafe's");
  }

  @Test
  void aHostsOwnAlertingCountsAsApplyingTheAlerts() throws Exception {
    StepTypeRegistry types = StepTypeRegistry.builder().register("wait", step -> ctx -> ctx.reportRows(1)).build();
    PipelineDefinition definition = YamlPipelineReader.withStepTypes(types).readString(YAML, "declared.yaml");
    List<String> warnings;
    try (LogCapture executorLog = new LogCapture("io.etlorchestrator.core.Executor");
        io.etlorchestrator.core.alert.Alerting alerting = definition.alertingBuilder().build();
        Executor executor = definition.executorBuilder(alerting).build()) {
      executor.run(definition.plan());
      warnings = executorLog.lines().stream().filter(l -> l.contains("does not apply")).collect(Collectors.toList());
    }
    assertThat(warnings).isEmpty();
  }
}
