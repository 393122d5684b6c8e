package io.etlorchestrator.quality;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Properties;

/**
 * The databases table checks run on: a DuckDB database file, H2 and PostgreSQL on 127.0.0.1:5432
 * (database test, trust auth; skipped when it does not answer, unless ETL_REQUIRE_POSTGRES=true).
 * Each test gets a schema of its own.
 */
enum Databases {
  DUCKDB, H2, POSTGRES;

  static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  /** The JDBC URL of this database for a test working in {@code work}. */
  String url(Path work) {
    switch (this) {
      case DUCKDB:
        return "jdbc:duckdb:" + work.resolve("warehouse.duckdb");
      case H2:
        return "jdbc:h2:file:" + work.resolve("warehouse-h2");
      default:
        return PG_URL;
    }
  }

  /** A schema of this test's own: PostgreSQL is shared with other processes. */
  String schema() {
    return this == POSTGRES ? "etl_quality_test_" + ProcessHandle.current().pid() : "sales";
  }

  /** Skips the test when this is PostgreSQL and none answers (fails instead when CI requires it). */
  void assumeAvailable() {
    if (this != POSTGRES) {
      return;
    }
    boolean up;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 5432), 2_000);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    if (!up && "true".equals(System.getenv("ETL_REQUIRE_POSTGRES"))) {
      throw new AssertionError("PostgreSQL is not answering on 127.0.0.1:5432 and ETL_REQUIRE_POSTGRES=true");
    }
    assumeTrue(up, "skipped: no PostgreSQL answers on 127.0.0.1:5432 (start one with trust auth for user"
        + " postgres and database test to run this test)");
  }

  Connection open(Path work) throws SQLException {
    Properties properties = new Properties();
    if (this == POSTGRES) {
      properties.setProperty("user", "postgres");
    }
    return DriverManager.getConnection(url(work), properties);
  }

  /** Drops and creates the schema. */
  void reset(Path work) throws SQLException {
    try (Connection c = open(work); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema() + " CASCADE");
      s.execute("CREATE SCHEMA " + schema());
    }
  }

  /** Drops the schema. */
  void drop(Path work) throws SQLException {
    try (Connection c = open(work); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema() + " CASCADE");
    }
  }

  /**
   * (Re)writes table {@code daily_sales} with {@code days} rows as {@link Duck#sales} makes them,
   * changed by {@code bad}: {@code nulls} (3 null customer_id), {@code duplicates} (sale_date of
   * pairs), {@code region} ('Nord' for west), {@code negative} (revenue i - 5), {@code stale}
   * (updated_at a day older), {@code text} (revenue as text).
   */
  void writeSales(Path work, int days, String bad) throws SQLException {
    String table = schema() + ".daily_sales";
    try (Connection c = open(work)) {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table);
        s.execute("CREATE TABLE " + table + " (sale_date DATE, region VARCHAR(10), revenue "
            + (bad.equals("text") ? "VARCHAR(20)" : "DOUBLE PRECISION") + ", customer_id BIGINT, updated_at TIMESTAMP)");
      }
      String[] regions = {"north", "south", "east", "west"};
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 0; i < days; i++) {
          insert.setObject(1, LocalDate.of(2024, 1, 1).plusDays(bad.equals("duplicates") ? i / 2 : i));
          String region = regions[i % 4];
          insert.setString(2, bad.equals("region") && region.equals("west") ? "Nord" : region);
          double revenue = bad.equals("negative") ? i - 5 : 100 + i;
          if (bad.equals("text")) {
            insert.setString(3, String.valueOf(revenue));
          } else {
            insert.setDouble(3, revenue);
          }
          if (bad.equals("nulls") && i < 3) {
            insert.setNull(4, java.sql.Types.BIGINT);
          } else {
            insert.setLong(4, i);
          }
          LocalDateTime updated = LocalDateTime.of(2024, 1, 15, 10, 0).minusHours(i).minusDays(bad.equals("stale") ? 1 : 0);
          insert.setTimestamp(5, Timestamp.valueOf(updated));
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }
}
