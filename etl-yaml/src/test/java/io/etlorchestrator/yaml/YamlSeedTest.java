package io.etlorchestrator.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.Wave;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import io.etlorchestrator.core.alert.AlertKind;
import io.etlorchestrator.core.alert.AlertRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlSeedTest {
  private static final Clock SEED_CLOCK =
      Clock.fixed(Instant.parse("2024-01-15T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void seedDefinitionReadsAsThePipelineTheBuilderMakes() {
    PipelineDefinition definition =
        YamlPipelineReader.forPlanning().readString(SeedPipeline.definitionYaml(), "seed.yaml");

    assertThat(definition.pipeline()).isEqualTo(SeedPipeline.pipeline(true));
    assertThat(definition.pipeline().defaultRetryPolicy()).isEqualTo(RetryPolicy.ofDefaults());
    assertThat(definition.plan()).isEqualTo(Planner.plan(SeedPipeline.pipeline(true)));
    assertThat(definition.alerts())
        .containsExactly(
            new AlertDefinition(List.of("step_failure"), List.of("slack"), 92),
            new AlertDefinition(List.of("pipeline_failure"), List.of("pagerduty", "email"), 94));
    assertThat(definition.alertRules())
        .containsExactly(
            AlertRule.on(AlertKind.STEP_FAILURE, "slack"),
            AlertRule.on(AlertKind.PIPELINE_FAILURE, "pagerduty", "email"));
  }

  @Test
  void seedExecutionPlanAloneReadsAsTheSeedStepsWithoutPolicies() {
    PipelineDefinition definition =
        YamlPipelineReader.forPlanning().readString(SeedPipeline.executionPlanYaml());

    assertThat(definition.pipeline()).isEqualTo(SeedPipeline.pipeline(false));
    assertThat(definition.alerts()).isEmpty();
    assertThat(definition.steps()).extracting(StepDefinition::line)
        .containsExactly(5, 11, 17, 23, 30, 37);
  }

  @Test
  void planOfTheSeedHasTheSeedsWavesTotalAndCriticalPath() {
    ExecutionPlan plan =
        YamlPipelineReader.forPlanning().readString(SeedPipeline.definitionYaml()).plan();

    assertThat(plan.waves())
        .containsExactly(
            new Wave(1, List.of("extract_orders", "extract_customers", "extract_products"),
                Duration.ofSeconds(120), true),
            new Wave(2, List.of("transform_orders"), Duration.ofSeconds(180), false),
            new Wave(3, List.of("aggregate_sales"), Duration.ofSeconds(90), false),
            new Wave(4, List.of("load_warehouse"), Duration.ofSeconds(60), false));
    assertThat(plan.totalEstimatedDuration()).isEqualTo(Duration.ofSeconds(450));
    assertThat(plan.criticalPath())
        .containsExactly("extract_orders", "transform_orders", "aggregate_sales", "load_warehouse");
  }

  @Test
  void planWrittenFromTheSeedPipelineIsTheSeedsExecutionPlanOutputByteForByte() {
    String written = YamlPlanWriter.withClock(SEED_CLOCK).write(Planner.plan(SeedPipeline.pipeline(false)));

    assertThat(written).isEqualTo(SeedPipeline.executionPlanYaml());
  }

  @Test
  void planWrittenFromTheSeedDefinitionIsTheSeedsPlanFollowedByItsFailurePolicies() {
    PipelineDefinition definition =
        YamlPipelineReader.forPlanning().readString(SeedPipeline.definitionYaml());

    String written = YamlPlanWriter.withClock(SEED_CLOCK).write(definition);

    assertThat(written).isEqualTo(SeedPipeline.definitionYaml());
  }

  @Test
  void writtenSeedPlanReadsBackAsAnEqualPlan() {
    PipelineDefinition definition =
        YamlPipelineReader.forPlanning().readString(SeedPipeline.definitionYaml());
    String written = YamlPlanWriter.create().write(definition);

    PipelineDefinition reread = YamlPipelineReader.forPlanning().readString(written);

    assertThat(reread.pipeline()).isEqualTo(definition.pipeline());
    assertThat(reread.plan()).isEqualTo(definition.plan());
    assertThat(reread.alerts()).isEqualTo(definition.alerts());
  }
}
