package io.etlorchestrator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.Wave;
import java.nio.file.Path;
import java.time.Duration;
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
  void usesTheSeedsFallbacksAndItsRetryPolicyScaledDownForTheDemo() {
    Pipeline pipeline = DailySalesEtl.pipeline();
    assertThat(pipeline.fallbackOf(step(pipeline, "extract_orders"))).isEqualTo(Fallback.SKIP_DOWNSTREAM);
    assertThat(pipeline.fallbackOf(step(pipeline, "transform_orders"))).isEqualTo(Fallback.FAIL_PIPELINE);
    assertThat(pipeline.fallbackOf(step(pipeline, "load_warehouse"))).isEqualTo(Fallback.ALERT_AND_CONTINUE);
    assertThat(pipeline.defaultRetryPolicy().maxAttempts()).isEqualTo(3);
    assertThat(pipeline.defaultRetryPolicy().initialDelay()).isEqualTo(Duration.ofMillis(30));
    assertThat(pipeline.defaultRetryPolicy().maxDelay()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void salesStepsHaveAnActionForEveryStepByTypeOrName() {
    SalesSteps steps = new SalesSteps(Path.of("work"), SourceDatabase.embedded(Path.of("work/source.duckdb")),
        new Warehouse(Path.of("work/warehouse.duckdb")));

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

  private static PipelineStep step(Pipeline pipeline, String name) {
    return pipeline.step(name).orElseThrow();
  }
}
