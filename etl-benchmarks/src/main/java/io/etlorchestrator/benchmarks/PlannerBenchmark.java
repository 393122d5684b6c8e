package io.etlorchestrator.benchmarks;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import java.util.List;
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
 * Planning cost (issue 2): {@link Planner#plan(Pipeline)} of an already built pipeline, and
 * {@link Pipeline.Builder#build()} (validation + dependency graph) followed by planning, for
 * 1,000 to 1,000,000 steps. The step definitions are made once per trial; building them is the
 * host's cost, not the planner's.
 *
 * <pre>
 * java -jar etl-benchmarks/target/benchmarks.jar PlannerBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlannerBenchmark {
  @Param({"1000", "10000", "100000", "1000000"})
  int steps;

  @Param({"LAYERED", "RANDOM"})
  Shape shape;

  private List<PipelineStep> definition;
  private Pipeline pipeline;

  @Setup(Level.Trial)
  public void define() {
    definition = SyntheticPipelines.steps(shape, steps, 42);
    pipeline = SyntheticPipelines.pipeline(shape, definition);
  }

  /** Waves, estimates, critical path and slack of a built pipeline. */
  @Benchmark
  public ExecutionPlan plan() {
    return Planner.plan(pipeline);
  }

  /** Validation, dependency graph and cycle check, then planning: the whole path to a plan. */
  @Benchmark
  public ExecutionPlan buildAndPlan() {
    return Planner.plan(SyntheticPipelines.pipeline(shape, definition));
  }
}
