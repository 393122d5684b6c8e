package io.etlorchestrator.benchmarks;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.event.RunListener;
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
 * Issue 3's overhead figures: 10,000 no-op steps per run, scores per step, with 2 and 8 threads,
 * our executor (with a no-op listener registered, so events are built and delivered) beside the
 * floor, {@link CompletableFutureScheduler}, the peer library Dexecutor ({@link
 * DexecutorScheduler}) and the seed's wave barrier ({@link WaveBarrierScheduler}), all on the same
 * fixed pool, and a plain loop calling each action in order on one thread. LAYERED is {@link
 * OverheadPipelines}' (100 layers of 100, 1-3 parents).
 *
 * <p>Dexecutor is not run on CHAIN here: it throws {@code StackOverflowError} while declaring the
 * graph (see {@code ExecutorTargets dexecutor}), so the benchmark method says so instead of timing
 * a crash. {@code dexecutorDeclare} is the part of {@code dexecutor} that only declares the graph.
 *
 * <pre>
 * java -jar etl-benchmarks/target/benchmarks.jar ExecutorPeerBenchmark -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExecutorPeerBenchmark {
  /** Steps per run. */
  public static final int STEPS = 10_000;

  @Param({"LAYERED", "CHAIN", "INDEPENDENT"})
  Shape shape;

  @Param({"2", "8"})
  int threads;

  private ExecutionPlan plan;
  private IndexedDag dag;
  private Executor executor;
  private ExecutorService pool;

  @Setup(Level.Trial)
  public void setUp() {
    plan = Planner.plan(OverheadPipelines.pipeline(shape, STEPS, 42));
    dag = IndexedDag.of(plan);
    pool = Executors.newFixedThreadPool(threads);
    executor =
        Executor.builder()
            .parallelism(threads)
            .executorService(pool)
            .listener(new RunListener() {})
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    executor.close();
    pool.shutdownNow();
  }

  /** Our executor, with a no-op listener. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public PipelineRun executor() {
    PipelineRun run = executor.run(plan);
    if (run.status() != RunStatus.SUCCESS) {
      throw new IllegalStateException("run ended " + run.status());
    }
    return run;
  }

  /** The floor: a future per step on the same pool. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public void completableFutures(Blackhole blackhole) {
    CompletableFutureScheduler.run(dag, pool, blackhole::consume);
  }

  /** The seed's model on the same pool: submit a wave, wait for all of it. */
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

  /** The peer library on the same pool, graph declared per run. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public void dexecutor(Blackhole blackhole) {
    if (shape == Shape.CHAIN) {
      throw new UnsupportedOperationException(
          "Dexecutor overflows the stack on a 10k chain; see ExecutorTargets dexecutor");
    }
    DexecutorScheduler.run(dag, pool, blackhole::consume);
  }

  /** Only declaring Dexecutor's graph: the set-up share of {@link #dexecutor}. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public Object dexecutorDeclare(Blackhole blackhole) {
    return DexecutorScheduler.declare(dag, pool, blackhole::consume);
  }
}
