package io.etlorchestrator.core;

import java.time.Duration;

/** The seed's daily_sales_etl pipeline, as its Execution Plan Output defines it. */
public final class SeedPipeline {
  private SeedPipeline() {}

  /** A builder holding the seed's six steps, without actions; callers may add policies. */
  public static Pipeline.Builder builder() {
    return Pipeline.builder("daily_sales_etl")
        .step(
            "extract_orders",
            s ->
                s.type("extract")
                    .inputs("postgres.orders")
                    .outputs("staging/orders.parquet")
                    .estimatedDuration(Duration.ofSeconds(120)))
        .step(
            "extract_customers",
            s ->
                s.type("extract")
                    .inputs("postgres.customers")
                    .outputs("staging/customers.parquet")
                    .estimatedDuration(Duration.ofSeconds(60)))
        .step(
            "extract_products",
            s ->
                s.type("extract")
                    .inputs("postgres.products")
                    .outputs("staging/products.parquet")
                    .estimatedDuration(Duration.ofSeconds(30)))
        .step(
            "transform_orders",
            s ->
                s.type("transform")
                    .inputs("staging/orders.parquet", "staging/customers.parquet")
                    .outputs("transformed/orders_enriched.parquet")
                    .dependsOn("extract_orders", "extract_customers")
                    .estimatedDuration(Duration.ofSeconds(180)))
        .step(
            "aggregate_sales",
            s ->
                s.type("transform")
                    .inputs("transformed/orders_enriched.parquet", "staging/products.parquet")
                    .outputs("marts/daily_sales.parquet")
                    .dependsOn("transform_orders", "extract_products")
                    .estimatedDuration(Duration.ofSeconds(90)))
        .step(
            "load_warehouse",
            s ->
                s.type("load")
                    .inputs("marts/daily_sales.parquet")
                    .outputs("snowflake.sales.daily_summary")
                    .dependsOn("aggregate_sales")
                    .estimatedDuration(Duration.ofSeconds(60)));
  }

  /** The seed's pipeline, built. */
  public static Pipeline pipeline() {
    return builder().build();
  }
}
