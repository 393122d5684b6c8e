package io.etlorchestrator.examples;

import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.StepAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The seed's {@code daily_sales_etl} pipeline, runnable end to end on real data.
 *
 * <p>{@link #pipeline()} is the definition: the seed's six steps with their estimates, the seed's
 * retry policy (with delays scaled down for the demo, see {@link #RETRY_POLICY}) and the seed's
 * fallbacks. {@link #pipeline(SalesSteps)} binds it to actions that work on real files; {@link
 * #withActions} binds any definition (one read from YAML, say) to actions.
 *
 * <p>Run it with {@code java -jar etl-examples/target/etl-examples.jar}; see {@link
 * DailySalesCommand} for the options.
 */
public final class DailySalesEtl {
  /** The pipeline's name. */
  public static final String NAME = "daily_sales_etl";

  /** How much shorter the demo's retry delays are than the seed's. */
  public static final int RETRY_TIME_SCALE = 1000;

  /**
   * The seed's retry policy (3 attempts, exponential backoff from 30 s, at most 300 s) with its
   * delays divided by {@link #RETRY_TIME_SCALE}: 30 ms, 60 ms... at most 300 ms, so that a demo
   * of retries takes a moment, not minutes.
   */
  public static final RetryPolicy RETRY_POLICY =
      RetryPolicy.builder()
          .maxAttempts(3)
          .exponentialBackoff(
              Duration.ofSeconds(30).dividedBy(RETRY_TIME_SCALE),
              Duration.ofSeconds(300).dividedBy(RETRY_TIME_SCALE))
          .build();

  private DailySalesEtl() {}

  /**
   * The definition without actions (enough to plan): the seed's six steps and estimates, {@link
   * #RETRY_POLICY} for every step, and the seed's fallbacks: {@code skip_downstream} for {@code
   * extract_orders}, {@code fail_pipeline} for {@code transform_orders} (and, as the default, the
   * other steps), {@code alert_and_continue} for {@code load_warehouse}.
   */
  public static Pipeline pipeline() {
    return Pipeline.builder(NAME)
        .defaultRetryPolicy(RETRY_POLICY)
        .defaultFallback(Fallback.FAIL_PIPELINE)
        .step("extract_orders", s -> s.type("extract")
            .inputs("postgres.orders").outputs("staging/orders.parquet")
            .resources("postgres").estimatedDuration(Duration.ofSeconds(120))
            .fallback(Fallback.SKIP_DOWNSTREAM))
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
            .estimatedDuration(Duration.ofSeconds(180))
            .fallback(Fallback.FAIL_PIPELINE))
        .step("aggregate_sales", s -> s.type("transform")
            .inputs("transformed/orders_enriched.parquet", "staging/products.parquet")
            .outputs("marts/daily_sales.parquet")
            .dependsOn("transform_orders", "extract_products")
            .estimatedDuration(Duration.ofSeconds(90)))
        .step("load_warehouse", s -> s.type("load")
            .inputs("marts/daily_sales.parquet").outputs("snowflake.sales.daily_summary")
            .dependsOn("aggregate_sales")
            .estimatedDuration(Duration.ofSeconds(60))
            .fallback(Fallback.ALERT_AND_CONTINUE))
        .build();
  }

  /** The definition bound to the real-data actions of {@code steps}. */
  public static Pipeline pipeline(SalesSteps steps) {
    return withActions(pipeline(), step -> steps.actionFor(step));
  }

  /**
   * {@code definition} with every step's action replaced by what {@code actions} gives for it;
   * policies, limits and everything else are kept.
   *
   * @throws IllegalArgumentException naming every step {@code actions} has no action for
   */
  public static Pipeline withActions(
      Pipeline definition, Function<PipelineStep, Optional<StepAction>> actions) {
    Pipeline.Builder builder =
        Pipeline.builder(definition.name())
            .defaultRetryPolicy(definition.defaultRetryPolicy())
            .defaultFallback(definition.defaultFallback());
    definition.resourceLimits().forEach(builder::resourceLimit);
    List<String> missing = new ArrayList<>();
    for (PipelineStep step : definition.steps()) {
      Optional<StepAction> action = actions.apply(step);
      if (action.isEmpty()) {
        missing.add(String.format("'%s' (type %s)", step.name(), step.type()));
        builder.step(step);
      } else {
        builder.step(step.toBuilder().action(action.get()).build());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(String.format(
          "pipeline '%s': no action for step%s %s", definition.name(), missing.size() == 1 ? "" : "s",
          String.join(", ", missing)));
    }
    return builder.build();
  }

  /** Runs the pipeline on real data; see {@link DailySalesCommand} for the options and exit codes. */
  public static void main(String[] args) {
    System.exit(DailySalesCommand.execute(args));
  }
}
