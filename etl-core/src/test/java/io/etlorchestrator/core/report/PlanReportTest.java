package io.etlorchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.SeedPipeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlanReportTest {
  @Test
  void theSeedsPlanAsMarkdown() {
    String markdown = PlanReport.markdown(Planner.plan(SeedPipeline.pipeline()));

    assertThat(markdown)
        .isEqualTo(
            """
            # Execution Plan: daily_sales_etl

            **Steps:** 6 in 4 waves
            **Total Estimated Duration:** 7m 30s (sum of wave estimates)
            **Critical Path:** 7m 30s: extract_orders → transform_orders → aggregate_sales → load_warehouse

            ## External Sources

            - postgres.orders
            - postgres.customers
            - postgres.products

            ## Waves

            | Wave | Steps | Parallel | Estimate |
            |------|-------|----------|----------|
            | 1 | extract_orders, extract_customers, extract_products | yes | 2m 0s |
            | 2 | transform_orders | no | 3m 0s |
            | 3 | aggregate_sales | no | 1m 30s |
            | 4 | load_warehouse | no | 1m 0s |

            ## Steps

            | Step | Type | Wave | Estimate | Earliest Start | Latest Start | Slack | After |
            |------|------|------|----------|----------------|--------------|-------|-------|
            | extract_orders | extract | 1 | 2m 0s | 0s | 0s | 0s (critical) | - |
            | extract_customers | extract | 1 | 1m 0s | 0s | 1m 0s | 1m 0s | - |
            | extract_products | extract | 1 | 30s | 0s | 4m 30s | 4m 30s | - |
            | transform_orders | transform | 2 | 3m 0s | 2m 0s | 2m 0s | 0s (critical) | extract_orders, extract_customers |
            | aggregate_sales | transform | 3 | 1m 30s | 5m 0s | 5m 0s | 0s (critical) | transform_orders, extract_products |
            | load_warehouse | load | 4 | 1m 0s | 6m 30s | 6m 30s | 0s (critical) | aggregate_sales |
            """);
  }

  @Test
  void aPlanWithoutExternalSourcesSaysSo() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .step("a", s -> s.outputs("x").estimatedDuration(Duration.ofSeconds(5)))
            .step("b", s -> s.inputs("x").estimatedDuration(Duration.ofMillis(250)))
            .build();

    String markdown = PlanReport.markdown(Planner.plan(pipeline));

    assertThat(markdown)
        .contains("**Steps:** 2 in 2 waves")
        .contains("None: every input is produced by a step.")
        .contains("| b | task | 2 | 250ms | 5s | 5s | 0s (critical) | a |");
  }
}
