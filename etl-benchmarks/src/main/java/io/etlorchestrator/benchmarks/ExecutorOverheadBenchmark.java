package io.etlorchestrator.benchmarks;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunStatus;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Executor overhead per step (issue 3): a 10,000-step pipeline of no-op actions, so everything
 * measured is scheduling, bookkeeping and events. Scores are per step ({@code
 * OperationsPerInvocation}). Compared with two simpler schedulers on the same graph and the same
 * number of threads: {@link CompletableFutureScheduler} (a future per step) and {@link
 * WaveBarrierScheduler} (the seed's waves), and with a plain loop calling each action in order.
 *
 * <pre>
 * java -jar etl-benchmarks/target/benchmarks.jar ExecutorOverheadBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExecutorOverheadBenchmark {
  /** Steps per run. */
  public static final int STEPS = 10_000;

  @Param({"LAYERED", "CHAIN", "INDEPENDENT"})
  Shape shape;

  @Param({"2"})
  int parallelism;

  private ExecutionPlan plan;
  private IndexedDag dag;
  private Executor executor;
  private ExecutorService pool;

  @Setup(Level.Trial)
  public void setUp() {
    plan = Planner.plan(SyntheticPipelines.pipeline(shape, STEPS, 42));
    dag = IndexedDag.of(plan);
    executor = Executor.builder().parallelism(parallelism).build();
    pool = Executors.newFixedThreadPool(parallelism);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    executor.close();
    pool.shutdownNow();
  }

  /** Our executor: dependency-driven, critical path first, events and run state. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public PipelineRun executor() {
    PipelineRun run = executor.run(plan);
    if (run.status() != RunStatus.SUCCESS) {
      throw new IllegalStateException("run ended " + run.status());
    }
    return run;
  }

  /** A future per step, chained on its predecessors' futures. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public void completableFutures(Blackhole blackhole) {
    CompletableFutureScheduler.run(dag, pool, blackhole::consume);
  }

  /** The seed's model: submit a wave, wait for all of it. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public void waveBarrier(Blackhole blackhole) {
    WaveBarrierScheduler.run(dag, pool, blackhole::consume);
  }

  /** No scheduler at all: each action in topological order on the calling thread. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public void sequentialLoop(Blackhole blackhole) {
    for (int i : dag.topologicalOrder()) {
      blackhole.consume(i);
    }
  }
}
