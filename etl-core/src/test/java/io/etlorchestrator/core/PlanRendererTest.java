package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlanRendererTest {
  private final ExecutionPlan plan = Planner.plan(SeedPipeline.pipeline());

  @Test
  void rendersTheSeedPlanAsText() {
    assertThat(PlanRenderer.text(plan))
        .isEqualTo(
            """
            Plan: daily_sales_etl (6 steps, 4 waves)
            External sources: postgres.orders, postgres.customers, postgres.products

            Wave 1 (parallel, 120s)
              extract_orders         120s  slack 0s      critical
              extract_customers       60s  slack 60s
              extract_products        30s  slack 270s

            Wave 2 (180s)
              transform_orders       180s  slack 0s      critical  after extract_orders, extract_customers

            Wave 3 (90s)
              aggregate_sales         90s  slack 0s      critical  after transform_orders, extract_products

            Wave 4 (60s)
              load_warehouse          60s  slack 0s      critical  after aggregate_sales

            Total estimated duration (sum of waves): 450s
            Critical path (450s): extract_orders -> transform_orders -> aggregate_sales -> load_warehouse
            """);
  }

  @Test
  void rendersTheSeedPlanAsMermaidFlowchart() {
    assertThat(PlanRenderer.mermaid(plan))
        .isEqualTo(
            """
            flowchart LR
              src0[("postgres.orders")]
              src1[("postgres.customers")]
              src2[("postgres.products")]
              s0["extract_orders<br/>120s"]
              s1["extract_customers<br/>60s"]
              s2["extract_products<br/>30s"]
              s3["transform_orders<br/>180s"]
              s4["aggregate_sales<br/>90s"]
              s5["load_warehouse<br/>60s"]
              src0 --> s0
              src1 --> s1
              src2 --> s2
              s0 -->|"staging/orders.parquet"| s3
              s1 -->|"staging/customers.parquet"| s3
              s3 -->|"transformed/orders_enriched.parquet"| s4
              s2 -->|"staging/products.parquet"| s4
              s4 -->|"marts/daily_sales.parquet"| s5
              classDef critical stroke:#d33,stroke-width:3px
              class s0,s3,s4,s5 critical
            """);
  }

  @Test
  void mermaidEscapesQuotesAndDrawsDependsOnDotted() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .step("say \"hi\"", s -> {})
            .step("b", s -> s.dependsOn("say \"hi\""))
            .build();
    String mermaid = PlanRenderer.mermaid(Planner.plan(pipeline));
    assertThat(mermaid).contains("s0[\"say #quot;hi#quot;<br/>0s\"]").contains("s0 -.-> s1");
  }
}
