package io.etlorchestrator.quality.internal;

import io.etlorchestrator.core.quality.ColumnProfile;
import io.etlorchestrator.quality.QueryResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * The one-pass profile query of a relation and the reading of its result, shared by the file
 * (DuckDB) and table (JDBC) profilers; and the count-then-sample query of checks. Plain SQL that
 * PostgreSQL, DuckDB and H2 all run. Internal: not part of the public API.
 */
public final class ProfileSql {
  /** What can be computed of a column. */
  public enum Category {
    /** Numbers: distinct, min, max and mean. */
    NUMERIC,
    /** Text, dates and times: distinct, min and max. */
    ORDERED,
    /** Booleans and such: distinct values only. */
    DISTINCT_ONLY,
    /** Anything else (JSON, arrays on some engines): nulls only. */
    NULLS_ONLY
  }

  /** A column to profile. */
  public record Column(String name, String type, Category category) {}

  private ProfileSql() {}

  /**
   * {@code SELECT count(*), count(c), <distinct>(c), CAST(min(c) AS VARCHAR), ... FROM relation}:
   * one pass over the data for every column.
   *
   * @param approximateDistinct {@code approx_count_distinct} (DuckDB) rather than {@code
   *     count(DISTINCT c)}
   */
  public static String query(
      String relation, List<Column> columns, UnaryOperator<String> quote, boolean approximateDistinct) {
    StringBuilder sql = new StringBuilder("SELECT count(*)");
    for (Column column : columns) {
      String c = quote.apply(column.name());
      sql.append(", count(").append(c).append(')');
      if (column.category() != Category.NULLS_ONLY) {
        sql.append(approximateDistinct ? ", approx_count_distinct(" + c + ")" : ", count(DISTINCT " + c + ")");
      }
      if (column.category() == Category.NUMERIC || column.category() == Category.ORDERED) {
        sql.append(", CAST(min(").append(c).append(") AS VARCHAR)");
        sql.append(", CAST(max(").append(c).append(") AS VARCHAR)");
      }
      if (column.category() == Category.NUMERIC) {
        sql.append(", avg(CAST(").append(c).append(" AS DOUBLE PRECISION))");
      }
    }
    return sql.append(" FROM ").append(relation).toString();
  }

  /** The row count and column profiles of {@link #query}'s single row. */
  public static Result read(ResultSet r, List<Column> columns, boolean approximateDistinct) throws SQLException {
    if (!r.next()) {
      throw new SQLException("the profile query returned no row");
    }
    int i = 1;
    long rows = r.getLong(i++);
    List<ColumnProfile> profiles = new ArrayList<>(columns.size());
    for (Column column : columns) {
      long nonNull = r.getLong(i++);
      OptionalLong distinct = OptionalLong.empty();
      if (column.category() != Category.NULLS_ONLY) {
        long d = r.getLong(i++);
        distinct = r.wasNull() ? OptionalLong.empty() : OptionalLong.of(d);
      }
      Optional<String> min = Optional.empty();
      Optional<String> max = Optional.empty();
      if (column.category() == Category.NUMERIC || column.category() == Category.ORDERED) {
        min = Optional.ofNullable(r.getString(i++));
        max = Optional.ofNullable(r.getString(i++));
      }
      OptionalDouble mean = OptionalDouble.empty();
      if (column.category() == Category.NUMERIC) {
        double m = r.getDouble(i++);
        mean = r.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(m);
      }
      profiles.add(new ColumnProfile(
          column.name(), column.type(), Math.max(0, rows - nonNull), distinct,
          approximateDistinct && distinct.isPresent(), min, max, mean));
    }
    return new Result(rows, profiles);
  }

  /** A profile query's row count and columns. */
  public record Result(long rows, List<ColumnProfile> columns) {}

  /**
   * Runs {@code select} (already naming its relation) on {@code connection}: how many rows it
   * returns, and the first {@code maxRows} as text.
   */
  public static QueryResult sample(Connection connection, String select, int maxRows) throws SQLException {
    String body = trimmed(select);
    long count;
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM (" + body + ") AS checked")) {
      r.next();
      count = r.getLong(1);
    }
    List<String> columns = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    try (Statement s = connection.createStatement()) {
      s.setMaxRows(Math.max(1, maxRows));
      try (ResultSet r = s.executeQuery("SELECT * FROM (" + body + ") AS checked")) {
        ResultSetMetaData meta = r.getMetaData();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          columns.add(meta.getColumnLabel(c));
        }
        while (rows.size() < maxRows && r.next()) {
          List<String> row = new ArrayList<>(columns.size());
          for (int c = 1; c <= columns.size(); c++) {
            String value = r.getString(c);
            row.add(value == null ? "null" : value);
          }
          rows.add(row);
        }
      }
    }
    return new QueryResult(columns, count, rows);
  }

  /** The query without trailing semicolons and blanks, so that it can be a subquery. */
  static String trimmed(String select) {
    String body = select.strip();
    while (body.endsWith(";")) {
      body = body.substring(0, body.length() - 1).strip();
    }
    return body;
  }

  /** {@code 'text'} with quotes doubled: a SQL string literal. */
  public static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** {@code "name"} with quotes doubled, for engines that quote with {@code "}. */
  public static String doubleQuoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
