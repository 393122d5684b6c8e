package io.etlorchestrator.core.spi;

import io.etlorchestrator.core.quality.DatasetProfile;
import java.util.Optional;

/**
 * Profiles datasets it can read (files through DuckDB, tables over JDBC: the {@code etl-quality}
 * module): row count, size, age, and per column type, nulls, distinct values, range and mean.
 * Register profilers with {@code Executor.Builder.profiler(...)}; for a dataset, the first that
 * gives a profile is used. Called on the thread that ran the step, while its attempt lasts.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface DatasetProfiler {
  /**
   * A profile of {@code dataset} as it is now, or empty if this profiler does not read it (a table
   * for a file profiler, say).
   *
   * @throws Exception if it reads such datasets but could not read this one (a missing file, a
   *     query that failed): the checks that needed the profile come out as errors, saying why
   */
  Optional<DatasetProfile> profile(String dataset) throws Exception;
}
