package io.etlorchestrator.quality;

import io.etlorchestrator.core.spi.DatasetProfiler;

/**
 * A {@link DatasetProfiler} that can also run SQL on the datasets it reads: what the checks that
 * need more than a profile ({@code unique}, {@code accepted_values}, {@code sql}) use. {@link
 * FileProfiler} (DuckDB) and {@link TableProfiler} (JDBC) are both. Implementations are
 * thread-safe.
 */
public interface DatasetEngine extends DatasetProfiler {
  /** Whether this engine reads {@code dataset} (by its name alone; the data need not exist). */
  boolean reads(String dataset);

  /**
   * How a query names {@code dataset}: {@code read_parquet('/abs/staging/orders.parquet')} for a
   * file, {@code "public"."orders"} for a table.
   *
   * @throws Exception if the dataset cannot be found (a missing file, an unknown table)
   */
  String relation(String dataset) throws Exception;

  /** {@code identifier} quoted for this engine's SQL ({@code "sale_date"}). */
  String quote(String identifier);

  /**
   * Runs {@code select} on the engine that reads {@code dataset}: {@code {dataset}} in it stands
   * for the dataset's {@linkplain #relation relation}. Gives how many rows it returns and the first
   * {@code maxRows} of them as text.
   *
   * @throws Exception if the query fails (the engine's message says why)
   */
  QueryResult query(String dataset, String select, int maxRows) throws Exception;
}
