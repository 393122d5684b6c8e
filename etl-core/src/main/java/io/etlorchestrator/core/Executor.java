package io.etlorchestrator.core;

import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.spi.AttemptPolicy;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import io.etlorchestrator.core.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs pipelines: dependency-driven, in parallel, with retries, timeouts and failure fallbacks.
 *
 * <pre>{@code
 * try (Executor executor = Executor.builder().parallelism(4).build()) {
 *   PipelineRun run = executor.run(Planner.plan(pipeline));
 *   System.out.println(run.status());
 * }
 * }</pre>
 *
 * <h2>Scheduling</h2>
 *
 * A step starts as soon as every step it depends on has succeeded (or failed with {@link
 * Fallback#ALERT_AND_CONTINUE}); there are no wave barriers. When more steps are ready than
 * workers are free, the step with the longest remaining critical path (its own estimate plus the
 * longest chain of estimates after it) starts first, ties going to definition order. At most
 * {@link Builder#parallelism(int) parallelism} attempts of a run execute at once; a step with
 * {@code canParallelize=false} runs with nothing else of its run running (steps that are ready
 * meanwhile wait); a resource limit caps how many steps carrying a resource tag run at once.
 *
 * <h2>Failures</h2>
 *
 * An attempt fails when its action throws or exceeds the step's timeout (the attempt's thread is
 * interrupted and the failure is recorded when the action returns). The step's {@link RetryPolicy}
 * decides whether and when it is attempted again; waiting for a retry holds no thread. After the
 * last attempt the step is FAILED and its {@link Fallback} applies.
 *
 * <h2>Threads</h2>
 *
 * Attempts run on a pool of {@code parallelism} daemon threads that the executor creates and shuts
 * down in {@link #close()}, or on an {@link ExecutorService} the host supplies, which the executor
 * uses and never shuts down. Delays (retries, timeouts) go through a {@link Scheduler}: by default
 * one daemon thread of the executor's, or one the host supplies (tests use virtual time). An
 * executor is thread-safe and may run several pipelines at once; the parallelism applies to each
 * run.
 *
 * <h2>Every run ends</h2>
 *
 * Whatever a step, listener, attempt policy, scheduler, worker pool or checkpoint throws (an
 * {@link Error} too), the run ends, every step reaches exactly one terminal state, and the caller,
 * the listeners and the store hear the same final status. A watchdog thread of the executor's
 * (started with its first run, stopped by {@link #close()}) looks after what would otherwise
 * never end, in real time: a listener, policy, scheduler or journal call that does not return
 * within the {@linkplain Builder#callbackTimeout callback timeout} is interrupted; a success that
 * does not become durable within the {@linkplain Builder#checkpointTimeout checkpoint timeout}
 * fails the run; an attempt that does not return within the {@linkplain Builder#stopGracePeriod
 * stop grace period} after being interrupted (by its timeout or a cancellation) is given up on.
 */
public final class Executor implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Executor.class);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final String RUN_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final int parallelism;
  private final ExecutorService workers;
  private final boolean ownsWorkers;
  private final Scheduler scheduler;
  private final ScheduledExecutorService ownedScheduler;
  private final Clock clock;
  private final Random random;
  private final Map<String, Integer> resourceLimits;
  private final AttemptPolicy attemptPolicy;
  private final List<RunListener> listeners;
  private final CheckpointStore store;
  private final Set<RunExecution> active = ConcurrentHashMap.newKeySet();
  private final RunExecution.Supervision supervision;
  private final Watchdog watchdog;
  private final Set<String> applied;
  private final List<AutoCloseable> resources;
  private final List<io.etlorchestrator.core.spi.DatasetProfiler> profilers;
  /** Threads of the own pool held by given-up attempts; guarded by this. */
  private int heldThreads;
  private volatile boolean closed;

  private Executor(Builder builder) {
    this.parallelism = builder.parallelism;
    this.clock = builder.clock;
    this.random = builder.random == null ? new Random() : builder.random;
    this.resourceLimits = Map.copyOf(builder.resourceLimits);
    this.attemptPolicy = builder.attemptPolicy;
    this.listeners = List.copyOf(builder.listeners);
    this.store = builder.store;
    this.applied = Set.copyOf(builder.applied);
    this.profilers = List.copyOf(builder.profilers);
    this.resources = List.copyOf(builder.resources);
    this.supervision =
        new RunExecution.Supervision(builder.callbackTimeout, builder.checkpointTimeout, builder.stopGracePeriod);
    this.watchdog =
        new Watchdog(active, builder.callbackTimeout, builder.checkpointTimeout, builder.stopGracePeriod);
    if (builder.workers != null) {
      this.workers = builder.workers;
      this.ownsWorkers = false;
    } else {
      this.workers = Executors.newFixedThreadPool(parallelism, daemonThreads("etl-worker-"));
      this.ownsWorkers = true;
    }
    if (builder.scheduler != null) {
      this.scheduler = builder.scheduler;
      this.ownedScheduler = null;
    } else {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(1, daemonThreads("etl-scheduler-"));
      timer.setRemoveOnCancelPolicy(true);
      this.ownedScheduler = timer;
      this.scheduler = Scheduler.of(timer);
    }
  }

  /** An executor with the defaults: one worker per processor, its own threads, the system clock. */
  public static Executor create() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Plans and runs {@code pipeline}; see {@link #run(ExecutionPlan, RunOptions)}. */
  public PipelineRun run(Pipeline pipeline) {
    return run(Planner.plan(pipeline), RunOptions.defaults());
  }

  /** Runs {@code plan} with default options; see {@link #run(ExecutionPlan, RunOptions)}. */
  public PipelineRun run(ExecutionPlan plan) {
    return run(plan, RunOptions.defaults());
  }

  /**
   * Runs {@code plan} and waits for it to finish. If the calling thread is interrupted while
   * waiting, the run is cancelled, the call waits for its attempts to return, and returns the
   * CANCELLED run with the thread's interrupt flag set again.
   *
   * @return the finished run, whatever its status
   * @throws IllegalArgumentException if a step has no action
   * @throws IllegalStateException if the executor is closed
   */
  public PipelineRun run(ExecutionPlan plan, RunOptions options) {
    return await(start(plan, options));
  }

  private static PipelineRun await(RunHandle handle) {
    try {
      return handle.result().get();
    } catch (InterruptedException e) {
      handle.cancel();
      PipelineRun run = handle.result().join();
      Thread.currentThread().interrupt();
      return run;
    } catch (ExecutionException e) {
      throw new IllegalStateException("run " + handle.runId() + " failed unexpectedly", e.getCause());
    }
  }

  /**
   * Starts running {@code plan} and returns at once. {@link RunListener#onRunStarted} has been
   * called when this returns. A {@link VirtualMachineError} that a listener (or the checkpoint)
   * raises while hearing of the start is rethrown here once the run's state is consistent; the run
   * has started all the same and ends by itself (its listeners and store hear how).
   *
   * @throws IllegalArgumentException if a step has no action
   * @throws IllegalStateException if the executor is closed
   */
  public RunHandle start(ExecutionPlan plan, RunOptions options) {
    checkRunnable(plan, options);
    String runId = options.runId().orElseGet(this::newRunId);
    PipelineRun initial =
        new PipelineRun(
            runId,
            plan.pipeline().name(),
            plan.fingerprint(),
            clock.instant(),
            Optional.empty(),
            RunStatus.RUNNING,
            options.params(),
            plan.pendingSteps(),
            List.of(),
            plan.stepFingerprintMap());
    CheckpointListener checkpoint = store == null ? null : new CheckpointListener(store.create(initial));
    RunExecution execution;
    try {
      execution = prepare(plan, options, initial, checkpoint);
    } catch (Throwable e) {
      if (checkpoint != null) {
        checkpoint.abandon();
      }
      throw e;
    }
    return launch(execution);
  }

  /**
   * Resumes the recorded run {@code runId} with {@code plan} and waits for it to finish: steps
   * recorded SUCCESS are not run again; FAILED, SKIPPED, CANCELLED, PENDING steps and steps left
   * RUNNING by a crash run again, their attempt numbers continuing from the checkpoint (each gets
   * a fresh retry budget). So do, whatever they recorded, the steps {@link
   * RunOptions#rerun()} names (with their downstream when asked) and, when the change is allowed,
   * steps whose definition changed and everything downstream of them. The run keeps its id and
   * start time and records when it was resumed. A run that already succeeded, with nothing to run
   * again, is returned as it is (and a log line says so). Parameters given in {@code options} replace the recorded ones; without any, the recorded
   * parameters are used.
   *
   * @throws IllegalStateException if the executor has no checkpoint store
   * @throws CheckpointException if the run is not recorded, its checkpoint cannot be read, it
   *     belongs to another pipeline, or another process is driving it
   * @throws PlanChangedException if the pipeline changed since the checkpoint and {@link
   *     RunOptions#allowPlanChange()} is false
   * @throws IllegalArgumentException if {@link RunOptions#rerun()} names a step the plan does not
   *     have
   */
  public PipelineRun resume(ExecutionPlan plan, String runId, RunOptions options) {
    return await(startResume(plan, runId, options));
  }

  /** Resumes {@code runId} without waiting; see {@link #resume(ExecutionPlan, String, RunOptions)}. */
  public RunHandle startResume(ExecutionPlan plan, String runId, RunOptions options) {
    checkRunnable(plan, options);
    Checks.notNull(runId, "runId");
    Checks.state(
        store != null,
        "resuming needs a checkpoint store: build the executor with checkpointStore(...)");
    RunJournal journal = store.open(runId);
    RunExecution execution;
    try {
      PipelineRun prior = journal.state();
      if (!prior.pipeline().equals(plan.pipeline().name())) {
        throw new CheckpointException(
            runId,
            String.format(
                "run '%s' is a run of pipeline '%s', not of '%s'",
                runId, prior.pipeline(), plan.pipeline().name()));
      }
      Set<String> changed = checkPlan(prior, plan, options.allowPlanChange());
      Set<String> again = runAgain(plan, changed, options.rerun());
      if (prior.status() == RunStatus.SUCCESS && again.isEmpty()) {
        log.info("run {} of pipeline '{}' already succeeded; nothing to resume", runId, prior.pipeline());
        journal.close();
        return new FinishedRun(prior);
      }
      Map<String, StepRun> priorSteps = new java.util.HashMap<>();
      for (StepRun step : prior.steps()) {
        priorSteps.put(step.name(), step);
      }
      List<StepRun> steps = new ArrayList<>();
      for (PipelineStep step : plan.pipeline().steps()) {
        StepRun recorded = priorSteps.get(step.name());
        if (recorded == null) {
          steps.add(StepRun.pending(step.name()));
        } else if (again.contains(step.name())) {
          // Runs again although it may have succeeded: its definition, or what it reads, changed,
          // or the caller asked for it. Its attempts go on counting.
          steps.add(
              new StepRun(
                  step.name(), StepStatus.PENDING, recorded.attempts(), Optional.empty(),
                  Optional.empty(), 0, Map.of(), recorded.error(), Optional.empty(),
                  recorded.failures()));
        } else {
          steps.add(recorded);
        }
      }
      List<java.time.Instant> resumedAt = new ArrayList<>(prior.resumedAt());
      resumedAt.add(clock.instant());
      Map<String, String> params = options.params().isEmpty() ? prior.params() : options.params();
      PipelineRun resumed =
          new PipelineRun(
              runId,
              prior.pipeline(),
              plan.fingerprint(),
              prior.startedAt(),
              Optional.empty(),
              RunStatus.RUNNING,
              params,
              steps,
              resumedAt,
              plan.stepFingerprintMap());
      execution = prepare(plan, options, resumed, new CheckpointListener(journal));
    } catch (Throwable e) {
      journal.close();
      throw e;
    }
    return launch(execution);
  }

  /**
   * The steps a resume runs again whatever their recorded state: the {@code changed} ones and
   * everything downstream of them (what they read is no longer what they read before), and those
   * the caller asked to {@linkplain RunOptions.Builder#rerun rerun}, with their downstream when
   * asked.
   *
   * @throws IllegalArgumentException if a step to rerun is not in the plan
   */
  private static Set<String> runAgain(ExecutionPlan plan, Set<String> changed, Map<String, Boolean> rerun) {
    if (changed.isEmpty() && rerun.isEmpty()) {
      return Set.of();
    }
    Set<String> names = new java.util.HashSet<>();
    plan.pipeline().steps().forEach(step -> names.add(step.name()));
    List<String> unknown = new ArrayList<>();
    java.util.ArrayDeque<String> downstreamOf = new java.util.ArrayDeque<>(changed);
    Set<String> again = new java.util.LinkedHashSet<>(changed);
    rerun.forEach(
        (step, withDownstream) -> {
          if (!names.contains(step)) {
            unknown.add(step);
          } else {
            again.add(step);
            if (withDownstream) {
              downstreamOf.add(step);
            }
          }
        });
    if (!unknown.isEmpty()) {
      String step = unknown.get(0);
      throw new IllegalArgumentException(
          String.format(
              "cannot rerun step '%s': pipeline '%s' has no such step%s",
              step,
              plan.pipeline().name(),
              io.etlorchestrator.core.internal.Suggestions.closest(step, names)
                  .map(s -> String.format(" (did you mean '%s'?)", s))
                  .orElse("")));
    }
    Set<String> expanded = new java.util.HashSet<>();
    while (!downstreamOf.isEmpty()) {
      String step = downstreamOf.poll();
      if (expanded.add(step)) {
        for (String dependent : plan.dependentsOf(step)) {
          again.add(dependent);
          downstreamOf.add(dependent);
        }
      }
    }
    return again;
  }

  /**
   * Compares the checkpoint's plan with {@code plan}; returns the steps whose definition changed
   * (when the change is allowed) or throws {@link PlanChangedException}.
   */
  private static Set<String> checkPlan(PipelineRun prior, ExecutionPlan plan, boolean allowChange) {
    if (prior.planFingerprint().equals(plan.fingerprint())) {
      return Set.of();
    }
    Set<String> priorNames = new java.util.LinkedHashSet<>();
    prior.steps().forEach(s -> priorNames.add(s.name()));
    Set<String> planNames = new java.util.LinkedHashSet<>();
    plan.pipeline().steps().forEach(s -> planNames.add(s.name()));
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (String name : planNames) {
      if (!priorNames.contains(name)) {
        added.add(name);
      } else {
        String before = prior.stepFingerprints().get(name);
        if (before != null && !before.equals(plan.stepFingerprint(name))) {
          changed.add(name);
        }
      }
    }
    List<String> removed = new ArrayList<>();
    for (String name : priorNames) {
      if (!planNames.contains(name)) {
        removed.add(name);
      }
    }
    boolean unknownPrint = prior.planFingerprint().isEmpty();
    if (added.isEmpty() && removed.isEmpty() && changed.isEmpty() && unknownPrint) {
      return Set.of(); // a hand-written checkpoint without fingerprints: the same steps is all we can check
    }
    if (allowChange) {
      log.warn(
          "resuming run {} although pipeline '{}' changed (added {}, removed {}, changed {}); changed"
              + " steps and everything downstream of them run again",
          prior.runId(), prior.pipeline(), added, removed, changed);
      return new java.util.HashSet<>(changed);
    }
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) {
      parts.add("steps added: " + String.join(", ", added));
    }
    if (!removed.isEmpty()) {
      parts.add("steps removed: " + String.join(", ", removed));
    }
    if (!changed.isEmpty()) {
      parts.add(
          "steps with other inputs, outputs, dependencies, type, params or version: "
              + String.join(", ", changed));
    }
    if (parts.isEmpty()) {
      parts.add("the order of the steps changed");
    }
    throw new PlanChangedException(
        prior.runId(),
        String.format(
            "run '%s' cannot be resumed: pipeline '%s' changed since its checkpoint (%s). Resume it"
                + " with the pipeline it ran, or allow the change (RunOptions.allowPlanChange,"
                + " --force on the command line)",
            prior.runId(), prior.pipeline(), String.join("; ", parts)),
        added,
        removed,
        changed);
  }

  private void checkRunnable(ExecutionPlan plan, RunOptions options) {
    Checks.notNull(plan, "plan");
    Checks.notNull(options, "options");
    Checks.state(!closed, "the executor is closed");
    List<String> withoutAction = plan.stepTable().withoutAction;
    Checks.argument(
        withoutAction.isEmpty(),
        "pipeline '%s' cannot run: step%s without an action: %s",
        plan.pipeline().name(),
        withoutAction.size() == 1 ? "" : "s",
        String.join(", ", withoutAction.subList(0, Math.min(10, withoutAction.size())))
            + (withoutAction.size() > 10 ? ", ..." : ""));
    List<String> withoutCheckLogic = plan.stepTable().withoutCheckLogic;
    Checks.argument(
        withoutCheckLogic.isEmpty(),
        "pipeline '%s' cannot run: step%s with a check that has no logic (read the definition with"
            + " its check kinds, e.g. with etl-quality on the class path): %s",
        plan.pipeline().name(),
        withoutCheckLogic.size() == 1 ? "" : "s",
        String.join(", ", withoutCheckLogic.subList(0, Math.min(10, withoutCheckLogic.size())))
            + (withoutCheckLogic.size() > 10 ? ", ..." : ""));
  }

  /** The run, not yet started; nothing of it runs until {@link #launch}. */
  private RunExecution prepare(
      ExecutionPlan plan, RunOptions options, PipelineRun initial, CheckpointListener checkpoint) {
    warnOfUnappliedDeclarations(plan.pipeline(), initial.runId());
    Map<String, Integer> limits = new LinkedHashMap<>(resourceLimits);
    limits.putAll(plan.pipeline().resourceLimits());
    List<RunListener> runListeners = new ArrayList<>(listeners);
    runListeners.addAll(options.listeners());
    RunExecution[] self = new RunExecution[1];
    RunExecution execution =
        new RunExecution(
            initial.runId(),
            plan,
            workers,
            parallelism,
            scheduler,
            clock,
            random,
            runListeners,
            initial.params(),
            limits,
            attemptPolicy,
            initial,
            checkpoint,
            supervision,
            new StepChecks(initial.runId(), plan.pipeline().name(), initial.params(), clock, profilers, store),
            this::threadsHeld,
            () -> active.remove(self[0]));
    self[0] = execution;
    return execution;
  }

  /**
   * Starts {@code execution}. From here on the run owns its journal and ends by itself, even if
   * this throws (a VirtualMachineError a listener raised on the run's start is rethrown once the
   * run's state is consistent).
   */
  private RunHandle launch(RunExecution execution) {
    active.add(execution);
    watchdog.wake();
    execution.start();
    return execution;
  }

  /** One WARN line naming what the pipeline declares and this executor does not apply. */
  private void warnOfUnappliedDeclarations(Pipeline pipeline, String runId) {
    List<String> ignored = new ArrayList<>();
    pipeline.declarations().forEach((block, appliedBy) -> {
      if (!applied.contains(block)) {
        ignored.add(String.format("%s (applied by %s)", block, appliedBy));
      }
    });
    if (!ignored.isEmpty()) {
      log.warn(
          "run {} of pipeline '{}': this executor does not apply what the pipeline declares: {};"
              + " they are ignored in this run",
          runId, pipeline.name(), String.join("; ", ignored));
    }
  }

  /**
   * Cancels the runs still in progress, waits for them to end (at most the {@linkplain
   * Builder#stopGracePeriod stop grace period} plus 10 seconds), and shuts down the threads this
   * executor created (a host-supplied pool and scheduler are left alone).
   */
  @Override
  public void close() {
    closed = true;
    List<RunExecution> running = new ArrayList<>(active);
    Error raised = null;
    for (RunExecution run : running) {
      try {
        run.cancel();
      } catch (Error e) {
        // A listener's VirtualMachineError while hearing of the cancellation: close the rest
        // first, then rethrow it.
        raised = raised == null ? e : raised;
      }
    }
    long deadline =
        System.nanoTime() + Math.min(Long.MAX_VALUE / 4, supervision.graceNanos()) + TimeUnit.SECONDS.toNanos(10);
    boolean interrupted = false;
    for (RunExecution run : running) {
      try {
        run.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
        break;
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        // Keep closing: the run's own future reports its outcome.
      }
    }
    watchdog.close();
    RuntimeException unclosed = null;
    for (int k = resources.size() - 1; k >= 0; k--) {
      try {
        resources.get(k).close();
      } catch (Exception e) {
        log.error("could not close {} with the executor", resources.get(k).getClass().getName(), e);
        unclosed = unclosed == null ? new IllegalStateException("could not close " + resources.get(k), e) : unclosed;
      } catch (Error e) {
        raised = raised == null ? e : raised;
      }
    }
    if (ownsWorkers) {
      workers.shutdown();
    }
    if (ownedScheduler != null) {
      ownedScheduler.shutdownNow();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (raised != null) {
      throw raised;
    }
    if (unclosed != null) {
      throw unclosed;
    }
  }

  /**
   * Threads of the executor's own pool held by attempts that runs gave up on (see {@link
   * Builder#stopGracePeriod}) change by {@code delta}: the pool grows by as many, so that {@code
   * parallelism} threads stay free for runs, and shrinks back as they return. A host's pool is
   * left alone (it is one thread short until the attempt returns).
   */
  private synchronized void threadsHeld(int delta) {
    if (!ownsWorkers || !(workers instanceof java.util.concurrent.ThreadPoolExecutor)) {
      return;
    }
    java.util.concurrent.ThreadPoolExecutor pool = (java.util.concurrent.ThreadPoolExecutor) workers;
    heldThreads = Math.max(0, heldThreads + delta);
    int size = parallelism + heldThreads;
    if (size >= pool.getMaximumPoolSize()) {
      pool.setMaximumPoolSize(size);
      pool.setCorePoolSize(size);
    } else {
      pool.setCorePoolSize(size);
      pool.setMaximumPoolSize(size);
    }
  }

  /** The most attempts of one run that execute at once. */
  public int parallelism() {
    return parallelism;
  }

  /** A run that was over before it was handed out (a resume of a run that had succeeded). */
  private static final class FinishedRun implements RunHandle {
    private final PipelineRun run;

    FinishedRun(PipelineRun run) {
      this.run = run;
    }

    @Override
    public String runId() {
      return run.runId();
    }

    @Override
    public java.util.concurrent.CompletableFuture<PipelineRun> result() {
      return java.util.concurrent.CompletableFuture.completedFuture(run);
    }

    @Override
    public void cancel() {}
  }

  private String newRunId() {
    StringBuilder id = new StringBuilder("run_").append(RUN_ID_TIME.format(clock.instant()));
    id.append('_');
    for (int k = 0; k < 4; k++) {
      id.append(RUN_ID_ALPHABET.charAt(java.util.concurrent.ThreadLocalRandom.current().nextInt(RUN_ID_ALPHABET.length())));
    }
    return id.toString();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Builds an {@link Executor}. */
  public static final class Builder {
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private ExecutorService workers;
    private Scheduler scheduler;
    private Clock clock = Clock.systemUTC();
    private Random random;
    private final Map<String, Integer> resourceLimits = new LinkedHashMap<>();
    private AttemptPolicy attemptPolicy = AttemptPolicy.retries();
    private final List<RunListener> listeners = new ArrayList<>();
    private CheckpointStore store;
    private final Set<String> applied = new java.util.LinkedHashSet<>();
    private final List<io.etlorchestrator.core.spi.DatasetProfiler> profilers = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Duration callbackTimeout = Duration.ofMinutes(1);
    private Duration checkpointTimeout = Duration.ofMinutes(2);
    private Duration stopGracePeriod = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * How long a call that a run makes while its state is locked may take: a {@link RunListener},
     * an {@link AttemptPolicy}, the {@link Scheduler} or the checkpoint's journal (default 1
     * minute). Past it the calling thread is interrupted once and the call's stack is logged; a
     * listener that then throws fails the run. Such calls should take microseconds: a call that
     * ignores interrupts holds the run until it returns, and is logged again.
     */
    public Builder callbackTimeout(Duration timeout) {
      this.callbackTimeout = positive(timeout, "callbackTimeout");
      return this;
    }

    /**
     * How long a step's success may take to become durable in the checkpoint store (default 2
     * minutes); past it the run fails with a {@link CheckpointException}, since its dependents
     * may not start before the success is recorded.
     */
    public Builder checkpointTimeout(Duration timeout) {
      this.checkpointTimeout = positive(timeout, "checkpointTimeout");
      return this;
    }

    /**
     * How long an attempt that was interrupted, because it timed out or its run was cancelled, may
     * take to return (default 30 seconds). An action that ignores interrupts (a blocking read
     * without a socket timeout, a busy loop) is then given up on: the attempt ends as timed out or
     * cancelled, with an error saying its thread is still running, and the run goes on and ends.
     * The thread is not stopped (Java cannot stop it safely); whatever it returns later is
     * ignored. The executor's own pool grows by one thread until it does; a host's pool is one
     * thread short meanwhile (if such actions hold all of its threads, a run waits for one to
     * return, or for its cancellation).
     */
    public Builder stopGracePeriod(Duration grace) {
      this.stopGracePeriod = positive(grace, "stopGracePeriod");
      return this;
    }

    /**
     * Says that this executor applies the {@linkplain Pipeline#declarations() declared} {@code
     * blocks} of the pipelines it runs (whoever wired them: {@code
     * PipelineDefinition.executorBuilder()} and the modules it finds do this). A declared block
     * that is not applied is named in a WARN line when a run starts.
     */
    public Builder applying(String... blocks) {
      for (String block : Checks.notNull(blocks, "blocks")) {
        applied.add(Checks.notNull(block, "block"));
      }
      return this;
    }

    /**
     * Adds a profiler of datasets, used by the steps' checks ({@code etl-quality} has profilers of
     * files and tables); for a dataset, the first profiler that reads it is used.
     */
    public Builder profiler(io.etlorchestrator.core.spi.DatasetProfiler profiler) {
      profilers.add(Checks.notNull(profiler, "profiler"));
      return this;
    }

    /**
     * Closes {@code resource} in {@link Executor#close()}, once the executor's runs have ended (an
     * {@code Alerting} the executor's listeners use, say); resources close in the reverse order
     * of registration, and one that fails to close does not keep the others open.
     */
    public Builder closeWith(AutoCloseable resource) {
      resources.add(Checks.notNull(resource, "resource"));
      return this;
    }

    private static Duration positive(Duration value, String name) {
      Checks.notNull(value, name);
      Checks.argument(!value.isNegative() && !value.isZero(), "%s must be positive, was %s", name, value);
      return value;
    }

    /**
     * Records every run in {@code store} (crash-safe with {@link CheckpointStore#file}), which
     * makes {@link Executor#resume} possible. Without a store runs are not recorded.
     */
    public Builder checkpointStore(CheckpointStore store) {
      this.store = Checks.notNull(store, "store");
      return this;
    }

    /** The most attempts of one run that execute at once (default: the number of processors). */
    public Builder parallelism(int parallelism) {
      Checks.argument(parallelism >= 1, "parallelism must be at least 1, was %s", parallelism);
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Runs attempts on {@code workers}, which the host owns: the executor never shuts it down.
     * The pool should have at least {@code parallelism} threads for full parallelism.
     */
    public Builder executorService(ExecutorService workers) {
      this.workers = Checks.notNull(workers, "workers");
      return this;
    }

    /** Schedules retry delays and timeouts on {@code scheduler} (default: a thread of the executor's). */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Checks.notNull(scheduler, "scheduler");
      return this;
    }

    /** The clock of run and step timestamps (default: the system clock in UTC). */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** The source of retry jitter (default: a new {@link Random}); seed it for repeatable tests. */
    public Builder random(Random random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    /**
     * At most {@code maxConcurrent} steps tagged {@code resource} run at once in a run. A limit
     * the pipeline declares for the same resource wins.
     */
    public Builder resourceLimit(String resource, int maxConcurrent) {
      Checks.notNull(resource, "resource");
      Checks.argument(
          maxConcurrent >= 1,
          "limit of resource '%s' must be at least 1, was %s",
          resource,
          maxConcurrent);
      resourceLimits.put(resource, maxConcurrent);
      return this;
    }

    /** Adds a listener to every run of this executor. */
    /**
     * How the attempts of each step are run: admission (circuit breakers, rate limits,
     * bulkheads), attempt timeouts and the retry decision. Default {@link AttemptPolicy#retries()}:
     * every attempt is admitted and retries follow each step's {@link RetryPolicy}. The {@code
     * etl-failsafe} module provides one backed by Failsafe.
     */
    public Builder attemptPolicy(AttemptPolicy policy) {
      this.attemptPolicy = Checks.notNull(policy, "policy");
      return this;
    }

    public Builder listener(RunListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /** The executor. Creates its threads unless a pool and a scheduler were supplied. */
    public Executor build() {
      return new Executor(this);
    }
  }
}
