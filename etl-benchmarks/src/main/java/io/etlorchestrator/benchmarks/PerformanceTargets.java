package io.etlorchestrator.benchmarks;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunHandle;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks the targets that JMH is awkward for, printing one line per figure and a verdict.
 *
 * <pre>
 * java -Xmx4g -cp etl-benchmarks/target/benchmarks.jar \
 *     io.etlorchestrator.benchmarks.PerformanceTargets [plan|scaling|makespan|checkpoint|all]
 * </pre>
 *
 * <ul>
 *   <li>{@code plan}: a million steps: define, build (validate + graph) and plan times, heap held
 *       by the definition, the pipeline and the plan, and peak heap (target: plan within ~2 s).
 *   <li>{@code scaling}: build + plan of 100k and 1M steps (target: 10x steps within 12x time).
 *   <li>{@code makespan}: pipelines whose steps really sleep, run by the executor and by two
 *       simpler schedulers, against the ideal schedule and the lower bound.
 *   <li>{@code checkpoint}: a 10,000-step run without a store, with the in-memory store and with
 *       the file store; the file store's cost per step (target: at most ~50 µs) and a check that
 *       every SUCCESS is on disk.
 * </ul>
 */
public final class PerformanceTargets {
  private static final long SEED = 42;

  private PerformanceTargets() {}

  /** Runs the checks named in {@code args} (all of them when none is named). */
  public static void main(String[] args) throws Exception {
    List<String> which = args.length == 0 ? List.of("all") : Arrays.asList(args);
    boolean all = which.contains("all");
    System.out.printf(
        "JVM %s, %d processors, max heap %d MB%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    if (all || which.contains("plan")) {
      plan();
    }
    if (all || which.contains("scaling")) {
      scaling();
    }
    if (all || which.contains("makespan")) {
      makespan();
    }
    if (all || which.contains("checkpoint")) {
      checkpoint();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // plan: one million steps

  private static void plan() {
    int size = 1_000_000;
    for (Shape shape : new Shape[] {Shape.LAYERED, Shape.RANDOM}) {
      section("plan: " + size + " steps, " + shape);
      long base = Heap.live();
      long t0 = System.nanoTime();
      List<PipelineStep> steps = SyntheticPipelines.steps(shape, size, SEED);
      long defineNanos = System.nanoTime() - t0;
      long stepsHeap = Heap.live() - base;

      Heap.resetPeaks();
      long beforeBuild = Heap.used();
      t0 = System.nanoTime();
      Pipeline pipeline = SyntheticPipelines.pipeline(shape, steps);
      long buildNanos = System.nanoTime() - t0;
      t0 = System.nanoTime();
      ExecutionPlan plan = Planner.plan(pipeline);
      long planNanos = System.nanoTime() - t0;
      long peak = Heap.peak();
      long pipelineAndPlanHeap = Heap.live() - base - stepsHeap;

      // Repeat to see warmed-up times (the first call includes JIT compilation).
      long[] build = new long[5];
      long[] planOnly = new long[5];
      for (int r = 0; r < build.length; r++) {
        t0 = System.nanoTime();
        Pipeline again = SyntheticPipelines.pipeline(shape, steps);
        build[r] = System.nanoTime() - t0;
        t0 = System.nanoTime();
        Planner.plan(again);
        planOnly[r] = System.nanoTime() - t0;
      }
      print("define 1M steps (builders)", ms(defineNanos));
      print("build, first call", ms(buildNanos));
      print("plan, first call", ms(planNanos));
      print("build + plan, first call", ms(buildNanos + planNanos));
      print("build, median of 5 warm", ms(median(build)));
      print("plan, median of 5 warm", ms(median(planOnly)));
      print("build + plan, median of 5 warm", ms(median(build) + median(planOnly)));
      print("waves / critical path steps", plan.waves().size() + " / " + plan.criticalPath().size());
      print("heap held by the 1M step definitions", mb(stepsHeap));
      print("heap held by pipeline + plan", mb(pipelineAndPlanHeap));
      print("heap used before build", mb(beforeBuild));
      print("peak heap during build + plan (sum of pool peaks)", mb(peak));
      verdict(
          "1M-step build + plan within ~2 s (first call)", buildNanos + planNanos <= 2_000_000_000L);
      keep(plan);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // scaling: 100k -> 1M

  private static void scaling() {
    for (Shape shape : new Shape[] {Shape.LAYERED, Shape.RANDOM, Shape.CHAIN}) {
      section("scaling: 100k -> 1M steps, " + shape);
      List<PipelineStep> small = SyntheticPipelines.steps(shape, 100_000, SEED);
      List<PipelineStep> large = SyntheticPipelines.steps(shape, 1_000_000, SEED);
      // Warm up on the small size, then alternate so that noise hits both sizes alike.
      for (int r = 0; r < 5; r++) {
        Planner.plan(SyntheticPipelines.pipeline(shape, small));
      }
      long[] smallTimes = new long[7];
      long[] largeTimes = new long[7];
      long[] smallPlan = new long[7];
      long[] largePlan = new long[7];
      for (int r = 0; r < smallTimes.length; r++) {
        long[] s = buildAndPlan(shape, small);
        long[] l = buildAndPlan(shape, large);
        smallTimes[r] = s[0] + s[1];
        largeTimes[r] = l[0] + l[1];
        smallPlan[r] = s[1];
        largePlan[r] = l[1];
      }
      double ratio = (double) median(largeTimes) / median(smallTimes);
      double planRatio = (double) median(largePlan) / median(smallPlan);
      print("build + plan 100k, median of 7", ms(median(smallTimes)));
      print("build + plan 1M, median of 7", ms(median(largeTimes)));
      print("ratio build + plan", String.format(Locale.ROOT, "%.2fx", ratio));
      print("plan only 100k / 1M", ms(median(smallPlan)) + " / " + ms(median(largePlan)));
      print("ratio plan only", String.format(Locale.ROOT, "%.2fx", planRatio));
      verdict("10x steps within 12x time (build + plan)", ratio <= 12.0);
    }
  }

  private static long[] buildAndPlan(Shape shape, List<PipelineStep> steps) {
    long t0 = System.nanoTime();
    Pipeline pipeline = SyntheticPipelines.pipeline(shape, steps);
    long t1 = System.nanoTime();
    keep(Planner.plan(pipeline));
    long t2 = System.nanoTime();
    return new long[] {t1 - t0, t2 - t1};
  }

  // ---------------------------------------------------------------------------------------------
  // makespan: real sleeps

  private static void makespan() throws Exception {
    makespan(Shape.RANDOM, 60, 4, 10, 200);
    makespan(Shape.LAYERED, 300, 8, 5, 100);
    makespan(Shape.CHAIN, 50, 4, 5, 20);
  }

  private static void makespan(Shape shape, int size, int workers, int minMillis, int maxMillis)
      throws Exception {
    section(
        String.format(
            "makespan: %s, %d steps sleeping %d-%d ms, %d workers",
            shape, size, minMillis, maxMillis, workers));
    long[] millis = new long[size];
    for (int i = 0; i < size; i++) {
      long h = (i + 1) * 0x9E3779B97F4A7C15L ^ SEED;
      h ^= h >>> 29;
      millis[i] = minMillis + Math.floorMod(h, maxMillis - minMillis + 1);
    }
    StepAction sleep =
        context -> Thread.sleep(millis[Integer.parseInt(context.step().name().substring(1))]);
    List<PipelineStep> steps =
        SyntheticPipelines.steps(
            shape, size, SEED, i -> Duration.ofMillis(millis[i]), i -> sleep);
    ExecutionPlan plan = Planner.plan(SyntheticPipelines.pipeline(shape, steps));
    IndexedDag dag = IndexedDag.of(plan);

    long lower = ListSchedule.lowerBound(dag, workers);
    long ideal = ListSchedule.criticalPathFirstNanos(dag, workers);
    long idealWaves = ListSchedule.waveBarrierNanos(dag);
    int repeats = 3;
    long[] ours = new long[repeats];
    long[] futures = new long[repeats];
    long[] waves = new long[repeats];
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try (Executor executor = Executor.builder().parallelism(workers).build()) {
      java.util.function.IntConsumer sleeper =
          i -> {
            try {
              Thread.sleep(millis[i]);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          };
      for (int r = 0; r < repeats; r++) {
        ours[r] =
            time(
                () -> {
                  PipelineRun run = await(executor.start(plan, RunOptions.defaults()));
                  check(run.status() == RunStatus.SUCCESS, "run ended " + run.status());
                });
        futures[r] = time(() -> CompletableFutureScheduler.run(dag, pool, sleeper));
        waves[r] = time(() -> WaveBarrierScheduler.run(dag, pool, sleeper));
      }
    } finally {
      pool.shutdownNow();
    }
    print("critical path / work per worker", ms(plan.criticalPathDuration().toNanos()) + " / " + ms(dag.totalWorkNanos() / workers));
    print("lower bound max(critical path, work / workers)", ms(lower));
    print("ideal: critical-path-first list schedule, zero overhead", ms(ideal));
    print("ideal wave barrier (unlimited workers)", ms(idealWaves));
    print("executor, median of " + repeats, ms(median(ours)) + ratio(median(ours), ideal));
    print("CompletableFuture per step, median", ms(median(futures)) + ratio(median(futures), ideal));
    print("wave barrier, median", ms(median(waves)) + ratio(median(waves), ideal));
    verdict(
        "executor within 5% of the ideal schedule",
        median(ours) <= ideal * 1.05);
    verdict(
        "executor no slower than the simpler schedulers",
        median(ours) <= Math.min(median(futures), median(waves)) * 1.02);
  }

  // ---------------------------------------------------------------------------------------------
  // checkpoint: 10,000 steps

  private static void checkpoint() throws Exception {
    for (Shape shape : new Shape[] {Shape.LAYERED, Shape.INDEPENDENT, Shape.CHAIN}) {
      checkpoint(shape, 10_000, 2);
    }
  }

  private static void checkpoint(Shape shape, int size, int workers) throws Exception {
    section(String.format("checkpoint: %s, %d no-op steps, %d workers", shape, size, workers));
    ExecutionPlan plan = Planner.plan(SyntheticPipelines.pipeline(shape, size, SEED));
    Path directory = Files.createTempDirectory("etl-bench-store-");
    int repeats = shape == Shape.CHAIN ? 3 : 15;
    int warmups = shape == Shape.CHAIN ? 1 : 5;
    long[] none = new long[repeats];
    long[] memory = new long[repeats];
    long[] file = new long[repeats];
    String lastRun = null;
    CheckpointStore store = CheckpointStore.file(directory);
    try (Executor plain = Executor.builder().parallelism(workers).build();
        Executor inMemory =
            Executor.builder().parallelism(workers).checkpointStore(CheckpointStore.inMemory()).build();
        Executor onDisk = Executor.builder().parallelism(workers).checkpointStore(store).build()) {
      for (int r = 0; r < repeats + warmups; r++) {
        long a = time(() -> check(await(plain.start(plan, RunOptions.defaults())).status() == RunStatus.SUCCESS, "plain run failed"));
        long b = time(() -> check(await(inMemory.start(plan, RunOptions.defaults())).status() == RunStatus.SUCCESS, "in-memory run failed"));
        String[] id = new String[1];
        long c =
            time(
                () -> {
                  PipelineRun run = await(onDisk.start(plan, RunOptions.defaults()));
                  check(run.status() == RunStatus.SUCCESS, "file run failed");
                  id[0] = run.runId();
                });
        lastRun = id[0];
        if (r >= warmups) {
          none[r - warmups] = a;
          memory[r - warmups] = b;
          file[r - warmups] = c;
        }
      }
      // Durability: a fresh store on the same directory sees every step SUCCESS.
      PipelineRun reloaded = CheckpointStore.file(directory).load(lastRun).orElseThrow();
      long succeeded = reloaded.steps().stream().filter(s -> s.status() == StepStatus.SUCCESS).count();
      long journalBytes;
      try (var files = Files.walk(directory.resolve(lastRun))) {
        journalBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      double perStepNone = median(none) / 1000.0 / size;
      double perStepMemory = median(memory) / 1000.0 / size;
      double perStepFile = median(file) / 1000.0 / size;
      print("run without store, median of " + repeats, ms(median(none)) + us(perStepNone));
      print("run with in-memory store, median", ms(median(memory)) + us(perStepMemory));
      print("run with file store, median", ms(median(file)) + us(perStepFile));
      print("file store cost per step vs in-memory", us(perStepFile - perStepMemory).trim());
      print("file store cost per step vs no store", us(perStepFile - perStepNone).trim());
      print("reloaded run: status / SUCCESS steps", reloaded.status() + " / " + succeeded);
      print("run directory size", mb(journalBytes));
      verdict(
          "durable SUCCESS of all " + size + " steps after reload",
          reloaded.status() == RunStatus.SUCCESS && succeeded == size);
      verdict("file store <= ~50 us per step more than in-memory", perStepFile - perStepMemory <= 50);
    } finally {
      TempDirectories.delete(directory);
    }
  }

  private static PipelineRun await(RunHandle handle) throws Exception {
    try {
      return handle.result().get(5, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      handle.cancel();
      throw new IllegalStateException("run " + handle.runId() + " did not finish within 5 minutes", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private static volatile Object sink;

  private static void keep(Object value) {
    sink = value;
  }

  private interface Body {
    void run() throws Exception;
  }

  private static long time(Body body) throws Exception {
    long t0 = System.nanoTime();
    body.run();
    return System.nanoTime() - t0;
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }





  private static void section(String title) {
    System.out.printf("%n== %s%n", title);
  }

  private static void print(String what, String value) {
    System.out.printf("  %-58s %s%n", what, value);
  }

  private static void verdict(String target, boolean met) {
    System.out.printf("  TARGET %-51s %s%n", target, met ? "MET" : "MISSED");
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static String us(double micros) {
    return String.format(Locale.ROOT, " (%.2f us/step)", micros);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
  }

  private static String ratio(long actual, long ideal) {
    return String.format(Locale.ROOT, " (%.3fx ideal)", (double) actual / ideal);
  }
}
