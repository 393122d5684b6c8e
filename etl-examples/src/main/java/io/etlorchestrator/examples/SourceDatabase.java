package io.etlorchestrator.examples;

import java.nio.file.Path;

/**
 * The operational database the extract steps read (the seed's {@code postgres}): an embedded
 * DuckDB file standing for it by default, or a real PostgreSQL.
 *
 * <p>Implementations are thread-safe: the extract steps call {@link #extract} concurrently, each
 * on its own connection.
 */
public interface SourceDatabase {
  /**
   * The embedded stand-in: a DuckDB database file, created and seeded on first use.
   *
   * @param file the database file, e.g. {@code work/source/postgres.duckdb}
   */
  static SourceDatabase embedded(Path file) {
    return new EmbeddedSourceDatabase(file);
  }

  /**
   * A PostgreSQL database; the tables live in {@code schema}, which is created and seeded on
   * first use. Without a {@code user} in the URL, connects as {@code postgres}.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}
   * @param schema e.g. {@code etl_example}
   */
  static SourceDatabase postgres(String jdbcUrl, String schema) {
    return new PostgresSourceDatabase(jdbcUrl, schema);
  }

  /** Where the data lives, for people, e.g. {@code PostgreSQL jdbc:postgresql://... schema etl_example}. */
  String description();

  /**
   * Makes sure the tables hold exactly the rows of {@code spec}: does nothing if they already do
   * (as recorded by a marker table), otherwise (re)creates and fills them in one transaction.
   * Safe to call from several processes at once.
   *
   * @return true if the tables were (re)seeded, false if they were already in place
   * @throws SourceException if the database cannot be reached or written
   */
  boolean ensureSeeded(SalesDataSpec spec);

  /**
   * Copies every row of {@code table}, ordered by its key, into the Parquet file {@code target}
   * (written atomically).
   *
   * @return the number of rows copied
   * @throws Exception if the database cannot be read or the file written
   */
  long extract(SalesTable table, Path target) throws Exception;
}
