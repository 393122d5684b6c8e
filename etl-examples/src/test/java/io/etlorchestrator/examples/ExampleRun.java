package io.etlorchestrator.examples;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the example's command line in this JVM and reads what it left in the work directory. */
record ExampleRun(int exitCode, String out, String err) {
  static ExampleRun run(Path work, String... args) {
    List<String> all = new ArrayList<>(List.of("--work", work.toString()));
    all.addAll(Arrays.asList(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = DailySalesCommand.execute(all.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new ExampleRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The recorded state of run {@code runId}, from the checkpoint store in the work directory. */
  static PipelineRun checkpoint(Path work, String runId) {
    return CheckpointStore.file(work.resolve(".etl")).load(runId).orElseThrow(
        () -> new AssertionError("run " + runId + " is not recorded in " + work.resolve(".etl")));
  }

  static StepRun step(PipelineRun run, String name) {
    return run.step(name).orElseThrow(() -> new AssertionError("run has no step " + name));
  }

  static long parquetRows(Path work, String file) throws Exception {
    return DuckDb.countParquetRows(work.resolve(file));
  }

  /** Totals of the warehouse table: rows, distinct days, first day, last day, units, gross revenue. */
  record WarehouseTotals(long rows, long days, String firstDay, String lastDay, long units, BigDecimal gross) {}

  static WarehouseTotals warehouse(Path work) throws Exception {
    try (Connection connection = DuckDb.file(work.resolve("warehouse.duckdb"), true);
        Statement statement = connection.createStatement();
        ResultSet r = statement.executeQuery(
            "SELECT count(*), count(DISTINCT sales_date), min(sales_date)::VARCHAR, max(sales_date)::VARCHAR,"
                + " sum(units_sold), sum(gross_revenue) FROM sales.daily_summary")) {
      r.next();
      return new WarehouseTotals(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getLong(5),
          r.getBigDecimal(6));
    }
  }

  /** Units and gross revenue computed from the generated rows in Java, independent of the SQL. */
  static WarehouseTotals expectedTotals() {
    SalesData data = SalesData.generate(SalesDataSpec.STANDARD);
    long units = 0;
    BigDecimal gross = BigDecimal.ZERO;
    for (SalesData.Order order : data.orders()) {
      units += order.quantity();
      BigDecimal price = data.products().get(order.productId() - 1).listPrice();
      gross = gross.add(price.multiply(BigDecimal.valueOf(order.quantity())));
    }
    return new WarehouseTotals(365, 365, "2023-01-01", "2023-12-31", units, gross);
  }
}
