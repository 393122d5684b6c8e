package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.event.AttemptRejected;
import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.RunFinished;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.RunStarted;
import io.etlorchestrator.core.event.StepCancelled;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.event.StepSkipped;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.event.StepSucceeded;
import io.etlorchestrator.core.spi.Admission;
import io.etlorchestrator.core.spi.AttemptPolicy;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import io.etlorchestrator.core.spi.Scheduler;
import io.etlorchestrator.core.spi.StepAttempts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Runs a small pipeline with one fault (or several) injected into the executor's extension
 * points, and checks what must hold whatever the fault (issue 14): the run ends within a bound;
 * every step has exactly one terminal state; the caller, the listeners and the store agree on
 * every status; no thread, permit or lock is left behind.
 */
final class FaultHarness {
  /** Where a fault is injected. */
  enum Point {
    STEP_ACTION,
    LISTENER,
    CHECKPOINT_STORE,
    ATTEMPT_POLICY,
    SCHEDULER,
    WORKER_POOL,
    /** A channel of an {@link io.etlorchestrator.core.alert.Alerting} listening to the run. */
    ALERT_CHANNEL
  }

  /** What the faulty call does. */
  enum Kind {
    /** Throws an unchecked exception. */
    RUNTIME,
    /** Throws a checked exception (sneakily, where the method declares none). */
    CHECKED,
    /** Throws a {@link StackOverflowError}, a VirtualMachineError. */
    ERROR,
    /** Interrupts its own thread (or shuts the pool down with {@code shutdownNow}). */
    INTERRUPT,
    /**
     * Does not return: blocks until interrupted; a step action ignores interrupts; a scheduler
     * never runs the task; a pool never runs the task; a commit never completes.
     */
    HANG,
    /** Refuses: RejectedExecutionException, a rejected admission, a failed commit. */
    REJECTION
  }

  /**
   * One fault: at the {@code at}-th call of its point (from 1), or at every call from it on; {@code
   * at} = {@link #AT_END} is the call that records or hears the run's end (a listener's {@code
   * onRunFinished}, the journal's last {@code recordRun}), {@link #AT_RETRY} the first one about
   * a retry (every one, for good).
   */
  record Fault(Point point, Kind kind, int at, boolean always) {
    @Override
    public String toString() {
      String where = at == AT_END ? "end" : at == AT_RETRY ? "retry" : String.valueOf(at);
      return point + "/" + kind + "@" + where + (always ? "+" : "");
    }
  }

  /** See {@link Fault}. */
  static final int AT_END = 0;
  /** A listener's first {@code onRetryScheduled}, the journal's record of the first retry. */
  static final int AT_RETRY = -1;

  /** What a call is about, for the faults placed on a kind of call rather than a count. */
  private enum Moment {
    OTHER,
    END,
    RETRY
  }

  /** Limits short enough that a hang costs a fraction of a second. */
  static final Duration CALLBACK_TIMEOUT = Duration.ofMillis(150);
  static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(1);
  static final Duration GRACE = Duration.ofMillis(150);
  static final Duration STEP_TIMEOUT = Duration.ofMillis(400);
  /** How long a run may take to end by itself, in real time, on a loaded machine. */
  static final long END_BOUND_SECONDS = 20;

  private final List<Fault> faults;
  private final Map<Point, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<Point, AtomicInteger> retries = new ConcurrentHashMap<>();
  private final Set<Fault> fired = ConcurrentHashMap.newKeySet();
  /** Opened when the test is over: whatever hangs on it returns. */
  private final CountDownLatch release = new CountDownLatch(1);

  FaultHarness(List<Fault> faults) {
    this.faults = List.copyOf(faults);
  }

  FaultHarness(Fault fault) {
    this(List.of(fault));
  }

  /** Where the file store lives, when the run is recorded in one (else in memory). */
  private java.nio.file.Path fileStore;

  /**
   * Records the run in a file store in {@code directory} instead of in memory; the checks then
   * include that another process can take the run's lock once the run ended.
   */
  FaultHarness withFileStore(java.nio.file.Path directory) {
    this.fileStore = directory;
    return this;
  }

  /** The fault to inject at this call of {@code point}, if any; counts the call. */
  private Optional<Fault> due(Point point) {
    return due(point, Moment.OTHER);
  }

  /** As {@link #due(Point)}, for a call about {@code moment}. */
  private Optional<Fault> due(Point point, Moment moment) {
    int n = calls.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
    if (moment == Moment.RETRY) {
      retries.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
    }
    for (Fault fault : faults) {
      boolean now;
      if (fault.at() == AT_END) {
        now = moment == Moment.END;
      } else if (fault.at() == AT_RETRY) {
        now = moment == Moment.RETRY && (fault.always() || retries.get(point).get() == 1);
      } else {
        now = n == fault.at() || (fault.always() && n > fault.at());
      }
      if (fault.point() == point && now) {
        fired.add(fault);
        return Optional.of(fault);
      }
    }
    return Optional.empty();
  }

  private boolean has(Point point) {
    return faults.stream().anyMatch(f -> f.point() == point);
  }

  private boolean firedAt(Point point) {
    return fired.stream().anyMatch(f -> f.point() == point);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /** Throws what {@code kind} throws; INTERRUPT and HANG are the caller's to handle. */
  private static void raise(Kind kind, String where) {
    switch (kind) {
      case RUNTIME:
        throw new IllegalStateException("injected fault in " + where);
      case CHECKED:
        FaultHarness.<RuntimeException>sneaky(new IOException("injected checked fault in " + where));
        break;
      case ERROR:
        throw new StackOverflowError("injected error in " + where);
      case REJECTION:
        throw new RejectedExecutionException("injected rejection in " + where);
      default:
        throw new IllegalArgumentException(kind.toString());
    }
  }

  /** A call that hangs until it is interrupted (or the test ends), then throws. */
  private void hangInterruptibly(String where) {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hanging in " + where, e);
    }
    throw new IllegalStateException("released while hanging in " + where);
  }

  /** The common handling of a due fault in a call returning nothing. */
  private void inject(Fault fault, String where) {
    switch (fault.kind()) {
      case INTERRUPT:
        Thread.currentThread().interrupt();
        return;
      case HANG:
        hangInterruptibly(where);
        return;
      default:
        raise(fault.kind(), where);
    }
  }

  // ---------------------------------------------------------------- the pipeline

  /**
   * The seed's shape: three extracts, a fan-in transform, an aggregate, a load; every step has a
   * timeout (so the scheduler is used for every attempt) and two attempts, and {@code e2}'s first
   * attempt fails, so that every run has a retry (and its events, alerts and scheduling).
   */
  Pipeline pipeline() {
    StepAction ok = ctx -> ctx.reportRows(10);
    StepAction flaky = ctx -> {
      if (ctx.attempt() == 1) {
        throw new IOException("e2's source is not there yet");
      }
      ctx.reportRows(10);
    };
    return Pipeline.builder("faults")
        .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(2).fixedBackoff(Duration.ofMillis(20)).build())
        .step("e1", s -> s.outputs("s1").timeout(STEP_TIMEOUT).action(faulty("e1", ok)))
        .step("e2", s -> s.outputs("s2").timeout(STEP_TIMEOUT).action(faulty("e2", flaky)))
        .step("e3", s -> s.outputs("s3").timeout(STEP_TIMEOUT).fallback(Fallback.SKIP_DOWNSTREAM).action(faulty("e3", ok)))
        .step("t", s -> s.inputs("s1", "s2").outputs("t1").timeout(STEP_TIMEOUT).action(faulty("t", ok)))
        .step("a", s -> s.inputs("t1", "s3").outputs("a1").timeout(STEP_TIMEOUT).action(faulty("a", ok)))
        .step("l", s -> s.inputs("a1").timeout(STEP_TIMEOUT).fallback(Fallback.ALERT_AND_CONTINUE).action(faulty("l", ok)))
        .build();
  }

  private StepAction faulty(String name, StepAction action) {
    return ctx -> {
      Optional<Fault> fault = due(Point.STEP_ACTION);
      if (fault.isPresent()) {
        String where = "step " + name;
        switch (fault.get().kind()) {
          case INTERRUPT:
            Thread.currentThread().interrupt(); // and returns normally, flag set
            break;
          case HANG:
            // Deaf to interrupts, like a blocking read without a socket timeout.
            boolean interrupted = false;
            while (release.getCount() > 0) {
              try {
                release.await();
              } catch (InterruptedException e) {
                interrupted = true;
              }
            }
            if (interrupted) {
              Thread.currentThread().interrupt();
            }
            break;
          case REJECTION:
            throw new PermanentStepException("injected permanent failure in " + where);
          default:
            raise(fault.get().kind(), where);
        }
      }
      action.run(ctx);
    };
  }

  // ---------------------------------------------------------------- listeners

  /** Records what every listener must agree on: one terminal event per step, the final status. */
  static final class Recorder implements RunListener {
    final Map<String, List<StepStatus>> terminal = new ConcurrentHashMap<>();
    final List<RunStatus> finished = new ArrayList<>();
    final CompletableFuture<PipelineRun> end = new CompletableFuture<>();
    volatile int started;

    private void terminal(String step, StepStatus status) {
      terminal.computeIfAbsent(step, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(status);
    }

    @Override
    public void onRunStarted(RunStarted event) {
      started++;
    }

    @Override
    public void onStepSucceeded(StepSucceeded event) {
      terminal(event.step().name(), StepStatus.SUCCESS);
    }

    @Override
    public void onStepFailed(StepFailed event) {
      terminal(event.step().name(), StepStatus.FAILED);
    }

    @Override
    public void onStepSkipped(StepSkipped event) {
      terminal(event.step().name(), StepStatus.SKIPPED);
    }

    @Override
    public void onStepCancelled(StepCancelled event) {
      terminal(event.step().name(), StepStatus.CANCELLED);
    }

    @Override
    public synchronized void onRunFinished(RunFinished event) {
      finished.add(event.run().status());
      end.complete(event.run());
    }
  }

  private final class FaultyListener implements RunListener {
    private void event(String what) {
      due(Point.LISTENER).ifPresent(f -> inject(f, "listener " + what));
    }

    @Override
    public void onRunStarted(RunStarted event) {
      event("onRunStarted");
    }

    @Override
    public void onStepStarted(StepStarted event) {
      event("onStepStarted");
    }

    @Override
    public void onRetryScheduled(RetryScheduled event) {
      due(Point.LISTENER, Moment.RETRY).ifPresent(f -> inject(f, "listener onRetryScheduled"));
    }

    @Override
    public void onAttemptRejected(AttemptRejected event) {
      event("onAttemptRejected");
    }

    @Override
    public void onStepSucceeded(StepSucceeded event) {
      event("onStepSucceeded");
    }

    @Override
    public void onStepFailed(StepFailed event) {
      event("onStepFailed");
    }

    @Override
    public void onStepSkipped(StepSkipped event) {
      event("onStepSkipped");
    }

    @Override
    public void onStepCancelled(StepCancelled event) {
      event("onStepCancelled");
    }

    @Override
    public void onRunFinished(RunFinished event) {
      due(Point.LISTENER, Moment.END).ifPresent(f -> inject(f, "listener onRunFinished"));
    }
  }

  // ---------------------------------------------------------------- checkpoint store

  private CheckpointStore store(CheckpointStore real) {
    return new ForwardingCheckpointStore(real) {
      @Override
      RunJournal journal(RunJournal journal) {
        return new ForwardingJournal(journal) {
          @Override
          public void recordStep(StepRun step) {
            boolean retry = step.status() == StepStatus.PENDING && step.attempts() > 0;
            due(Point.CHECKPOINT_STORE, retry ? Moment.RETRY : Moment.OTHER)
                .ifPresent(f -> journalFault(f, "recordStep"));
            super.recordStep(step);
          }

          @Override
          public void recordRun(PipelineRun run) {
            due(Point.CHECKPOINT_STORE, run.status().isFinished() ? Moment.END : Moment.OTHER)
                .ifPresent(f -> journalFault(f, "recordRun"));
            super.recordRun(run);
          }

          @Override
          public CompletableFuture<Void> commit() {
            Optional<Fault> fault = due(Point.CHECKPOINT_STORE);
            if (fault.isPresent()) {
              switch (fault.get().kind()) {
                case HANG:
                  return new CompletableFuture<>(); // a disk that never answers
                case REJECTION:
                  return CompletableFuture.failedFuture(new CheckpointException(runId(), "injected failed commit"));
                default:
                  journalFault(fault.get(), "commit");
              }
            }
            return super.commit();
          }
        };
      }
    };
  }

  private void journalFault(Fault fault, String where) {
    if (fault.kind() == Kind.REJECTION) {
      throw new CheckpointException("faults", "injected: the journal refused " + where);
    }
    inject(fault, "journal " + where);
  }

  // ---------------------------------------------------------------- attempt policy

  /**
   * The core retries, counting admitted attempts and {@code ended} calls per attempt (each
   * admitted attempt must end exactly once), with the policy faults injected on top.
   */
  final class CountingPolicy implements AttemptPolicy {
    final Set<String> admitted = ConcurrentHashMap.newKeySet();
    final Map<String, AtomicInteger> ended = new ConcurrentHashMap<>();
    final List<String> endedUnadmitted = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public StepAttempts forStep(PipelineStep step, RetryPolicy retryPolicy) {
      due(Point.ATTEMPT_POLICY).ifPresent(f -> policyFault(f, "forStep"));
      StepAttempts core = AttemptPolicy.retries().forStep(step, retryPolicy);
      String name = step.name();
      return new StepAttempts() {
        @Override
        public Admission admit(int attempt) {
          Optional<Fault> fault = due(Point.ATTEMPT_POLICY);
          if (fault.isPresent() && fault.get().kind() == Kind.REJECTION) {
            return Admission.reject(new RejectedExecutionException("injected: attempt rejected"));
          }
          fault.ifPresent(f -> policyFault(f, "admit"));
          Admission admission = core.admit(attempt);
          if (admission.admitted()) {
            admitted.add(name + "#" + attempt);
          }
          return admission;
        }

        @Override
        public Optional<Duration> timeout(int attempt) {
          due(Point.ATTEMPT_POLICY).ifPresent(f -> policyFault(f, "timeout"));
          return core.timeout(attempt);
        }

        @Override
        public void ended(int attempt, Throwable failure) {
          String key = name + "#" + attempt;
          if (!admitted.contains(key)) {
            endedUnadmitted.add(key);
          }
          ended.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
          due(Point.ATTEMPT_POLICY).ifPresent(f -> policyFault(f, "ended"));
          core.ended(attempt, failure);
        }

        @Override
        public Optional<Duration> retryDelay(int made, Throwable failure, RandomGenerator random) {
          due(Point.ATTEMPT_POLICY).ifPresent(f -> policyFault(f, "retryDelay"));
          return core.retryDelay(made, failure, random);
        }
      };
    }
  }

  private void policyFault(Fault fault, String where) {
    if (fault.kind() == Kind.REJECTION) {
      throw new RejectedExecutionException("injected rejection in policy " + where);
    }
    inject(fault, "policy " + where);
  }

  // ---------------------------------------------------------------- alert channel

  /** Alerts on everything to one channel that faults as scheduled; retried once, 10 ms later. */
  private io.etlorchestrator.core.alert.Alerting alerting() {
    io.etlorchestrator.core.spi.AlertChannel channel = alert -> {
      Optional<Fault> fault = due(Point.ALERT_CHANNEL);
      if (fault.isPresent()) {
        switch (fault.get().kind()) {
          case CHECKED:
            throw new IOException("injected: the channel's endpoint is down");
          case INTERRUPT:
            Thread.currentThread().interrupt();
            return;
          case HANG:
            release.await(); // until the test ends (or close() interrupts it)
            return;
          default:
            raise(fault.get().kind(), "alert channel");
        }
      }
    };
    return io.etlorchestrator.core.alert.Alerting.builder()
        .channel("ops", channel)
        .rule(io.etlorchestrator.core.alert.AlertKind.STEP_RETRY, "ops")
        .rule(io.etlorchestrator.core.alert.AlertKind.STEP_FAILURE, "ops")
        .rule(io.etlorchestrator.core.alert.AlertKind.PIPELINE_FAILURE, "ops")
        .rule(io.etlorchestrator.core.alert.AlertKind.PIPELINE_SUCCESS, "ops")
        .deliveryAttempts(2)
        .retryDelay(Duration.ofMillis(10))
        .build();
  }

  // ---------------------------------------------------------------- scheduler and pool

  private Scheduler scheduler(ScheduledExecutorService timer) {
    Scheduler real = Scheduler.of(timer);
    return (delay, task) -> {
      Optional<Fault> fault = due(Point.SCHEDULER);
      if (fault.isPresent()) {
        switch (fault.get().kind()) {
          case HANG:
            return () -> {}; // accepted, never runs
          case INTERRUPT:
            Thread.currentThread().interrupt();
            break;
          default:
            raise(fault.get().kind(), "scheduler");
        }
      }
      return real.schedule(delay, task);
    };
  }

  private ExecutorService pool(ExecutorService real) {
    return new AbstractExecutorService() {
      @Override
      public void execute(Runnable command) {
        Optional<Fault> fault = due(Point.WORKER_POOL);
        if (fault.isPresent()) {
          switch (fault.get().kind()) {
            case HANG:
              return; // accepted, never runs
            case INTERRUPT:
              real.shutdownNow(); // the host shuts its pool down under the run
              break;
            default:
              raise(fault.get().kind(), "worker pool");
          }
        }
        real.execute(command);
      }

      @Override
      public void shutdown() {
        real.shutdown();
      }

      @Override
      public List<Runnable> shutdownNow() {
        return real.shutdownNow();
      }

      @Override
      public boolean isShutdown() {
        return real.isShutdown();
      }

      @Override
      public boolean isTerminated() {
        return real.isTerminated();
      }

      @Override
      public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return real.awaitTermination(timeout, unit);
      }
    };
  }

  // ---------------------------------------------------------------- the run and its checks

  /** What a faulty run ended as, for further assertions. */
  record Outcome(PipelineRun run, boolean cancelled, Set<Fault> fired) {}

  /**
   * Whether the run can end by itself: a scheduler whose task never runs, or a pool that drops a
   * worker, leaves it waiting for time or a thread that never come, so it ends once cancelled; so
   * do actions deaf to interrupts that hold every thread of a host's pool (the executor grows only
   * a pool of its own).
   */
  private boolean endsByItself() {
    boolean hostPool = has(Point.SCHEDULER) || has(Point.WORKER_POOL);
    return faults.stream()
        .noneMatch(f -> f.kind() == Kind.HANG
            && (f.point() == Point.SCHEDULER
                || f.point() == Point.WORKER_POOL
                || (f.point() == Point.STEP_ACTION && hostPool)));
  }

  /** Runs the pipeline with the faults and checks every invariant; returns the outcome. */
  Outcome runAndCheck() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    CheckpointStore real = fileStore != null ? CheckpointStore.file(fileStore) : CheckpointStore.inMemory();
    CheckpointStore store = has(Point.CHECKPOINT_STORE) ? store(real) : real;
    Recorder recorder = new Recorder();
    CountingPolicy policy = new CountingPolicy();
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, named("fault-timer-"));
    ExecutorService hostPool = Executors.newFixedThreadPool(2, named("fault-pool-"));
    Executor.Builder builder =
        Executor.builder()
            .parallelism(2)
            .checkpointStore(store)
            .attemptPolicy(policy)
            .callbackTimeout(CALLBACK_TIMEOUT)
            .checkpointTimeout(CHECKPOINT_TIMEOUT)
            .stopGracePeriod(GRACE);
    if (has(Point.SCHEDULER) || has(Point.WORKER_POOL)) {
      builder.scheduler(scheduler(timer)).executorService(pool(hostPool));
    }
    if (has(Point.LISTENER)) {
      builder.listener(new FaultyListener());
    }
    io.etlorchestrator.core.alert.Alerting alerting = has(Point.ALERT_CHANNEL) ? alerting() : null;
    if (alerting != null) {
      builder.listener(alerting);
    }
    builder.listener(recorder);
    PipelineRun run;
    boolean cancelled = false;
    String runId = null;
    Executor executor = builder.build();
    try {
      RunHandle handle;
      try {
        handle = executor.start(Planner.plan(pipeline()), RunOptions.defaults());
      } catch (StackOverflowError e) {
        // A listener's Error on the run's start reaches the caller once the run is consistent;
        // the run goes on without a handle, so find it in the store.
        handle = null;
      }
      if (Thread.interrupted()) {
        // A listener or journal that interrupts its own thread while hearing of the run's start
        // interrupted the caller's: the flag is the caller's to handle (here: ignore).
        assertThat(fired).as("only a fault can interrupt the caller").anyMatch(f -> f.kind() == Kind.INTERRUPT);
      }
      if (handle == null) {
        run = recorder.end.get(END_BOUND_SECONDS, TimeUnit.SECONDS);
      } else {
        runId = handle.runId();
        if (endsByItself()) {
          run = handle.result().get(END_BOUND_SECONDS, TimeUnit.SECONDS);
        } else {
          try {
            run = handle.result().get(1, TimeUnit.SECONDS);
          } catch (TimeoutException waiting) {
            try {
              handle.cancel();
            } catch (StackOverflowError e) {
              // A journal's or listener's Error while hearing of the cancellation reaches the
              // caller once the run is consistent; the run was cancelled all the same.
              assertThat(fired).as("only a fault throws an Error").anyMatch(f -> f.kind() == Kind.ERROR);
            }
            cancelled = true;
            run = handle.result().get(END_BOUND_SECONDS, TimeUnit.SECONDS);
          }
        }
      }
      if (alerting != null) {
        // Alerts never wait for a channel, and waiting for them is bounded whatever it does.
        boolean delivered = alerting.flush(Duration.ofSeconds(2));
        if (faults.stream().noneMatch(f -> f.kind() == Kind.HANG)) {
          assertThat(delivered).as("alerts of %s flushed", faults).isTrue();
        }
      }
    } finally {
      release.countDown();
      if (alerting != null) {
        alerting.close();
      }
      try {
        executor.close();
      } catch (StackOverflowError e) {
        assertThat(fired).as("only a fault throws an Error").anyMatch(f -> f.kind() == Kind.ERROR);
      }
      hostPool.shutdownNow();
      timer.shutdownNow();
    }
    if (Thread.interrupted()) {
      // Left by a fault that interrupted its own thread while that was the caller's (in start(),
      // cancel() or close()): it is the caller's, and must not leak into the next run of the test.
      assertThat(fired).as("only a fault can interrupt the caller").anyMatch(f -> f.kind() == Kind.INTERRUPT);
    }
    Outcome outcome = new Outcome(run, cancelled, Set.copyOf(fired));
    checkInvariants(outcome, real, recorder, policy);
    assertNoThreadLeftBehind(before);
    return outcome;
  }

  private void checkInvariants(Outcome outcome, CheckpointStore store, Recorder recorder, CountingPolicy policy) {
    PipelineRun run = outcome.run();
    String context = "faults " + faults + " (fired " + outcome.fired() + "), run " + run.status() + " " + statuses(run);

    // The run ended, and every step has exactly one terminal state.
    assertThat(run.status().isFinished()).as(context).isTrue();
    assertThat(run.finishedAt()).as(context).isPresent();
    Set<StepStatus> terminal = EnumSet.of(StepStatus.SUCCESS, StepStatus.FAILED, StepStatus.SKIPPED, StepStatus.CANCELLED);
    for (StepRun step : run.steps()) {
      assertThat(step.status()).as("%s: step %s", context, step.name()).isIn(terminal);
      assertThat(recorder.terminal.get(step.name()))
          .as("%s: terminal events heard for step %s", context, step.name())
          .containsExactly(step.status());
    }

    // The caller, the listeners and the store agree.
    assertThat(recorder.finished).as(context + ": RunFinished heard").containsExactly(run.status());
    PipelineRun recorded = store.load(run.runId()).orElseThrow();
    boolean storeFailed =
        fired.stream().anyMatch(f -> f.point() == Point.CHECKPOINT_STORE && f.kind() != Kind.INTERRUPT);
    if (!storeFailed) {
      assertThat(recorded.status()).as(context + ": status in the store").isEqualTo(run.status());
      assertThat(statuses(recorded)).as(context + ": step statuses in the store").isEqualTo(statuses(run));
    } else {
      // The store is the failing party: the run failed (or was cancelled), and the store holds no
      // success the run did not have.
      assertThat(run.status()).as(context).isIn(RunStatus.FAILED, RunStatus.CANCELLED);
      for (StepRun step : recorded.steps()) {
        if (step.status() == StepStatus.SUCCESS) {
          assertThat(run.step(step.name()).orElseThrow().status()).as(context + ": " + step.name()).isEqualTo(StepStatus.SUCCESS);
        }
      }
    }
    if (fired.stream().anyMatch(f -> f.point() == Point.LISTENER
        && EnumSet.of(Kind.RUNTIME, Kind.CHECKED, Kind.ERROR, Kind.REJECTION, Kind.HANG).contains(f.kind()))
        && !listenerFaultOnlyAtTheEnd(recorder)) {
      assertThat(run.status()).as(context + ": a listener that threw fails the run").isIn(RunStatus.FAILED, RunStatus.CANCELLED);
    }
    if (outcome.fired().isEmpty()) {
      assertThat(run.status()).as(context + ": nothing fired").isEqualTo(RunStatus.SUCCESS);
    }

    // No permit left behind: every admitted attempt ended exactly once.
    if (!has(Point.ATTEMPT_POLICY)) {
      for (String attempt : policy.admitted) {
        assertThat(policy.ended.get(attempt)).as("%s: ended calls of %s", context, attempt).isNotNull().hasValue(1);
      }
      assertThat(policy.endedUnadmitted).as(context + ": ended without being admitted").isEmpty();
    }

    // No lock left behind: the run can be opened (and so resumed) again, from another process too.
    store.open(run.runId()).close();
    if (fileStore != null) {
      try {
        LockProbe.Result probe =
            LockProbe.run(fileStore, run.runId(), java.nio.file.Files.createTempFile(fileStore, "probe", ".txt"));
        assertThat(probe.exitCode()).as("%s: another process takes the run's lock: %s", context, probe.output())
            .isEqualTo(LockProbe.ACQUIRED);
      } catch (IOException | InterruptedException e) {
        throw new AssertionError("could not start the lock probe", e);
      }
    }
  }

  /** A listener fault that fired only on onRunFinished cannot fail the run (it had ended). */
  private boolean listenerFaultOnlyAtTheEnd(Recorder recorder) {
    int events = calls.getOrDefault(Point.LISTENER, new AtomicInteger()).get();
    return fired.stream()
        .filter(f -> f.point() == Point.LISTENER
            && EnumSet.of(Kind.RUNTIME, Kind.CHECKED, Kind.ERROR, Kind.REJECTION, Kind.HANG).contains(f.kind()))
        .allMatch(f -> f.at() == AT_END || (f.at() == events && !f.always()));
  }

  static Map<String, StepStatus> statuses(PipelineRun run) {
    Map<String, StepStatus> result = new LinkedHashMap<>();
    run.steps().forEach(s -> result.put(s.name(), s.status()));
    return result;
  }

  /** Every thread started during the run has ended (they are daemon threads: check, do not trust). */
  private static void assertNoThreadLeftBehind(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> alive = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      alive.clear();
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (!before.contains(thread) && thread.isAlive() && isOurs(thread)) {
          alive.add(thread.getName());
        }
      }
      if (alive.isEmpty()) {
        return;
      }
      Thread.sleep(10);
    }
    assertThat(alive).as("threads left behind").isEmpty();
  }

  private static boolean isOurs(Thread thread) {
    String name = thread.getName();
    return name.startsWith("etl-") || name.startsWith("fault-");
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Every point and kind, for the matrix. */
  static List<Fault> matrix(int at, boolean always) {
    List<Fault> all = new ArrayList<>();
    for (Point point : Point.values()) {
      for (Kind kind : Kind.values()) {
        all.add(new Fault(point, kind, at, always));
      }
    }
    return all;
  }

  /** For {@link HashSet} users that want the points with a fault. */
  Set<Point> points() {
    Set<Point> points = new HashSet<>();
    faults.forEach(f -> points.add(f.point()));
    return points;
  }
}
