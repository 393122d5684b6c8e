package io.etlorchestrator.benchmarks;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * Issue 3's executor figures that JMH is awkward for, printed with {@code TARGET ... MET/MISSED}.
 *
 * <pre>
 * java -Xmx4g -cp etl-benchmarks/target/benchmarks.jar \
 *     io.etlorchestrator.benchmarks.ExecutorTargets [dexecutor|million|makespan|all]
 * </pre>
 *
 * <ul>
 *   <li>{@code dexecutor}: the peer library on the three 10k shapes with 2 and 8 threads; errors
 *       (the chain's {@code StackOverflowError}) are caught and reported.
 *   <li>{@code million}: a 1M-step layered no-op pipeline and the 10k and 1M chains through our
 *       executor: time and peak heap.
 *   <li>{@code makespan}: 200 sleeping steps (5-50 ms), 8 workers, three DAGs: lower bound, the
 *       critical-path-first list schedule simulated on the nominal durations (b) and on the
 *       durations each run's steps actually took (b'), our executor, the {@code
 *       CompletableFuture} graph and wave barriers; median of several repetitions.
 * </ul>
 */
public final class ExecutorTargets {
  private ExecutorTargets() {}

  /** Runs the named parts ({@code all} by default). */
  public static void main(String[] args) throws Exception {
    Set<String> which = Set.of(args.length == 0 ? new String[] {"all"} : args);
    boolean all = which.contains("all");
    if (all || which.contains("dexecutor")) {
      dexecutor();
    }
    if (all || which.contains("million")) {
      million();
    }
    if (all || which.contains("makespan")) {
      makespan(Integer.getInteger("reps", 5));
    }
  }

  // ---------------------------------------------------------------- dexecutor

  private static void dexecutor() throws Exception {
    section("Dexecutor 2.1.2, 10,000 no-op steps, median of 5 runs after 3 warm-up runs");
    for (Shape shape : List.of(Shape.LAYERED, Shape.INDEPENDENT, Shape.CHAIN)) {
      IndexedDag dag = IndexedDag.of(Planner.plan(OverheadPipelines.pipeline(shape, 10_000, 42)));
      for (int threads : new int[] {2, 8}) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ExecutorService driver = Executors.newSingleThreadExecutor();
        try {
          long[] times = new long[5];
          String failure = null;
          for (int k = -3; k < times.length && failure == null; k++) {
            long start = System.nanoTime();
            Future<?> run = driver.submit(() -> DexecutorScheduler.run(dag, pool, i -> {}));
            try {
              run.get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
              Throwable cause = e.getCause();
              failure =
                  String.format(
                      "%s after %s (depth of the stack trace: %d frames)",
                      cause.getClass().getName(),
                      ms(System.nanoTime() - start),
                      cause.getStackTrace().length);
              StackTraceElement[] trace = cause.getStackTrace();
              if (trace.length > 0) {
                failure += ", top frame " + trace[0];
              }
            } catch (TimeoutException e) {
              run.cancel(true);
              failure = "no result within 120 s";
            }
            if (k >= 0) {
              times[k] = System.nanoTime() - start;
            }
          }
          String label = String.format("%s, %d threads", shape, threads);
          print(label, failure != null ? "FAILED: " + failure : us(median(times) / 1e3 / 10_000) + " per step");
        } finally {
          driver.shutdownNow();
          pool.shutdownNow();
        }
      }
    }
  }

  // ---------------------------------------------------------------- million

  private static void million() throws Exception {
    section("Large runs through the executor, no-op steps, 2 workers (default thread stacks)");
    runLarge(Shape.CHAIN, 10_000);
    runLarge(Shape.LAYERED, 1_000_000);
    runLarge(Shape.CHAIN, 1_000_000);
  }

  private static void runLarge(Shape shape, int size) throws Exception {
    long built = System.nanoTime();
    ExecutionPlan plan = Planner.plan(OverheadPipelines.pipeline(shape, size, 42));
    long buildNanos = System.nanoTime() - built;
    long live = Heap.live();
    Heap.resetPeaks();
    String label = String.format("%s, %,d steps", shape, size);
    try (Executor executor = Executor.builder().parallelism(2).build()) {
      long start = System.nanoTime();
      PipelineRun run = executor.run(plan);
      long nanos = System.nanoTime() - start;
      long peak = Heap.peak();
      print(label + ": build + plan", ms(buildNanos));
      print(label + ": run", String.format("%s (%s per step), %s", ms(nanos), us(nanos / 1e3 / size), run.status()));
      print(
          label + ": heap",
          String.format(
              "live before the run %s (pipeline + plan), peak during the run %s (upper bound: sum of pool peaks)",
              mb(live), mb(peak)));
      verdict(
          label + " runs without stack or memory trouble",
          run.status() == RunStatus.SUCCESS && run.steps().size() == size);
    } catch (StackOverflowError | OutOfMemoryError e) {
      print(label, "FAILED: " + e);
      verdict(label + " runs without stack or memory trouble", false);
    }
  }

  // ---------------------------------------------------------------- makespan

  private static void makespan(int reps) throws Exception {
    // Layers of 10 (more than the workers), 1-3 parents: the list schedule reaches the bound.
    makespan(
        "LAYERED 20 x 10, 1-3 parents (bound reachable)",
        OverheadPipelines.layered(200, 10, 3, d(3), a(3)),
        reps);
    // Wide and uniform: 20 layers of 10, each step needs the whole layer before; every layer takes
    // two rounds of the 8 workers, so neither the critical path nor work / 8 can be reached.
    makespan(
        "BARRIER LAYERS 20 x 10 (bound not reachable)",
        OverheadPipelines.barrierLayers(200, 10, d(5), a(5)),
        reps);
    // Dependencies anywhere earlier (SyntheticPipelines RANDOM): deep and irregular.
    makespan(
        "RANDOM (bound not reachable)",
        SyntheticPipelines.steps(Shape.RANDOM, 200, 7, d(7), a(7)),
        reps);
  }

  private static final int WORKERS = 8;

  private static void makespan(String name, List<PipelineStep> steps, int reps)
      throws Exception {
    ExecutionPlan plan = Planner.plan(SyntheticPipelines.pipeline(Shape.RANDOM, steps));
    IndexedDag dag = IndexedDag.of(plan);
    long bound = ListSchedule.lowerBound(dag, WORKERS);
    long ideal = ListSchedule.criticalPathFirstNanos(dag, WORKERS);
    section(
        String.format(
            "makespan: %s, 200 steps sleeping 5-50 ms, %d workers, %d waves, median of %d",
            name, WORKERS, dag.waves().length, reps));
    long[] ours = new long[reps];
    long[] idealAsRun = new long[reps];
    long[] futures = new long[reps];
    long[] waves = new long[reps];
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    IntConsumer sleep = i -> sleep(dag.durationNanos()[i]);
    try (Executor executor = Executor.builder().parallelism(WORKERS).executorService(pool).build()) {
      executor.run(plan); // warm-up
      CompletableFutureScheduler.run(dag, pool, sleep);
      for (int k = 0; k < reps; k++) {
        long start = System.nanoTime();
        PipelineRun run = executor.run(plan);
        ours[k] = System.nanoTime() - start;
        if (run.status() != RunStatus.SUCCESS) {
          throw new IllegalStateException("run ended " + run.status());
        }
        long[] took = new long[dag.size()];
        for (int i = 0; i < took.length; i++) {
          took[i] = run.steps().get(i).duration().orElseThrow().toNanos();
        }
        idealAsRun[k] = ListSchedule.criticalPathFirstNanos(dag, took, WORKERS);
        start = System.nanoTime();
        CompletableFutureScheduler.run(dag, pool, sleep);
        futures[k] = System.nanoTime() - start;
        start = System.nanoTime();
        WaveBarrierScheduler.run(dag, pool, sleep);
        waves[k] = System.nanoTime() - start;
      }
    } finally {
      pool.shutdownNow();
    }
    long critical = 0;
    for (int i = 0; i < dag.size(); i++) {
      critical = Math.max(critical, tail(dag, i, new long[dag.size()]));
    }
    print("(a) lower bound max(critical path, work / 8)", ms(bound)
        + String.format(" (critical path %s, work / 8 %s)", ms(critical), ms(dag.totalWorkNanos() / WORKERS)));
    print("(b) critical-path-first list schedule, simulated", ms(ideal) + " " + ratio(ideal, bound) + " of (a)");
    print("executor (median)", ms(median(ours)) + " " + ratio(median(ours), ideal) + " of (b), runs " + list(ours));
    long[] againstAsRun = new long[reps];
    for (int k = 0; k < reps; k++) {
      againstAsRun[k] = Math.round(1000.0 * ours[k] / idealAsRun[k]);
    }
    print(
        "(b') (b) on the durations the steps took",
        ms(median(idealAsRun)) + " (sleep overshoot included); executor / (b') per run, median "
            + String.format("%.3fx", median(againstAsRun) / 1000.0));
    print("(c) CompletableFuture graph (median)", ms(median(futures)) + " " + ratio(median(futures), ideal) + " of (b), runs " + list(futures));
    print("(d) wave barrier (median)", ms(median(waves)) + " " + ratio(median(waves), ideal) + " of (b), runs " + list(waves));
    verdict("executor within 2 % of (b)", median(ours) <= ideal * 1.02);
    verdict("executor within 2 % of (b') (the scheduler's own cost)", median(againstAsRun) <= 1020);
    verdict("executor no slower than (c)", median(ours) <= median(futures));
  }

  /** Sleep durations of 5 to 50 ms, the same for the estimate and the action. */
  private static java.util.function.IntFunction<Duration> d(long seed) {
    return i -> Duration.ofMillis(sleepMillis(i, seed));
  }

  private static java.util.function.IntFunction<StepAction> a(long seed) {
    return i -> {
      long millis = sleepMillis(i, seed);
      return context -> Thread.sleep(millis);
    };
  }

  private static long sleepMillis(int i, long seed) {
    return 5 + new SplittableRandom(seed * 1_000_003L + i).nextInt(46);
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long tail(IndexedDag dag, int i, long[] memo) {
    if (memo[i] != 0) {
      return memo[i];
    }
    long longest = 0;
    for (int s : dag.successors()[i]) {
      longest = Math.max(longest, tail(dag, s, memo));
    }
    return memo[i] = dag.durationNanos()[i] + longest;
  }

  // ---------------------------------------------------------------- helpers

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String list(long[] values) {
    StringBuilder out = new StringBuilder();
    for (long v : values) {
      out.append(out.length() == 0 ? "" : " ").append(v / 1_000_000);
    }
    return out.toString();
  }




  private static void section(String title) {
    System.out.printf("%n== %s%n", title);
  }

  private static void print(String what, String value) {
    System.out.printf("  %-55s %s%n", what, value);
  }

  private static void verdict(String target, boolean met) {
    System.out.printf("  TARGET %s: %s%n", target, met ? "MET" : "MISSED");
  }

  private static String ms(long nanos) {
    return String.format("%,.1f ms", nanos / 1e6);
  }

  private static String us(double micros) {
    return String.format("%.2f us", micros);
  }

  private static String mb(long bytes) {
    return String.format("%,d MB", bytes >> 20);
  }

  private static String ratio(long actual, long ideal) {
    return String.format("(%.3fx)", (double) actual / ideal);
  }
}
