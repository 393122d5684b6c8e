package io.etlorchestrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.Wave;
import java.time.Duration;
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
}
