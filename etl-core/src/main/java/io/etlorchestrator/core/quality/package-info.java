/**
 * Data quality: checks on the datasets a step writes (and on the sources it reads), run after the
 * step's action and before any dependent starts, and profiles of datasets kept in the run history
 * for drift. A {@link io.etlorchestrator.core.quality.Check} attaches a {@link
 * io.etlorchestrator.core.quality.DatasetCheck} to a step; its outcome is a {@link
 * io.etlorchestrator.core.quality.CheckResult}. The {@code etl-quality} module adds the built-in
 * check kinds and profilers for files (DuckDB) and tables (JDBC).
 */
package io.etlorchestrator.core.quality;
