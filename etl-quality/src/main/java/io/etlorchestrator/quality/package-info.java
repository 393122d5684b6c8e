/**
 * Data quality for ETL Orchestrator: profilers of files (through embedded DuckDB) and of tables
 * (over JDBC), the built-in check kinds ({@link io.etlorchestrator.quality.QualityChecks}), drift
 * against the run history, and the wiring of a definition file's {@code checks:}, {@code
 * sources:} and {@code connections:} (found by {@link java.util.ServiceLoader} when this module is
 * on the class path).
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder("daily_sales")
 *     .step("aggregate_sales", s -> s.outputs("marts/daily_sales.parquet")
 *         .check(QualityChecks.rowCount("marts/daily_sales.parquet", 300L, 400L).build())
 *         .check(QualityChecks.notNull("marts/daily_sales.parquet", "sale_date", "revenue").build())
 *         .action(ctx -> aggregate()))
 *     .build();
 * Executor executor = Executor.builder()
 *     .profiler(FileProfiler.in(Path.of("")))      // datasets named by paths relative to this directory
 *     .checkpointStore(CheckpointStore.file(Path.of(".etl/runs")))   // the history drift compares with
 *     .build();
 * }</pre>
 */
package io.etlorchestrator.quality;
