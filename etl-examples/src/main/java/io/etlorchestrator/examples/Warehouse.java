package io.etlorchestrator.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The warehouse the load step writes (the seed's {@code snowflake}): an embedded DuckDB database
 * file. Loads are idempotent: rows of the loaded keys are replaced in one transaction, so a retried
 * or resumed load never duplicates a day.
 */
public final class Warehouse {
  private final Path file;

  /** The warehouse in the DuckDB file {@code file}, created on the first load. */
  public Warehouse(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /**
   * Loads the Parquet file {@code source} into {@code table} ({@code schema.name}, created from
   * the file's columns if missing), replacing rows whose {@code keyColumn} value the file holds.
   *
   * @return the number of rows loaded
   */
  public long load(Path source, String table, String keyColumn) throws Exception {
    checkIdentifier(table, "table");
    checkIdentifier(keyColumn, "key column");
    Files.createDirectories(file.getParent());
    String rows = "read_parquet(" + DuckDb.literal(source) + ")";
    try (Connection connection = DuckDb.file(file, false);
        Statement statement = connection.createStatement()) {
      int dot = table.indexOf('.');
      if (dot > 0) {
        statement.execute("CREATE SCHEMA IF NOT EXISTS " + table.substring(0, dot));
      }
      statement.execute("CREATE TABLE IF NOT EXISTS " + table + " AS SELECT * FROM " + rows + " LIMIT 0");
      connection.setAutoCommit(false);
      try {
        statement.execute(
            "DELETE FROM " + table + " WHERE " + keyColumn + " IN (SELECT " + keyColumn + " FROM " + rows + ")");
        long loaded = statement.executeLargeUpdate("INSERT INTO " + table + " SELECT * FROM " + rows);
        connection.commit();
        return loaded;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** The number of rows of {@code table}. */
  public long count(String table) throws SQLException {
    checkIdentifier(table, "table");
    try (Connection connection = DuckDb.file(file, true)) {
      return DuckDb.queryLong(connection, "SELECT count(*) FROM " + table);
    }
  }

  private static void checkIdentifier(String name, String what) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
      throw new IllegalArgumentException(
          String.format("%s '%s' must be a plain SQL name, optionally schema-qualified", what, name));
    }
  }
}
