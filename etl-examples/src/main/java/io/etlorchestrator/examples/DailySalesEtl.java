package io.etlorchestrator.examples;

import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.quality.CheckSeverity;
import io.etlorchestrator.quality.DriftRule;
import io.etlorchestrator.quality.QualityChecks;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.alert.AlertKind;
import io.etlorchestrator.core.alert.AlertRule;
import io.etlorchestrator.yaml.AlertDefinition;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.YamlPipelineReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The seed's {@code daily_sales_etl} pipeline, runnable end to end on real data, defined twice:
 * as YAML ({@value #DEFINITION_RESOURCE} on the class path, read by {@link #readDefinition}) and
 * through the fluent builder ({@link #pipeline()}). Both give the same pipeline and so the same
 * plan: the seed's six steps with their estimates, the seed's retry policy ({@link #RETRY_POLICY})
 * and the seed's fallbacks; {@link #alertRules()} are the seed's alert rules.
 *
 * <p>{@link #pipeline(SalesSteps)} binds the builder's definition to actions that work on real
 * files; {@link SalesSteps#stepTypes()} does the same for definitions read from YAML; {@link
 * #withActions} binds any definition to actions.
 *
 * <p>Run it with {@code java -jar etl-examples/target/etl-examples.jar}; see {@link
 * DailySalesCommand} for the options.
 */
public final class DailySalesEtl {
  /** The pipeline's name. */
  public static final String NAME = "daily_sales_etl";

  /** Where the YAML definition is on the class path. */
  public static final String DEFINITION_RESOURCE = "daily_sales_etl.yaml";

  /**
   * The seed's retry policy: 3 attempts, exponential backoff from 30 s, at most 300 s. The command
   * line waits these delays 1000x shorter by default (its {@code --delay-scale}), so that a demo
   * of retries takes a moment, not minutes.
   */
  public static final RetryPolicy RETRY_POLICY =
      RetryPolicy.builder()
          .maxAttempts(3)
          .exponentialBackoff(Duration.ofSeconds(30), Duration.ofSeconds(300))
          .build();

  /** The day's orders, as extracted: checked for missing customers, duplicates and drift. */
  static final String ORDERS = "staging/orders.parquet";

  /** The daily sales mart: the seed's "Validate output" target. */
  static final String MART = "marts/daily_sales.parquet";

  private DailySalesEtl() {}

  /**
   * The definition through the builder, without actions (enough to plan): the seed's six steps
   * and estimates, {@link #RETRY_POLICY} for every step, and the seed's fallbacks: {@code
   * skip_downstream} for {@code extract_orders}, {@code fail_pipeline} for {@code
   * transform_orders} (and, as the default, the other steps), {@code alert_and_continue} for
   * {@code load_warehouse}. Equal to the pipeline of {@value #DEFINITION_RESOURCE}.
   */
  public static Pipeline pipeline() {
    return Pipeline.builder(NAME)
        .defaultRetryPolicy(RETRY_POLICY)
        .defaultFallback(Fallback.FAIL_PIPELINE)
        .declare(PipelineDefinition.CHECKS, PipelineDefinition.CHECKS_APPLIED_BY)
        .step("extract_orders", s -> s.type("extract")
            .inputs("postgres.orders").outputs("staging/orders.parquet")
            .estimatedDuration(Duration.ofSeconds(120))
            .fallback(Fallback.SKIP_DOWNSTREAM)
            .check(QualityChecks.notNull(ORDERS, "order_id", "customer_id").build())
            .check(QualityChecks.unique(ORDERS, "order_id").build())
            .check(QualityChecks.drift(ORDERS, "row_count", DriftRule.maxChange(0.20))
                .severity(CheckSeverity.WARN).build()))
        .step("extract_customers", s -> s.type("extract")
            .inputs("postgres.customers").outputs("staging/customers.parquet")
            .estimatedDuration(Duration.ofSeconds(60)))
        .step("extract_products", s -> s.type("extract")
            .inputs("postgres.products").outputs("staging/products.parquet")
            .estimatedDuration(Duration.ofSeconds(30)))
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
            .estimatedDuration(Duration.ofSeconds(90))
            .check(QualityChecks.rowCount(MART, 300L, 400L).build())
            .check(QualityChecks.notNull(MART, "sales_date", "net_revenue").build())
            .check(QualityChecks.unique(MART, "sales_date").build())
            .check(QualityChecks.range(MART, "net_revenue", 0, null).build())
            .check(QualityChecks.drift(MART, "mean(net_revenue)", DriftRule.maxChange(0.20))
                .severity(CheckSeverity.WARN).build()))
        .step("load_warehouse", s -> s.type("load")
            .inputs("marts/daily_sales.parquet").outputs("snowflake.sales.daily_summary")
            .dependsOn("aggregate_sales")
            .estimatedDuration(Duration.ofSeconds(60))
            .fallback(Fallback.ALERT_AND_CONTINUE))
        .build();
  }

  /**
   * The seed's alert rules: {@code step_failure} to {@code slack}, {@code pipeline_failure} to
   * {@code pagerduty} and {@code email}. Equal to the rules of {@value #DEFINITION_RESOURCE}.
   */
  public static List<AlertRule> alertRules() {
    return List.of(
        AlertRule.on(AlertKind.STEP_FAILURE, "slack"),
        AlertRule.on(AlertKind.PIPELINE_FAILURE, "pagerduty", "email"),
        AlertRule.on(AlertKind.DRIFT_DETECTED, "slack"));
  }

  /** The text of {@value #DEFINITION_RESOURCE}. */
  public static String definitionText() {
    try (InputStream in = DailySalesEtl.class.getClassLoader().getResourceAsStream(DEFINITION_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFINITION_RESOURCE + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFINITION_RESOURCE, e);
    }
  }

  /**
   * Reads {@value #DEFINITION_RESOURCE} with {@code stepTypes}; with {@link
   * YamlPipelineReader#forPlanning()} for a pipeline to plan only.
   *
   * @throws io.etlorchestrator.yaml.YamlDefinitionException listing every problem
   */
  public static PipelineDefinition readDefinition(YamlPipelineReader reader) {
    return reader.readString(definitionText(), DEFINITION_RESOURCE);
  }

  /** Core alert rules as definitions, for writing them with the plan. */
  public static List<AlertDefinition> alertDefinitions(List<AlertRule> rules) {
    return rules.stream()
        .map(rule -> AlertDefinition.of(List.of(rule.kind().definitionName()), rule.channels()))
        .collect(Collectors.toList());
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
    List<String> missing = new ArrayList<>();
    Pipeline bound = copy(definition, definition.defaultRetryPolicy(), step -> {
      Optional<StepAction> action = actions.apply(step);
      if (action.isEmpty()) {
        missing.add(String.format("'%s' (type %s)", step.name(), step.type()));
        return step;
      }
      return step.toBuilder().action(action.get()).build();
    });
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(String.format(
          "pipeline '%s': no action for step%s %s", definition.name(), missing.size() == 1 ? "" : "s",
          String.join(", ", missing)));
    }
    return bound;
  }

  /**
   * {@code pipeline} with the delays of its retry policies (its default and the steps' own)
   * divided by {@code scale}, everything else kept: the seed's 30 s to 300 s become 30 ms to 300
   * ms with a scale of 1000, so that a demo of retries takes a moment. The plan's structure, and
   * so its fingerprint, stays the same, so a run made at one scale can be resumed at another.
   *
   * @throws IllegalArgumentException if {@code scale} is less than 1
   */
  public static Pipeline withRetryDelaysDividedBy(Pipeline pipeline, long scale) {
    if (scale < 1) {
      throw new IllegalArgumentException(String.format("the delay scale must be at least 1, was %d", scale));
    }
    if (scale == 1) {
      return pipeline;
    }
    return copy(pipeline, divide(pipeline.defaultRetryPolicy(), scale), step -> step.retryPolicy()
        .map(policy -> step.toBuilder().retryPolicy(divide(policy, scale)).build())
        .orElse(step));
  }

  private static RetryPolicy divide(RetryPolicy policy, long scale) {
    return policy.toBuilder()
        .backoff(policy.backoff(), policy.initialDelay().dividedBy(scale), policy.maxDelay().dividedBy(scale))
        .build();
  }

  private static Pipeline copy(
      Pipeline pipeline, RetryPolicy defaultRetryPolicy, Function<PipelineStep, PipelineStep> steps) {
    Pipeline.Builder builder =
        Pipeline.builder(pipeline.name())
            .defaultRetryPolicy(defaultRetryPolicy)
            .defaultFallback(pipeline.defaultFallback());
    pipeline.resourceLimits().forEach(builder::resourceLimit);
    for (PipelineStep step : pipeline.steps()) {
      builder.step(steps.apply(step));
    }
    return builder.build();
  }

  /** Runs the pipeline on real data; see {@link DailySalesCommand} for the options and exit codes. */
  public static void main(String[] args) {
    System.exit(DailySalesCommand.execute(args));
  }
}
