package io.etlorchestrator.benchmarks;

import io.etlorchestrator.examples.DailySalesCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * What the data-quality checks add to the example's run (issue 15; target: at most 5 %): one whole
 * run of {@code daily_sales_etl} on real data (52,340 orders extracted from the embedded source,
 * joined, aggregated and loaded), from its YAML definition with its eight checks ({@code
 * WITH_CHECKS}) and from the same file with the {@code checks:} blocks removed ({@code
 * WITHOUT_CHECKS}). Each fork seeds its own work directory once; every operation is a new run
 * recorded in its checkpoint store, as a daily run would be.
 *
 * <pre>
 * java -jar etl-benchmarks/target/benchmarks.jar ExampleChecksBenchmark -f 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class ExampleChecksBenchmark {
  /** With the definition's checks, or without them. */
  public enum Definition {
    WITH_CHECKS,
    WITHOUT_CHECKS
  }

  @Param({"WITH_CHECKS", "WITHOUT_CHECKS"})
  Definition definition;

  private Path work;
  private Path file;
  private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);

  @Setup(Level.Trial)
  public void prepare() throws IOException {
    work = Files.createTempDirectory("etl-example-checks-");
    String yaml;
    try (InputStream in = DailySalesCommand.class.getResourceAsStream("/daily_sales_etl.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    file = work.resolve("daily_sales_etl.yaml");
    Files.writeString(file, definition == Definition.WITH_CHECKS ? yaml : withoutChecks(yaml));
    run(); // seeds the source
  }

  /** {@code yaml} without its {@code checks:} blocks (the key and every line indented under it). */
  static String withoutChecks(String yaml) {
    StringBuilder out = new StringBuilder();
    int skipIndent = -1;
    for (String line : yaml.split("\n", -1)) {
      int indent = line.length() - line.stripLeading().length();
      if (skipIndent >= 0 && (line.isBlank() || indent > skipIndent)) {
        continue;
      }
      skipIndent = -1;
      if (line.stripLeading().startsWith("checks:")) {
        skipIndent = indent;
        continue;
      }
      out.append(line).append('\n');
    }
    if (out.indexOf("checks:") >= 0) {
      throw new IllegalStateException("checks left in the definition");
    }
    return out.toString();
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    TempDirectories.delete(work);
  }

  /** One run of the example, start to end. */
  @Benchmark
  public int run() {
    int code = DailySalesCommand.execute(
        new String[] {"--work", work.toString(), "--file", file.toString()}, quiet, quiet);
    if (code != 0) {
      throw new IllegalStateException("the example's run exited " + code);
    }
    return code;
  }
}
