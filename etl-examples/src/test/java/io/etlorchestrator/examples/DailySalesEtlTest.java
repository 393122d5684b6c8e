package io.etlorchestrator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.Wave;
import io.etlorchestrator.core.alert.AlertKind;
import io.etlorchestrator.core.alert.AlertRule;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.YamlDefinitionException;
import io.etlorchestrator.yaml.YamlPipelineReader;
import io.etlorchestrator.yaml.YamlPlanWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DailySalesEtlTest {
  @Test
  void examplePipelinePlansAsTheSeed() {
    ExecutionPlan plan = Planner.plan(DailySalesEtl.pipeline());
    assertThat(plan.waves()).extracting(w -> w.steps().size()).containsExactly(3, 1, 1, 1);
    assertThat(plan.waves())
        .extracting(Wave::estimatedDuration)
        .containsExactly(
            Duration.ofSeconds(120), Duration.ofSeconds(180), Duration.ofSeconds(90), Duration.ofSeconds(60));
    assertThat(plan.totalEstimatedDuration()).isEqualTo(Duration.ofSeconds(450));
    assertThat(plan.criticalPath())
        .containsExactly("extract_orders", "transform_orders", "aggregate_sales", "load_warehouse");
  }

  @Test
  void usesTheSeedsFallbacksAndRetryPolicy() {
    Pipeline pipeline = DailySalesEtl.pipeline();
    assertThat(pipeline.fallbackOf(step(pipeline, "extract_orders"))).isEqualTo(Fallback.SKIP_DOWNSTREAM);
    assertThat(pipeline.fallbackOf(step(pipeline, "transform_orders"))).isEqualTo(Fallback.FAIL_PIPELINE);
    assertThat(pipeline.fallbackOf(step(pipeline, "load_warehouse"))).isEqualTo(Fallback.ALERT_AND_CONTINUE);
    assertThat(pipeline.defaultRetryPolicy().maxAttempts()).isEqualTo(3);
    assertThat(pipeline.defaultRetryPolicy().backoff()).isEqualTo(RetryPolicy.Backoff.EXPONENTIAL);
    assertThat(pipeline.defaultRetryPolicy().initialDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(pipeline.defaultRetryPolicy().maxDelay()).isEqualTo(Duration.ofSeconds(300));
    assertThat(DailySalesEtl.alertRules()).containsExactly(
        AlertRule.on(AlertKind.STEP_FAILURE, "slack"), AlertRule.on(AlertKind.PIPELINE_FAILURE, "pagerduty", "email"),
            AlertRule.on(AlertKind.DRIFT_DETECTED, "slack"));
  }

  @Test
  void yamlDefinitionAndBuilderGiveTheSamePlan() {
    PipelineDefinition yaml = DailySalesEtl.readDefinition(YamlPipelineReader.forPlanning());
    Pipeline builder = DailySalesEtl.pipeline();

    assertThat(yaml.pipeline()).as("the pipeline read from %s", DailySalesEtl.DEFINITION_RESOURCE).isEqualTo(builder);
    ExecutionPlan fromYaml = yaml.plan();
    ExecutionPlan fromBuilder = Planner.plan(builder);
    assertThat(fromYaml).isEqualTo(fromBuilder);
    assertThat(fromYaml.fingerprint()).isEqualTo(fromBuilder.fingerprint());
    assertThat(fromYaml.waves()).isEqualTo(fromBuilder.waves());
    assertThat(fromYaml.criticalPath()).isEqualTo(fromBuilder.criticalPath());
    assertThat(yaml.alertRules()).as("alert rules").isEqualTo(DailySalesEtl.alertRules());
    YamlPlanWriter writer = YamlPlanWriter.withClock(Clock.fixed(Instant.parse("2024-01-15T10:00:00Z"), ZoneOffset.UTC));
    assertThat(writer.write(fromYaml, yaml.alerts()))
        .as("the plans written as YAML")
        .isEqualTo(writer.write(fromBuilder, DailySalesEtl.alertDefinitions(DailySalesEtl.alertRules())))
        .startsWith("pipeline: daily_sales_etl\ngenerated: 2024-01-15T10:00:00Z\n");
  }

  @Test
  void yamlDefinitionReadWithTheSalesStepTypesHasAnActionForEveryStep() {
    PipelineDefinition definition =
        DailySalesEtl.readDefinition(YamlPipelineReader.withStepTypes(salesSteps().stepTypes()));

    assertThat(definition.pipeline().steps()).allSatisfy(s -> assertThat(s.action()).as(s.name()).isPresent());
    assertThat(definition.pipeline()).isEqualTo(DailySalesEtl.pipeline());
  }

  @Test
  void rejectsATransformTheExampleHasNoSqlForAtItsLine() {
    String yaml = "pipeline: custom\nsteps:\n  - name: mystery\n    type: transform\n"
        + "  - name: renamed\n    type: transform\n    params: {transform: aggregate_sales}\n";

    assertThatThrownBy(() -> YamlPipelineReader.withStepTypes(salesSteps().stepTypes()).readString(yaml, "custom.yaml"))
        .isInstanceOf(YamlDefinitionException.class)
        .hasMessageContaining("custom.yaml:3")
        .hasMessageContaining("no transform 'mystery'; name one of transform_orders, aggregate_sales")
        .hasMessageNotContaining("renamed");
  }

  @Test
  void rejectsAnUnknownParamsTransformAtItsValueWithTheTransformsThereAre() {
    String yaml = "pipeline: custom\nsteps:\n  - name: renamed\n    type: transform\n"
        + "    params: {transform: agregate_sales}\n";

    assertThatThrownBy(() -> YamlPipelineReader.withStepTypes(salesSteps().stepTypes()).readString(yaml, "custom.yaml"))
        .isInstanceOf(YamlDefinitionException.class)
        .hasMessageContaining("custom.yaml:5:25: steps[0].params.transform: step type 'transform' rejected step"
            + " 'renamed': the example has no transform 'agregate_sales'; accepted: transform_orders, aggregate_sales");
  }

  @Test
  void dividingRetryDelaysKeepsThePlanAndResumability() {
    Pipeline scaled = DailySalesEtl.withRetryDelaysDividedBy(DailySalesEtl.pipeline(), 1000);

    assertThat(scaled.defaultRetryPolicy().initialDelay()).isEqualTo(Duration.ofMillis(30));
    assertThat(scaled.defaultRetryPolicy().maxDelay()).isEqualTo(Duration.ofMillis(300));
    assertThat(scaled.defaultRetryPolicy().maxAttempts()).isEqualTo(3);
    assertThat(Planner.plan(scaled).fingerprint()).isEqualTo(Planner.plan(DailySalesEtl.pipeline()).fingerprint());
    assertThat(DailySalesEtl.withRetryDelaysDividedBy(DailySalesEtl.pipeline(), 1)).isEqualTo(DailySalesEtl.pipeline());
    assertThatThrownBy(() -> DailySalesEtl.withRetryDelaysDividedBy(DailySalesEtl.pipeline(), 0))
        .hasMessageContaining("at least 1, was 0");
  }

  @Test
  void salesStepsHaveAnActionForEveryStepByTypeOrName() {
    SalesSteps steps = salesSteps();

    Pipeline bound = DailySalesEtl.pipeline(steps);

    assertThat(bound.steps()).allSatisfy(s -> assertThat(s.action()).as(s.name()).isPresent());
    assertThat(bound).as("binding actions keeps the definition").isEqualTo(DailySalesEtl.pipeline());
    assertThat(Planner.plan(bound).fingerprint()).isEqualTo(Planner.plan(DailySalesEtl.pipeline()).fingerprint());
    assertThat(steps.actionFor(PipelineStep.builder("copy_orders").type("extract").build())).isPresent();
    assertThat(steps.actionFor(PipelineStep.builder("mystery").type("transform").build())).isEmpty();
  }

  @Test
  void bindingNamesEveryStepWithoutAnAction() {
    assertThatThrownBy(() -> DailySalesEtl.withActions(DailySalesEtl.pipeline(), step -> Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no action for steps 'extract_orders' (type extract)")
        .hasMessageContaining("'load_warehouse' (type load)");
  }

  @Test
  void parsesInjectedFailures() {
    assertThat(InjectedFailure.parse("transform_orders:3")).isEqualTo(new InjectedFailure("transform_orders", 3));
    assertThatThrownBy(() -> InjectedFailure.parse("transform_orders"))
        .hasMessageContaining("is not STEP:N");
    assertThatThrownBy(() -> InjectedFailure.parse("transform_orders:x"))
        .hasMessageContaining("'x' is not a number of attempts");
    assertThatThrownBy(() -> InjectedFailure.parse("transform_orders:0"))
        .hasMessageContaining("must be at least 1, was 0");
  }

  private static SalesSteps salesSteps() {
    return new SalesSteps(Path.of("work"), SourceDatabase.embedded(Path.of("work/source.duckdb")),
        new Warehouse(Path.of("work/warehouse.duckdb")));
  }

  private static PipelineStep step(Pipeline pipeline, String name) {
    return pipeline.step(name).orElseThrow();
  }
}
