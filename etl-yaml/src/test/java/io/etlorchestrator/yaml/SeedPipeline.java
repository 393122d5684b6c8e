package io.etlorchestrator.yaml;

import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The seed's daily_sales_etl pipeline built in code (a copy of etl-core's test fixture), and the
 * seed's YAML blocks as test resources, copied verbatim from the seed.
 */
final class SeedPipeline {
  private SeedPipeline() {}

  /** The seed's six steps, with the seed's fallbacks when {@code withFailurePolicies}. */
  static Pipeline pipeline(boolean withFailurePolicies) {
    Map<String, Fallback> fallbacks =
        withFailurePolicies
            ? Map.of(
                "extract_orders", Fallback.SKIP_DOWNSTREAM,
                "transform_orders", Fallback.FAIL_PIPELINE,
                "load_warehouse", Fallback.ALERT_AND_CONTINUE)
            : Map.of();
    Pipeline.Builder builder = Pipeline.builder("daily_sales_etl");
    step(builder, fallbacks, "extract_orders", "extract", 120, "postgres.orders", "staging/orders.parquet");
    step(builder, fallbacks, "extract_customers", "extract", 60, "postgres.customers", "staging/customers.parquet");
    step(builder, fallbacks, "extract_products", "extract", 30, "postgres.products", "staging/products.parquet");
    builder.step(
        with(fallbacks, PipelineStep.builder("transform_orders")
            .type("transform")
            .inputs("staging/orders.parquet", "staging/customers.parquet")
            .outputs("transformed/orders_enriched.parquet")
            .dependsOn("extract_orders", "extract_customers")
            .estimatedDuration(Duration.ofSeconds(180))));
    builder.step(
        with(fallbacks, PipelineStep.builder("aggregate_sales")
            .type("transform")
            .inputs("transformed/orders_enriched.parquet", "staging/products.parquet")
            .outputs("marts/daily_sales.parquet")
            .dependsOn("transform_orders", "extract_products")
            .estimatedDuration(Duration.ofSeconds(90))));
    builder.step(
        with(fallbacks, PipelineStep.builder("load_warehouse")
            .type("load")
            .inputs("marts/daily_sales.parquet")
            .outputs("snowflake.sales.daily_summary")
            .dependsOn("aggregate_sales")
            .estimatedDuration(Duration.ofSeconds(60))));
    return builder.build();
  }

  private static void step(
      Pipeline.Builder builder, Map<String, Fallback> fallbacks, String name, String type,
      long seconds, String source, String target) {
    builder.step(
        with(fallbacks, PipelineStep.builder(name)
            .type(type)
            .inputs(source)
            .outputs(target)
            .estimatedDuration(Duration.ofSeconds(seconds))));
  }

  private static PipelineStep with(Map<String, Fallback> fallbacks, PipelineStep.Builder step) {
    PipelineStep built = step.build();
    Fallback fallback = fallbacks.get(built.name());
    return fallback == null ? built : built.toBuilder().fallback(fallback).build();
  }

  /** The seed's "Execution Plan Output" block. */
  static String executionPlanYaml() {
    return resource("/seed/execution-plan.yaml");
  }

  /** The seed's "Failure Handling" block. */
  static String failurePoliciesYaml() {
    return resource("/seed/failure-policies.yaml");
  }

  /** The seed's plan followed by its failure policies: the full seed definition. */
  static String definitionYaml() {
    return executionPlanYaml() + "\n" + failurePoliciesYaml();
  }

  static String resource(String name) {
    try (InputStream in = SeedPipeline.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
