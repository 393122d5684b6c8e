package io.etlorchestrator.quality;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Writes test data with an in-memory DuckDB: files with COPY, or tables of a database file. */
final class Duck {
  private Duck() {}

  /** Runs {@code statements} on a new in-memory DuckDB. */
  static void run(String... statements) {
    on("jdbc:duckdb:", statements);
  }

  /** Runs {@code statements} on the database at {@code url}. */
  static void on(String url, String... statements) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the rows of {@code select} to {@code file} (Parquet, CSV or JSON by its name). */
  static void write(Path file, String select) {
    file.getParent().toFile().mkdirs();
    String name = file.getFileName().toString();
    String format = name.endsWith(".parquet") ? "(FORMAT parquet)" : name.endsWith(".csv") ? "(HEADER)" : "";
    run("COPY (" + select + ") TO '" + file.toString().replace("'", "''") + "' " + format);
  }

  /** The seed's daily mart: {@code days} rows, one per sale_date, with region, revenue and customer_id. */
  static String sales(int days) {
    return "SELECT DATE '2024-01-01' + CAST(i AS INTEGER) AS sale_date,"
        + " ['north', 'south', 'east', 'west'][i % 4 + 1] AS region,"
        + " CAST(100 + i AS DOUBLE) AS revenue,"
        + " CAST(i AS BIGINT) AS customer_id,"
        + " TIMESTAMP '2024-01-15 10:00:00' - INTERVAL (i) HOUR AS updated_at"
        + " FROM range(" + days + ") t(i)";
  }
}
