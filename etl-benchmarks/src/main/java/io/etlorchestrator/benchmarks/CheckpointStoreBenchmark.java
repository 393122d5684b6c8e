package io.etlorchestrator.benchmarks;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checkpoint cost per step (issue 4): the same 10,000-step no-op run without a store, with the
 * in-memory store and with the file store on a temporary directory (on disk, {@code
 * java.io.tmpdir}; every SUCCESS durable before dependents start). Scores are per step; the
 * store's cost is the difference to {@code NONE}.
 *
 * <p>The file store is {@link CheckpointStore#file} used directly, as a host would. A run that does
 * not finish within two minutes fails the benchmark instead of blocking it.
 *
 * <pre>
 * java -jar etl-benchmarks/target/benchmarks.jar CheckpointStoreBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CheckpointStoreBenchmark {
  /** Steps per run. */
  public static final int STEPS = 10_000;

  /** Which store the executor records runs in. */
  public enum Store {
    NONE,
    IN_MEMORY,
    FILE
  }

  @Param({"NONE", "IN_MEMORY", "FILE"})
  Store store;

  @Param({"LAYERED", "INDEPENDENT"})
  Shape shape;

  @Param({"2"})
  int parallelism;

  private ExecutionPlan plan;
  private Path directory;
  private Executor executor;

  @Setup(Level.Trial)
  public void plan() {
    plan = Planner.plan(SyntheticPipelines.pipeline(shape, STEPS, 42));
  }

  /** A fresh store per iteration, so stored runs do not pile up in memory or on disk. */
  @Setup(Level.Iteration)
  public void setUp() throws IOException {
    Executor.Builder builder = Executor.builder().parallelism(parallelism);
    switch (store) {
      case NONE:
        break;
      case IN_MEMORY:
        builder.checkpointStore(CheckpointStore.inMemory());
        break;
      case FILE:
        directory = Files.createTempDirectory("etl-bench-store-");
        builder.checkpointStore(CheckpointStore.file(directory));
        break;
      default:
        throw new AssertionError(store);
    }
    executor = builder.build();
  }

  @TearDown(Level.Iteration)
  public void tearDown() throws IOException {
    executor.close();
    if (directory != null) {
      TempDirectories.delete(directory);
      directory = null;
    }
  }

  /** One run of the pipeline, recorded in the store. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public PipelineRun run() throws Exception {
    PipelineRun run =
        executor.start(plan, RunOptions.defaults()).result().get(2, TimeUnit.MINUTES);
    if (run.status() != RunStatus.SUCCESS) {
      throw new IllegalStateException("run ended " + run.status());
    }
    return run;
  }
}
