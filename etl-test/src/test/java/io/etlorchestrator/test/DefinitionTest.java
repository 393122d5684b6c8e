package io.etlorchestrator.test;

import static io.etlorchestrator.test.EtlAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.alert.Alert;
import io.etlorchestrator.core.alert.AlertKind;
import io.etlorchestrator.core.alert.AlertRule;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.StepTypeRegistry;
import io.etlorchestrator.yaml.YamlPipelineReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A pipeline read from YAML runs under the tester with its own retries, fallbacks and alert rules. */
@Timeout(60)
class DefinitionTest {
  private static final String YAML =
      """
      pipeline: daily_sales_etl
      steps:
        - name: extract_orders
          type: extract
          source: postgres.orders
          target: staging/orders.parquet
          params: {rows: 52340}
        - name: aggregate_sales
          type: transform
          source: staging/orders.parquet
          target: marts/daily_sales.parquet
          params: {rows: 365}
        - name: load_warehouse
          type: load
          source: marts/daily_sales.parquet
          params: {rows: 365}
      failure_policies:
        retry: {max_attempts: 3, backoff: exponential, initial_delay: 30s, max_delay: 300s}
        on_failure:
          load_warehouse: {action: retry, fallback: alert_and_continue}
        alerts:
          - on: step_failure
            channels: [slack]
          - on: [pipeline_failure]
            channels: [pagerduty, email]
      """;

  private static final StepTypeRegistry TYPES =
      StepTypeRegistry.builder()
          .register("extract", step -> reporting(step.param("rows").orElseThrow()))
          .register("transform", step -> reporting(step.param("rows").orElseThrow()))
          .register("load", step -> reporting(step.param("rows").orElseThrow()))
          .build();

  private static io.etlorchestrator.core.StepAction reporting(Object rows) {
    long count = ((Number) rows).longValue();
    return ctx -> ctx.reportRows(count);
  }

  @Test
  void aDefinitionRunsWithItsStepTypes() {
    PipelineDefinition definition = YamlPipelineReader.withStepTypes(TYPES).readString(YAML, "daily_sales.yaml");

    TestRun result = PipelineTester.of(definition).failing("extract_orders", 1).run();

    assertThat(result).succeeded().hasTotalRows(53_070).step("extract_orders").hasAttempts(2);
    assertThat(result.retryDelays("extract_orders")).containsExactly(Duration.ofSeconds(30));
    assertThat(result.alerts("slack")).isEmpty();
  }

  @Test
  void theDefinitionsAlertRulesRaiseRecordedAlerts() {
    PipelineDefinition definition = YamlPipelineReader.withStepTypes(TYPES).readString(YAML, "daily_sales.yaml");

    TestRun result = PipelineTester.of(definition).failingEveryAttempt("load_warehouse").run();

    assertThat(result).completedWithFailures().step("load_warehouse").failed().hasAttempts(3);
    assertThat(result.alerts("slack"))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.kind()).isEqualTo(AlertKind.STEP_FAILURE);
              assertThat(alert.step()).contains("load_warehouse");
              assertThat(alert.message()).contains("alert_and_continue");
            });
    assertThat(result.alerts("pagerduty")).extracting(Alert::kind).containsExactly(AlertKind.PIPELINE_FAILURE);
    assertThat(result.alerts("email")).hasSize(1);
    assertThatThrownBy(() -> result.alerts("slak"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no alert rule names channel 'slak' (did you mean 'slack'?); the rules name: slack, pagerduty, email");
  }

  @Test
  void aDefinitionReadForPlanningRehearsesItsPoliciesWithADefaultAction() {
    PipelineDefinition definition = YamlPipelineReader.forPlanning().readString(YAML, "daily_sales.yaml");

    TestRun result = PipelineTester.of(definition).defaultAction(ctx -> {}).failingEveryAttempt("extract_orders").run();

    assertThat(result).failed().stepsWithStatus(StepStatus.SKIPPED).containsExactly("aggregate_sales", "load_warehouse");
    assertThat(result.alerts("slack")).extracting(a -> a.step().orElseThrow()).containsExactly("extract_orders");
  }

  @Test
  void alertRulesCanBeGivenForAPipelineBuiltInCode() {
    TestRun result =
        PipelineTester.of(new SeedRig().pipeline())
            .alertRules(java.util.List.of(AlertRule.on(AlertKind.STEP_RETRY, "ops")))
            .failing("extract_products", 2)
            .run();

    assertThat(result.alerts("ops")).extracting(a -> a.step().orElseThrow()).containsExactly("extract_products", "extract_products");
  }

  @Test
  void aRunWithoutAlertRulesSaysSoWhenAskedForAlerts() {
    TestRun result = PipelineTester.of(new SeedRig().pipeline()).run();

    assertThatThrownBy(() -> result.alerts("slack"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no alert rule names channel 'slack': the run had no alert rules");
  }
}
