package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.StepCancelled;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.event.StepSkipped;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.event.StepSucceeded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The executor under many threads. Where a test must show that steps run at once, they meet at a
 * barrier or latch; the short sleeps in step actions only stand for work, widening the window in
 * which a step running beside another it must not would be seen. No assertion depends on how long
 * anything took.
 */
class ExecutorConcurrencyTest {
  /** How long a test waits for what must happen: far longer than any correct run needs. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Tracks how many actions run at once, and the most ever seen. */
  private static final class Concurrency {
    final AtomicInteger now = new AtomicInteger();
    final AtomicInteger max = new AtomicInteger();

    void enter() {
      int n = now.incrementAndGet();
      max.accumulateAndGet(n, Math::max);
    }

    void exit() {
      now.decrementAndGet();
    }
  }

  @Test
  void neverRunsMoreThanTheParallelism() {
    Concurrency c = new Concurrency();
    // The steps pass a barrier three at a time: each group proves that three run at once without
    // timing anything, and a fourth running beside them would show in the count.
    CyclicBarrier three = new CyclicBarrier(3);
    Pipeline.Builder builder = Pipeline.builder("wide");
    for (int i = 0; i < 39; i++) {
      builder.step("s" + i, s -> s.action(ctx -> {
        c.enter();
        try {
          three.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } finally {
          c.exit();
        }
      }));
    }
    try (Executor executor = Executor.builder().parallelism(3).build()) {
      PipelineRun run = executor.run(builder.build());
      assertThat(run.status()).as("every group of three met at the barrier").isEqualTo(RunStatus.SUCCESS);
    }
    assertThat(c.max).as("most steps running at once").hasValue(3);
  }

  @Test
  void aStepThatCannotParallelizeRunsWithNothingElseRunning() {
    Concurrency c = new Concurrency();
    AtomicInteger overlapsSeenByExclusive = new AtomicInteger();
    AtomicInteger exclusiveRunning = new AtomicInteger();
    AtomicInteger othersDuringExclusive = new AtomicInteger();
    // The first two steps to start wait for each other: the others do run in parallel. (vacuum
    // cannot be one of them: it waits for s3, which is one of them or starts after them.)
    CountDownLatch firstTwo = new CountDownLatch(2);
    Pipeline.Builder builder = Pipeline.builder("exclusive");
    for (int i = 0; i < 30; i++) {
      int index = i;
      builder.step("s" + i, s -> {
        s.action(ctx -> {
          c.enter();
          if (exclusiveRunning.get() > 0) {
            othersDuringExclusive.incrementAndGet();
          }
          if (firstTwo.getCount() > 0) {
            firstTwo.countDown();
            if (!firstTwo.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
              throw new IllegalStateException("no other step started while " + ctx.step().name() + " ran");
            }
          }
          Thread.sleep(2); // widens the window in which vacuum would see an overlap
          c.exit();
        });
        if (index >= 10) {
          s.dependsOn("s" + (index - 10));
        }
      });
    }
    builder.step("vacuum", s -> s.canParallelize(false).dependsOn("s3").action(ctx -> {
      exclusiveRunning.incrementAndGet();
      c.enter();
      for (int k = 0; k < 10; k++) {
        if (c.now.get() != 1) {
          overlapsSeenByExclusive.incrementAndGet();
        }
        Thread.sleep(1);
      }
      c.exit();
      exclusiveRunning.decrementAndGet();
    }));
    try (Executor executor = Executor.builder().parallelism(4).build()) {
      assertThat(executor.run(builder.build()).status()).isEqualTo(RunStatus.SUCCESS);
    }
    assertThat(overlapsSeenByExclusive).hasValue(0);
    assertThat(othersDuringExclusive).hasValue(0);
    assertThat(firstTwo.getCount()).as("the first two steps ran at once").isZero();
    assertThat(c.max.get()).isGreaterThan(1);
  }

  @Test
  void resourceLimitsCapConcurrentStepsOnAResource() throws Exception {
    Concurrency postgres = new Concurrency();
    // Two postgres steps must be able to meet at a barrier: a limit of 1 would time out.
    CyclicBarrier pair = new CyclicBarrier(2);
    Pipeline.Builder builder = Pipeline.builder("limits").resourceLimit("postgres", 2);
    for (int i = 0; i < 12; i++) {
      builder.step("extract_" + i, s -> s.resources("postgres").action(ctx -> {
        postgres.enter();
        try {
          pair.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
          Thread.sleep(2);
        } finally {
          postgres.exit();
        }
      }));
      builder.step("local_" + i, s -> s.action(ctx -> Thread.sleep(1)));
    }
    try (Executor executor = Executor.builder().parallelism(8).build()) {
      PipelineRun run = executor.run(builder.build());
      assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    }
    assertThat(postgres.max).hasValue(2);
  }

  @Test
  void executorAndPipelineLimitsCombineWithThePipelinesWinning() {
    Concurrency a = new Concurrency();
    Concurrency b = new Concurrency();
    Pipeline.Builder builder = Pipeline.builder("limits").resourceLimit("a", 1);
    for (int i = 0; i < 10; i++) {
      builder.step("a" + i, s -> s.resources("a").action(ctx -> {
        a.enter();
        Thread.sleep(2);
        a.exit();
      }));
      builder.step("ab" + i, s -> s.resources("a", "b").action(ctx -> {
        a.enter();
        b.enter();
        Thread.sleep(2);
        b.exit();
        a.exit();
      }));
      builder.step("b" + i, s -> s.resources("b").action(ctx -> {
        b.enter();
        Thread.sleep(2);
        b.exit();
      }));
    }
    try (Executor executor =
        Executor.builder().parallelism(6).resourceLimit("a", 3).resourceLimit("b", 1).build()) {
      assertThat(executor.run(builder.build()).status()).isEqualTo(RunStatus.SUCCESS);
    }
    assertThat(a.max).hasValue(1);
    assertThat(b.max).hasValue(1);
  }

  @Test
  void cancellingARunInterruptsRunningStepsAndSkipsTheRest() throws Exception {
    CountDownLatch bothRunning = new CountDownLatch(2);
    AtomicInteger inAction = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    Pipeline.Builder builder = Pipeline.builder("cancel");
    for (String name : List.of("a", "b")) {
      builder.step(name, s -> s.outputs(name + ".out").action(ctx -> {
        inAction.incrementAndGet();
        bothRunning.countDown();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          interrupted.incrementAndGet();
          Thread.sleep(20); // clean-up after an interrupt: the run must wait for it
          throw e;
        } finally {
          inAction.decrementAndGet();
        }
      }));
    }
    builder.step("c", s -> s.inputs("a.out", "b.out").action(ctx -> {}));
    RecordingListener listener = new RecordingListener();
    try (Executor executor = Executor.builder().parallelism(2).build()) {
      RunHandle handle =
          executor.start(Planner.plan(builder.build()), RunOptions.builder().listener(listener).build());
      assertThat(bothRunning.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

      handle.cancel();
      PipelineRun run = handle.result().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

      assertThat(inAction).as("no action still running once the result is in").hasValue(0);
      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(interrupted).hasValue(2);
      assertThat(run.step("a").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
      assertThat(run.step("b").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
      assertThat(run.step("c").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
      assertThat(run.step("c").orElseThrow().reason()).contains("run cancelled");
      assertThat(listener.lines()).last().isEqualTo("run finished CANCELLED");
      handle.cancel(); // a no-op once finished
    }
  }

  @Test
  void interruptingTheCallerCancelsTheRunAndKeepsTheInterrupt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Pipeline pipeline =
        Pipeline.builder("p")
            .step("sleepy", s -> s.action(ctx -> {
              started.countDown();
              Thread.sleep(60_000);
            }))
            .build();
    try (Executor executor = Executor.builder().parallelism(1).build()) {
      PipelineRun[] result = new PipelineRun[1];
      boolean[] interruptKept = new boolean[1];
      Thread caller = new Thread(() -> {
        result[0] = executor.run(pipeline);
        interruptKept[0] = Thread.currentThread().isInterrupted();
      });
      caller.start();
      assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      caller.interrupt();
      caller.join(PATIENCE.toMillis());
      assertThat(caller.isAlive()).isFalse();
      assertThat(result[0].status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(interruptKept[0]).isTrue();
    }
  }

  @Test
  void aHostSuppliedPoolIsUsedAndLeftRunning() {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Map<String, String> threads = new ConcurrentHashMap<>();
      Pipeline.Builder builder = Pipeline.builder("host");
      for (int i = 0; i < 10; i++) {
        builder.step("s" + i, s -> s.action(ctx -> threads.put(ctx.step().name(), Thread.currentThread().getName())));
      }
      try (Executor executor = Executor.builder().executorService(pool).parallelism(3).build()) {
        assertThat(executor.run(builder.build()).status()).isEqualTo(RunStatus.SUCCESS);
      }
      assertThat(threads.values()).allSatisfy(name -> assertThat(name).startsWith("pool-"));
      assertThat(pool.isShutdown()).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closingTheExecutorStopsItsOwnThreads() throws Exception {
    Executor executor = Executor.builder().parallelism(2).build();
    executor.run(Pipeline.builder("p").step("a", s -> s.action(ctx -> {})).build());
    executor.close();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (liveThreads("etl-worker-", "etl-scheduler-") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    // Other tests' executors may still be closing; none of this executor's threads may remain,
    // and every executor in this class closes its threads, so the count must reach zero.
    assertThat(liveThreads("etl-worker-", "etl-scheduler-")).isZero();
  }

  private static long liveThreads(String... prefixes) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> {
          for (String p : prefixes) {
            if (t.getName().startsWith(p)) {
              return true;
            }
          }
          return false;
        })
        .count();
  }

  /** Counts terminal events per step and checks the order of each step's events. */
  private static final class InvariantListener implements RunListener {
    final AtomicIntegerArray terminal;
    final AtomicIntegerArray started;
    final AtomicIntegerArray startedAfterTerminal;
    final Pipeline pipeline;

    InvariantListener(Pipeline pipeline) {
      this.pipeline = pipeline;
      int n = pipeline.steps().size();
      terminal = new AtomicIntegerArray(n);
      started = new AtomicIntegerArray(n);
      startedAfterTerminal = new AtomicIntegerArray(n);
    }

    private int index(PipelineStep step) {
      return pipeline.indexOf(step.name()).orElseThrow();
    }

    @Override
    public void onStepStarted(StepStarted e) {
      int i = index(e.step());
      started.incrementAndGet(i);
      if (terminal.get(i) > 0) {
        startedAfterTerminal.incrementAndGet(i);
      }
    }

    @Override
    public void onStepSucceeded(StepSucceeded e) {
      terminal.incrementAndGet(index(e.step()));
    }

    @Override
    public void onStepFailed(StepFailed e) {
      terminal.incrementAndGet(index(e.step()));
    }

    @Override
    public void onStepSkipped(StepSkipped e) {
      terminal.incrementAndGet(index(e.step()));
    }

    @Override
    public void onStepCancelled(StepCancelled e) {
      terminal.incrementAndGet(index(e.step()));
    }
  }

  private static Pipeline randomDag(int n, long seed, double failureRate, AtomicInteger attempts) {
    Random random = new Random(seed);
    Fallback[] fallbacks = {Fallback.SKIP_DOWNSTREAM, Fallback.ALERT_AND_CONTINUE};
    Pipeline.Builder builder =
        Pipeline.builder("stress")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(2).fixedBackoff(Duration.ZERO).build());
    for (int i = 0; i < n; i++) {
      int index = i;
      int parents = i == 0 ? 0 : random.nextInt(4);
      List<String> inputs = new ArrayList<>();
      for (int p = 0; p < parents; p++) {
        inputs.add("d" + random.nextInt(i));
      }
      Fallback fallback = fallbacks[random.nextInt(fallbacks.length)];
      builder.step("s" + i, s -> s.outputs("d" + index).inputs(inputs).fallback(fallback)
          .estimatedDuration(Duration.ofMillis(random.nextInt(100)))
          .action(ctx -> {
            attempts.incrementAndGet();
            if (ThreadLocalRandom.current().nextDouble() < failureRate) {
              throw new IllegalStateException("injected failure");
            }
            ctx.reportRows(1);
          }));
    }
    return builder.build();
  }

  @Test
  // ~35 s in a full build: too close to the 2-minute default on a loaded machine
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void stressTenThousandStepsSixteenThreadsTwentyPercentFailures() {
    int repetitions = Integer.getInteger("etl.stress.repetitions", 20);
    for (int rep = 0; rep < repetitions; rep++) {
      AtomicInteger attempts = new AtomicInteger();
      Pipeline pipeline = randomDag(10_000, rep, 0.2, attempts);
      InvariantListener invariants = new InvariantListener(pipeline);
      PipelineRun run;
      try (Executor executor = Executor.builder().parallelism(16).build()) {
        run = executor.run(Planner.plan(pipeline), RunOptions.builder().listener(invariants).build());
      }
      int n = pipeline.steps().size();
      int success = run.count(StepStatus.SUCCESS);
      int failed = run.count(StepStatus.FAILED);
      int skipped = run.count(StepStatus.SKIPPED);
      assertThat(success + failed + skipped).as("every step terminal, rep %d", rep).isEqualTo(n);
      assertThat(run.count(StepStatus.CANCELLED)).isZero();
      assertThat(failed).isPositive();
      for (int i = 0; i < n; i++) {
        assertThat(invariants.terminal.get(i)).as("terminal events of step %d", i).isEqualTo(1);
        assertThat(invariants.startedAfterTerminal.get(i)).isZero();
        assertThat(invariants.started.get(i)).isEqualTo(run.steps().get(i).attempts());
      }
      int attemptsInRun = run.steps().stream().mapToInt(StepRun::attempts).sum();
      assertThat(attemptsInRun).isEqualTo(attempts.get());
      assertThat(run.totalRows()).isEqualTo(success);
      boolean hardFailure =
          run.steps().stream()
              .anyMatch(
                  s ->
                      s.status() == StepStatus.FAILED
                          && pipeline.fallbackOf(pipeline.step(s.name()).orElseThrow())
                              == Fallback.SKIP_DOWNSTREAM);
      assertThat(run.status())
          .isEqualTo(hardFailure ? RunStatus.FAILED : RunStatus.COMPLETED_WITH_FAILURES);
      // A skipped step has a failed skip_downstream step upstream; a successful one ran after
      // each of its dependencies ended in SUCCESS or an alert_and_continue FAILED.
      ExecutionPlan plan = Planner.plan(pipeline);
      for (StepRun step : run.steps()) {
        if (step.status() == StepStatus.SUCCESS) {
          for (Dependency d : plan.dependenciesOf(step.name())) {
            StepRun from = run.step(d.from()).orElseThrow();
            assertThat(from.status()).isIn(StepStatus.SUCCESS, StepStatus.FAILED);
            if (from.status() == StepStatus.FAILED) {
              assertThat(pipeline.fallbackOf(pipeline.step(d.from()).orElseThrow()))
                  .isEqualTo(Fallback.ALERT_AND_CONTINUE);
            }
            assertThat(step.startedAt().orElseThrow()).isAfterOrEqualTo(from.finishedAt().orElseThrow());
          }
        }
      }
    }
  }
}
