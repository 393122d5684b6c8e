package io.etlorchestrator.examples;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PlanRenderer;
import io.etlorchestrator.core.Planner;
import java.time.Duration;

/**
 * The seed's {@code daily_sales_etl} pipeline. For now this plans the pipeline and prints the plan
 * (as text and as a Mermaid flowchart); running it on real data comes with the executor.
 *
 * <p>Run it with {@code java -jar etl-examples/target/etl-examples.jar}.
 */
public final class DailySalesEtl {
  private DailySalesEtl() {}

  /** The seed's six steps with the seed's estimates. */
  public static Pipeline pipeline() {
    return Pipeline.builder("daily_sales_etl")
        .step("extract_orders", s -> s.type("extract")
            .inputs("postgres.orders").outputs("staging/orders.parquet")
            .resources("postgres").estimatedDuration(Duration.ofSeconds(120)))
        .step("extract_customers", s -> s.type("extract")
            .inputs("postgres.customers").outputs("staging/customers.parquet")
            .resources("postgres").estimatedDuration(Duration.ofSeconds(60)))
        .step("extract_products", s -> s.type("extract")
            .inputs("postgres.products").outputs("staging/products.parquet")
            .resources("postgres").estimatedDuration(Duration.ofSeconds(30)))
        .step("transform_orders", s -> s.type("transform")
            .inputs("staging/orders.parquet", "staging/customers.parquet")
            .outputs("transformed/orders_enriched.parquet")
            .dependsOn("extract_orders", "extract_customers")
            .estimatedDuration(Duration.ofSeconds(180)))
        .step("aggregate_sales", s -> s.type("transform")
            .inputs("transformed/orders_enriched.parquet", "staging/products.parquet")
            .outputs("marts/daily_sales.parquet")
            .dependsOn("transform_orders", "extract_products")
            .estimatedDuration(Duration.ofSeconds(90)))
        .step("load_warehouse", s -> s.type("load")
            .inputs("marts/daily_sales.parquet").outputs("snowflake.sales.daily_summary")
            .dependsOn("aggregate_sales")
            .estimatedDuration(Duration.ofSeconds(60)))
        .build();
  }

  /** Prints the plan of the seed pipeline. */
  public static void main(String[] args) {
    ExecutionPlan plan = Planner.plan(pipeline());
    System.out.print(PlanRenderer.text(plan));
    System.out.println();
    System.out.println("Mermaid flowchart (paste into a GitHub comment inside ```mermaid):");
    System.out.print(PlanRenderer.mermaid(plan));
  }
}
