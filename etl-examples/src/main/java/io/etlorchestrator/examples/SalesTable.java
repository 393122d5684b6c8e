package io.etlorchestrator.examples;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The three tables of the source database, with column types that mean the same in DuckDB and
 * PostgreSQL, so one definition creates them in either and types the CSV they travel through.
 */
public enum SalesTable {
  /** One row per customer. */
  CUSTOMERS(
      "customers",
      List.of(
          new Column("customer_id", "INTEGER"),
          new Column("name", "VARCHAR"),
          new Column("email", "VARCHAR"),
          new Column("region", "VARCHAR"),
          new Column("segment", "VARCHAR"),
          new Column("signup_date", "DATE"))),
  /** One row per product. */
  PRODUCTS(
      "products",
      List.of(
          new Column("product_id", "INTEGER"),
          new Column("name", "VARCHAR"),
          new Column("category", "VARCHAR"),
          new Column("list_price", "DECIMAL(10,2)"))),
  /** One row per order (one product per order). */
  ORDERS(
      "orders",
      List.of(
          new Column("order_id", "BIGINT"),
          new Column("order_date", "DATE"),
          new Column("customer_id", "INTEGER"),
          new Column("product_id", "INTEGER"),
          new Column("quantity", "INTEGER"),
          new Column("discount", "DECIMAL(4,2)"),
          new Column("channel", "VARCHAR")));

  /** A column: its name and SQL type. */
  public record Column(String name, String type) {}

  private final String tableName;
  private final List<Column> columns;

  SalesTable(String tableName, List<Column> columns) {
    this.tableName = tableName;
    this.columns = columns;
  }

  /** The table's name, e.g. {@code orders}. */
  public String tableName() {
    return tableName;
  }

  /** The columns in order; the first is the key. */
  public List<Column> columns() {
    return columns;
  }

  /** The table named {@code name}, case-insensitive. */
  public static java.util.Optional<SalesTable> named(String name) {
    for (SalesTable table : values()) {
      if (table.tableName.equalsIgnoreCase(name)) {
        return java.util.Optional.of(table);
      }
    }
    return java.util.Optional.empty();
  }

  /** {@code CREATE TABLE qualifiedName (...)} with a primary key on the first column. */
  public String createSql(String qualifiedName) {
    return createSql(qualifiedName, true);
  }

  /**
   * {@code CREATE TABLE qualifiedName (...)}, with a primary key on the first column if {@code
   * primaryKey} (a source that delivers duplicated rows has none).
   */
  public String createSql(String qualifiedName, boolean primaryKey) {
    return "CREATE TABLE " + qualifiedName + " ("
        + columns.stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", "))
        + (primaryKey ? ", PRIMARY KEY (" + columns.get(0).name() + ")" : "") + ")";
  }

  /** DuckDB's {@code columns={...}} argument of {@code read_csv}, so nothing is guessed. */
  public String duckDbCsvColumns() {
    return columns.stream()
        .map(c -> "'" + c.name() + "': '" + c.type() + "'")
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
