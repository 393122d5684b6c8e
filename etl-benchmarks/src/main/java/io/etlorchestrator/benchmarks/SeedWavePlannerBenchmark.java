package io.etlorchestrator.benchmarks;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import java.util.List;
import java.util.Set;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our planner against the seed's naive wave algorithm ({@link SeedWavePlanner}), both from the
 * step definitions to waves, on layered DAGs. The seed's algorithm rescans every remaining step
 * once per wave, so it grows with steps × waves; at 1M steps it does not finish in reasonable time
 * and is left out.
 *
 * <pre>
 * java -jar etl-benchmarks/target/benchmarks.jar SeedWavePlannerBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class SeedWavePlannerBenchmark {
  @Param({"10000", "100000"})
  int steps;

  private List<PipelineStep> definition;
  private Set<String> external;

  @Setup(Level.Trial)
  public void define() {
    definition = SyntheticPipelines.steps(Shape.LAYERED, steps, 42);
    external = SeedWavePlanner.externalSources(definition);
  }

  /** The seed's algorithm: waves only (no estimates, critical path or validation). */
  @Benchmark
  public List<List<String>> seedWaves() {
    return SeedWavePlanner.plan(definition, external);
  }

  /** Ours, the whole path: validation, dependency graph, waves, estimates, critical path, slack. */
  @Benchmark
  public ExecutionPlan ours() {
    return Planner.plan(SyntheticPipelines.pipeline(Shape.LAYERED, definition));
  }
}
