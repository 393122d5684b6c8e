package io.etlorchestrator.benchmarks;

import io.etlorchestrator.core.quality.DatasetProfile;
import io.etlorchestrator.quality.FileProfiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Profiling cost (issue 15): {@link FileProfiler#profile} of a 10-million-row Parquet file against
 * DuckDB's own {@code SUMMARIZE} of the same file, side by side in the same fork; the target is at
 * most 1.5x {@code summarize}. Both open a fresh in-memory DuckDB per operation, as the profiler
 * does for each profile. The file is written once per fork in a temporary directory: an id, an
 * integer with 5 % nulls, a double, a low-cardinality text column and a date ({@code WIDE}), or
 * the id and the double alone ({@code NARROW}).
 *
 * <pre>
 * java -jar etl-benchmarks/target/benchmarks.jar ProfilingBenchmark -f 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class ProfilingBenchmark {
  /** Rows in the file. */
  public static final long ROWS = 10_000_000L;

  /** The file's columns. */
  public enum Columns {
    NARROW("range AS id, random() * 1000 AS amount"),
    WIDE("range AS id, CASE WHEN range % 20 = 0 THEN NULL ELSE (range * 7919) % 100000 END::INTEGER AS customer_id,"
        + " random() * 1000 AS amount, ['north', 'south', 'east', 'west', 'central'][1 + range % 5] AS region,"
        + " DATE '2023-01-01' + (range % 365)::INTEGER AS sale_date");

    final String select;

    Columns(String select) {
      this.select = select;
    }
  }

  @Param({"WIDE", "NARROW"})
  Columns columns;

  private Path directory;
  private Path file;
  private FileProfiler profiler;

  @Setup(Level.Trial)
  public void write() throws Exception {
    directory = Files.createTempDirectory("etl-profiling-");
    file = directory.resolve("data.parquet");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT " + columns.select + " FROM range(" + ROWS + ")) TO '" + file + "' (FORMAT parquet)");
    }
    profiler = FileProfiler.in(directory);
    DatasetProfile check = profiler.profile("data.parquet").orElseThrow();
    if (check.rows().orElse(-1) != ROWS) {
      throw new IllegalStateException("profiled " + check.rows() + " rows, wrote " + ROWS);
    }
  }

  @TearDown(Level.Trial)
  public void delete() throws Exception {
    TempDirectories.delete(directory);
  }

  /** Our profile: rows, size, age and per column type, nulls, distinct, min, max, mean. */
  @Benchmark
  public DatasetProfile profile() throws Exception {
    return profiler.profile("data.parquet").orElseThrow();
  }

  /** The floor: DuckDB's SUMMARIZE of the same file, every row of its result read. */
  @Benchmark
  public void summarize(Blackhole hole) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement();
        ResultSet r = s.executeQuery("SUMMARIZE SELECT * FROM read_parquet('" + file + "')")) {
      int width = r.getMetaData().getColumnCount();
      while (r.next()) {
        for (int c = 1; c <= width; c++) {
          hole.consume(r.getObject(c));
        }
      }
    }
  }
}
