package io.etlorchestrator.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The embedded DuckDB engine the example uses for its source database, its Parquet files and its
 * warehouse: opening connections, writing Parquet atomically, counting rows.
 */
final class DuckDb {
  private DuckDb() {}

  /** A connection to a new in-memory database, closed by the caller. */
  static Connection inMemory() throws SQLException {
    return DriverManager.getConnection("jdbc:duckdb:");
  }

  /** A connection to the database file {@code file} (created if missing), closed by the caller. */
  static Connection file(Path file, boolean readOnly) throws SQLException {
    Properties properties = new Properties();
    if (readOnly) {
      properties.setProperty("duckdb.read_only", "true");
    }
    return DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
  }

  /** {@code text} as an SQL string literal. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** {@code path} as an SQL string literal. */
  static String literal(Path path) {
    return literal(path.toAbsolutePath().toString());
  }

  /**
   * Writes the rows of {@code query} to the Parquet file {@code target}, atomically: into a
   * temporary file next to it first, then moved into place, so a failed or interrupted attempt
   * never leaves a half-written file where the next step would read it.
   *
   * @return the number of rows written
   */
  static long copyToParquet(Connection connection, String query, Path target)
      throws SQLException, IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    long rows;
    try (Statement statement = connection.createStatement()) {
      rows = statement.executeLargeUpdate(
          "COPY (" + query + ") TO " + literal(temporary) + " (FORMAT PARQUET, COMPRESSION ZSTD)");
    } catch (SQLException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return rows;
  }

  /** The number of rows of the Parquet file {@code file}. */
  static long countParquetRows(Path file) throws SQLException {
    try (Connection connection = inMemory()) {
      return queryLong(connection, "SELECT count(*) FROM read_parquet(" + literal(file) + ")");
    }
  }

  /** The single number {@code sql} returns. */
  static long queryLong(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      if (!result.next()) {
        throw new SQLException("query returned no row: " + sql);
      }
      return result.getLong(1);
    }
  }
}
