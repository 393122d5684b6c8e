package io.etlorchestrator.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlPlanWriterTest {
  private static final YamlPlanWriter WRITER =
      YamlPlanWriter.withClock(Clock.fixed(Instant.parse("2024-03-01T08:30:15.987Z"), ZoneOffset.UTC));

  @Test
  void writesSettingsTheSeedDoesNotShowOnlyWhenTheyAreSet() {
    RetryPolicy fixed =
        RetryPolicy.builder().maxAttempts(5)
            .backoff(RetryPolicy.Backoff.FIXED, Duration.ofMillis(250), Duration.ofSeconds(1)).jitter(0.1).build();
    Pipeline pipeline =
        Pipeline.builder("nightly")
            .resourceLimit("postgres", 2)
            .defaultFallback(Fallback.SKIP_DOWNSTREAM)
            .step("a", s -> s.type("extract").outputs("x", "z").estimatedDuration(Duration.ofMinutes(2))
                .canParallelize(false).timeout(Duration.ofHours(1)).resources("postgres").retryPolicy(fixed))
            .step("b", s -> s.inputs("x", "z").estimatedDuration(Duration.ofMillis(1500)))
            .build();

    String yaml = WRITER.write(Planner.plan(pipeline), List.of(AlertDefinition.of(List.of("step_retry", "step_failure"), List.of("ops"))));

    assertThat(yaml).isEqualTo(
        """
        pipeline: nightly
        generated: 2024-03-01T08:30:15Z

        steps:
          - name: a
            type: extract
            outputs: [x, z]
            estimated_duration: 120s
            can_parallelize: false
            timeout: 3600s
            resources: [postgres]
            retry:
              max_attempts: 5
              backoff: fixed
              initial_delay: 250ms
              max_delay: 1s
              jitter: 0.1

          - name: b
            type: task
            inputs: [x, z]
            estimated_duration: 1500ms

        execution_waves:
          - wave: 1
            parallel: false
            steps: [a]
            estimated_duration: 120s

          - wave: 2
            parallel: false
            steps: [b]
            estimated_duration: 1500ms

        total_estimated_duration: 121500ms
        critical_path: [a, b]

        resource_limits:
          postgres: 2

        failure_policies:
          # Retry configuration
          retry:
            max_attempts: 3
            backoff: exponential
            initial_delay: 30s
            max_delay: 300s
          default_fallback: skip_downstream

          # Alerting
          alerts:
            - on: [step_retry, step_failure]
              channels: [ops]
        """);
    PipelineDefinition reread = YamlPipelineReader.forPlanning().readString(yaml);
    assertThat(reread.pipeline()).isEqualTo(pipeline);
    assertThat(reread.alerts()).extracting(AlertDefinition::on).containsExactly(List.of("step_retry", "step_failure"));
  }

  @Test
  void quotesNamesThatWouldNotReadBackAsTheSameText() {
    Pipeline pipeline =
        Pipeline.builder("sales: daily")
            .step("true", s -> s.inputs("a, b", "#not a comment").outputs("[x]"))
            .step("123", s -> s.inputs("[x]").outputs("caf\u00e9 \"quoted\" \\ back/slash").dependsOn("true"))
            .step("- dash", s -> s.inputs("caf\u00e9 \"quoted\" \\ back/slash").outputs(" padded ", "&anchor", "*alias"))
            .build();

    ExecutionPlan plan = Planner.plan(pipeline);
    String yaml = WRITER.write(plan);

    assertThat(yaml).contains("pipeline: \"sales: daily\"", "  - name: \"true\"",
        "    inputs: [\"a, b\", \"#not a comment\"]", "    target: \"caf\u00e9 \\\"quoted\\\" \\\\ back/slash\"");
    PipelineDefinition reread = YamlPipelineReader.forPlanning().readString(yaml);
    assertThat(reread.pipeline()).isEqualTo(pipeline);
    assertThat(reread.plan()).isEqualTo(plan);
  }

  @Test
  void stampsGeneratedWithTheClockInUtcToTheSecond() {
    String yaml = WRITER.write(Planner.plan(Pipeline.builder("p").step("a", s -> {}).build()));

    assertThat(yaml.lines().skip(1).findFirst()).contains("generated: 2024-03-01T08:30:15Z");
  }
}
