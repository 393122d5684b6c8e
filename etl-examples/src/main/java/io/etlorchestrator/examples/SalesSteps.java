package io.etlorchestrator.examples;

import io.etlorchestrator.core.PermanentStepException;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.StepContext;
import io.etlorchestrator.yaml.StepParameterException;
import io.etlorchestrator.yaml.StepTypeRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The actions of {@code daily_sales_etl}'s steps, working on real data: a source database, Parquet
 * files under a work directory, and an embedded warehouse.
 *
 * <p>Actions are looked up by step type first ({@code extract} and {@code load} are generic: they
 * read what to copy from the step's inputs and outputs), then by step name for the two transforms,
 * whose SQL is specific. {@link #actionFor(PipelineStep)} does that lookup, so the same class
 * serves a pipeline built in code ({@link DailySalesEtl#pipeline(SalesSteps)}) and one read from a
 * definition file through a step-type registry.
 *
 * <p>Datasets name files relative to the work directory ({@code staging/orders.parquet}) or
 * tables as {@code system.table} ({@code postgres.orders}, read from the {@link SourceDatabase})
 * and {@code system.schema.table} ({@code snowflake.sales.daily_summary}, written to the {@link
 * Warehouse}). Every action reports the rows it wrote, writes files atomically and can be run
 * again (retries, resumes) without leaving duplicates.
 */
public final class SalesSteps {
  /** The key column of the daily summary, replaced on every load. */
  static final String SALES_DATE = "sales_date";
  /** The SQL transforms the example knows, by name. */
  static final List<String> TRANSFORMS = List.of("transform_orders", "aggregate_sales");

  private final Path workDir;
  private final SourceDatabase source;
  private final Warehouse warehouse;

  /**
   * Actions reading from {@code source}, writing files under {@code workDir} and loading into
   * {@code warehouse}.
   */
  public SalesSteps(Path workDir, SourceDatabase source, Warehouse warehouse) {
    this.workDir = workDir.toAbsolutePath().normalize();
    this.source = source;
    this.warehouse = warehouse;
  }

  /** The work directory files are written under. */
  public Path workDir() {
    return workDir;
  }

  /** The source database. */
  public SourceDatabase source() {
    return source;
  }

  /** The warehouse. */
  public Warehouse warehouse() {
    return warehouse;
  }

  /** The file a file dataset such as {@code staging/orders.parquet} stands for. */
  public Path path(String dataset) {
    Path path = workDir.resolve(dataset).normalize();
    if (!path.startsWith(workDir)) {
      throw new PermanentStepException(
          String.format("dataset '%s' points outside the work directory %s", dataset, workDir));
    }
    return path;
  }

  /**
   * The action of {@code step}: by type for {@code extract} and {@code load}, by name for {@code
   * transform_orders} and {@code aggregate_sales}.
   */
  public Optional<StepAction> actionFor(PipelineStep step) {
    switch (step.type()) {
      case "extract":
        return Optional.of(extract());
      case "load":
        return Optional.of(load());
      default:
        return transform(step.name());
    }
  }

  /**
   * The example's step types for a {@link io.etlorchestrator.yaml.YamlPipelineReader}: {@code
   * extract} and {@code load} as {@link #extract()} and {@link #load()}; {@code transform} runs the
   * SQL transform named by the step's {@code params.transform}, or by the step's name when it has
   * none ({@code transform_orders}, {@code aggregate_sales}). A transform naming neither is
   * rejected while the definition is read, at the line of {@code params.transform} (or of the
   * step), with the transforms there are.
   */
  public StepTypeRegistry stepTypes() {
    return StepTypeRegistry.builder()
        .register("extract", step -> extract())
        .register("load", step -> load())
        .register("transform", step -> {
          step.rejectUnknownParams("transform");
          Optional<String> named = step.optionalStringParam("transform");
          String name = named.orElse(step.name());
          Optional<StepAction> action = transform(name);
          if (action.isPresent()) {
            return action.get();
          }
          if (named.isPresent()) {
            throw new StepParameterException(step, "transform", String.format(
                "the example has no transform '%s'; accepted: %s", name, String.join(", ", TRANSFORMS)));
          }
          throw new IllegalArgumentException(String.format(
              "the example has no transform '%s'; name one of %s in the step's name or in params.transform",
              name, String.join(", ", TRANSFORMS)));
        })
        .build();
  }

  /** The SQL transform named {@code name}: {@code transform_orders} or {@code aggregate_sales}. */
  public Optional<StepAction> transform(String name) {
    switch (name) {
      case "transform_orders":
        return Optional.of(this::transformOrders);
      case "aggregate_sales":
        return Optional.of(this::aggregateSales);
      default:
        return Optional.empty();
    }
  }

  /**
   * Type {@code extract}: copies the source table named by the step's one input ({@code
   * postgres.orders}) into the Parquet file named by its one output.
   */
  public StepAction extract() {
    return ctx -> {
      String input = only(ctx, ctx.inputs(), "input");
      String table = input.substring(input.lastIndexOf('.') + 1);
      SalesTable salesTable =
          SalesTable.named(table)
              .orElseThrow(() -> new PermanentStepException(String.format(
                  "step '%s': input '%s' names no source table; expected one of postgres.customers,"
                      + " postgres.products, postgres.orders", ctx.step().name(), input)));
      Path target = path(only(ctx, ctx.outputs(), "output"));
      long rows = source.extract(salesTable, target);
      report(ctx, rows, target);
    };
  }

  /**
   * Type {@code load}: loads the Parquet file named by the step's one input into the warehouse
   * table named by its one output without the system prefix ({@code snowflake.sales.daily_summary}
   * goes to {@code sales.daily_summary}), replacing the days the file holds.
   */
  public StepAction load() {
    return ctx -> {
      Path file = path(only(ctx, ctx.inputs(), "input"));
      String output = only(ctx, ctx.outputs(), "output");
      int dot = output.indexOf('.');
      if (dot < 0) {
        throw new PermanentStepException(String.format(
            "step '%s': output '%s' must name a warehouse table as system.schema.table",
            ctx.step().name(), output));
      }
      long rows = warehouse.load(file, output.substring(dot + 1), SALES_DATE);
      ctx.reportRows(rows);
    };
  }

  /**
   * Joins orders (first input) with customers (second input) into enriched orders (the output),
   * one row per order. An order whose customer is unknown fails the step permanently: dropping it
   * silently would make the daily totals wrong.
   */
  private void transformOrders(StepContext ctx) throws Exception {
    List<String> inputs = inputs(ctx, 2);
    String orders = parquet(inputs.get(0));
    String customers = parquet(inputs.get(1));
    Path target = path(only(ctx, ctx.outputs(), "output"));
    try (Connection duck = DuckDb.inMemory()) {
      long orphans = DuckDb.queryLong(duck,
          "SELECT count(*) FROM " + orders + " o ANTI JOIN " + customers + " c ON c.customer_id = o.customer_id");
      if (orphans > 0) {
        throw new PermanentStepException(String.format(
            "step '%s': %d orders reference customers missing from %s", ctx.step().name(), orphans, inputs.get(1)));
      }
      long rows = DuckDb.copyToParquet(duck,
          "SELECT o.order_id, o.order_date, o.customer_id, c.name AS customer_name, c.region,"
              + " c.segment, o.product_id, o.quantity, o.discount, o.channel"
              + " FROM " + orders + " o JOIN " + customers + " c ON c.customer_id = o.customer_id"
              + " ORDER BY o.order_id",
          target);
      report(ctx, rows, target);
    }
  }

  /**
   * Prices enriched orders (first input) with products (second input) and sums them per day into
   * the daily sales mart (the output): orders, distinct customers, units, gross revenue, discounts
   * and net revenue.
   */
  private void aggregateSales(StepContext ctx) throws Exception {
    List<String> inputs = inputs(ctx, 2);
    String enriched = parquet(inputs.get(0));
    String products = parquet(inputs.get(1));
    Path target = path(only(ctx, ctx.outputs(), "output"));
    try (Connection duck = DuckDb.inMemory()) {
      long unpriced = DuckDb.queryLong(duck,
          "SELECT count(*) FROM " + enriched + " e ANTI JOIN " + products + " p ON p.product_id = e.product_id");
      if (unpriced > 0) {
        throw new PermanentStepException(String.format(
            "step '%s': %d orders reference products missing from %s", ctx.step().name(), unpriced, inputs.get(1)));
      }
      long rows = DuckDb.copyToParquet(duck,
          "SELECT sales_date, order_count, customer_count, units_sold, gross_revenue, discount_total,"
              + " gross_revenue - discount_total AS net_revenue FROM ("
              + " SELECT e.order_date AS " + SALES_DATE + ","
              + " count(*) AS order_count,"
              + " count(DISTINCT e.customer_id) AS customer_count,"
              + " sum(e.quantity)::BIGINT AS units_sold,"
              + " sum(e.quantity * p.list_price)::DECIMAL(14,2) AS gross_revenue,"
              + " round(sum(e.quantity * p.list_price * e.discount), 2)::DECIMAL(14,2) AS discount_total"
              + " FROM " + enriched + " e JOIN " + products + " p ON p.product_id = e.product_id"
              + " GROUP BY e.order_date) ORDER BY " + SALES_DATE,
          target);
      report(ctx, rows, target);
    }
  }

  private String parquet(String dataset) {
    Path file = path(dataset);
    if (!Files.isRegularFile(file)) {
      // Not permanent: on a resume after a crash the producer runs again first.
      throw new IllegalStateException(String.format("input file %s does not exist", file));
    }
    return "read_parquet(" + DuckDb.literal(file) + ")";
  }

  private static void report(StepContext ctx, long rows, Path file) throws java.io.IOException {
    ctx.reportRows(rows);
    ctx.metric("bytes", Files.size(file));
  }

  private static List<String> inputs(StepContext ctx, int expected) {
    List<String> inputs = new ArrayList<>(ctx.inputs());
    if (inputs.size() != expected) {
      throw new PermanentStepException(String.format(
          "step '%s' needs %d inputs, has %d: %s", ctx.step().name(), expected, inputs.size(), inputs));
    }
    return inputs;
  }

  private static String only(StepContext ctx, java.util.Set<String> datasets, String what) {
    if (datasets.size() != 1) {
      throw new PermanentStepException(String.format(
          "step '%s' needs exactly one %s, has %d: %s", ctx.step().name(), what, datasets.size(), datasets));
    }
    return datasets.iterator().next();
  }
}
