package io.etlorchestrator.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The source database as an embedded DuckDB file. Seeding builds a complete new file next to the
 * old one and moves it into place, so a crash mid-seed never leaves a half-filled source.
 */
final class EmbeddedSourceDatabase implements SourceDatabase {
  private final Path file;

  EmbeddedSourceDatabase(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  @Override
  public String description() {
    return "embedded DuckDB " + file + " (standing for postgres)";
  }

  @Override
  public synchronized boolean ensureSeeded(SalesDataSpec spec) {
    if (Files.exists(file) && spec.fingerprint().equals(seedMarker().orElse(null))) {
      return false;
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(temporary);
      Files.deleteIfExists(temporary.resolveSibling(temporary.getFileName() + ".wal"));
      SalesData data = SalesData.generate(spec);
      try (Connection connection = DuckDb.file(temporary, false);
          Statement statement = connection.createStatement()) {
        for (SalesTable table : SalesTable.values()) {
          statement.execute(table.createSql(table.tableName(), spec.corruption().duplicated() == 0));
          Path csv = file.resolveSibling(table.tableName() + ".csv.tmp");
          Files.writeString(csv, data.csv(table), StandardCharsets.UTF_8);
          try {
            statement.execute(
                "COPY " + table.tableName() + " FROM " + DuckDb.literal(csv) + " (FORMAT csv, HEADER false)");
          } finally {
            Files.deleteIfExists(csv);
          }
        }
        statement.execute("CREATE TABLE seed_info (fingerprint VARCHAR)");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO seed_info VALUES (?)")) {
          insert.setString(1, spec.fingerprint());
          insert.executeUpdate();
        }
        statement.execute("CHECKPOINT");
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (SQLException | IOException e) {
      throw new SourceException(
          String.format("could not seed the embedded source database %s: %s", file, e.getMessage()), e);
    }
  }

  private java.util.Optional<String> seedMarker() {
    try (Connection connection = DuckDb.file(file, true);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT fingerprint FROM seed_info")) {
      return result.next() ? java.util.Optional.of(result.getString(1)) : java.util.Optional.empty();
    } catch (SQLException e) {
      return java.util.Optional.empty(); // not a seeded source: seed it again
    }
  }

  @Override
  public long extract(SalesTable table, Path target) throws SQLException, IOException {
    try (Connection connection = DuckDb.inMemory()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("ATTACH " + DuckDb.literal(file) + " AS src (READ_ONLY)");
      }
      return DuckDb.copyToParquet(
          connection,
          "SELECT * FROM src." + table.tableName() + " ORDER BY " + table.columns().get(0).name(),
          target);
    }
  }
}
