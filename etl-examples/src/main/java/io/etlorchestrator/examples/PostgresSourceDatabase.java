package io.etlorchestrator.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The source database on a real PostgreSQL server. Seeding and extracting use PostgreSQL's
 * {@code COPY}, the fastest way in and out; an extract streams CSV to a temporary file that DuckDB
 * turns into Parquet with the table's declared column types.
 */
final class PostgresSourceDatabase implements SourceDatabase {
  private final String url;
  private final String schema;

  PostgresSourceDatabase(String url, String schema) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          String.format("'%s' is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/database", url));
    }
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          String.format("schema '%s' must be lower-case letters, digits and '_', starting with a letter or '_'", schema));
    }
    this.url = url;
    this.schema = schema;
  }

  @Override
  public String description() {
    return "PostgreSQL " + url.replaceAll("password=[^&]*", "password=***") + " schema " + schema;
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    if (!url.contains("user=")) {
      properties.setProperty("user", "postgres");
    }
    properties.setProperty("ApplicationName", "etl-examples daily_sales_etl");
    properties.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(url, properties);
  }

  @Override
  public boolean ensureSeeded(SalesDataSpec spec) {
    try (Connection connection = connect()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        // One seeder at a time, across processes: tests and demos may share the server.
        statement.execute("SELECT pg_advisory_xact_lock(hashtext('etl-examples:' || '" + schema + "'))");
        if (spec.fingerprint().equals(marker(connection).orElse(null))) {
          connection.commit();
          return false;
        }
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        statement.execute("CREATE SCHEMA " + schema);
        SalesData data = SalesData.generate(spec);
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        for (SalesTable table : SalesTable.values()) {
          statement.execute(table.createSql(qualified(table), spec.corruption().duplicated() == 0));
          copy.copyIn(
              "COPY " + qualified(table) + " FROM STDIN (FORMAT csv)", new StringReader(data.csv(table)));
        }
        statement.execute("CREATE TABLE " + schema + ".seed_info (fingerprint TEXT NOT NULL)");
        try (PreparedStatement insert =
            connection.prepareStatement("INSERT INTO " + schema + ".seed_info VALUES (?)")) {
          insert.setString(1, spec.fingerprint());
          insert.executeUpdate();
        }
        connection.commit();
        return true;
      } catch (SQLException | IOException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException | IOException e) {
      throw new SourceException(
          String.format("could not seed %s: %s", description(), e.getMessage()), e);
    }
  }

  private java.util.Optional<String> marker(Connection connection) throws SQLException {
    try (PreparedStatement exists =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'seed_info'")) {
      exists.setString(1, schema);
      try (ResultSet result = exists.executeQuery()) {
        if (!result.next()) {
          return java.util.Optional.empty();
        }
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT fingerprint FROM " + schema + ".seed_info")) {
      return result.next() ? java.util.Optional.of(result.getString(1)) : java.util.Optional.empty();
    }
  }

  private String qualified(SalesTable table) {
    return schema + "." + table.tableName();
  }

  @Override
  public long extract(SalesTable table, Path target) throws SQLException, IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path csv = target.resolveSibling(target.getFileName() + ".csv.tmp");
    try {
      try (Connection connection = connect();
          OutputStream out = Files.newOutputStream(csv)) {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        copy.copyOut(
            "COPY (SELECT * FROM " + qualified(table) + " ORDER BY " + table.columns().get(0).name()
                + ") TO STDOUT (FORMAT csv, HEADER true)",
            out);
      }
      try (Connection duck = DuckDb.inMemory()) {
        return DuckDb.copyToParquet(
            duck,
            "SELECT * FROM read_csv(" + DuckDb.literal(csv) + ", header = true, columns = "
                + table.duckDbCsvColumns() + ")",
            target);
      }
    } finally {
      Files.deleteIfExists(csv);
    }
  }
}
