package io.etlorchestrator.core;

import io.etlorchestrator.core.event.AttemptRejected;
import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.spi.Admission;
import io.etlorchestrator.core.spi.AttemptPolicy;
import io.etlorchestrator.core.spi.StepAttempts;
import io.etlorchestrator.core.event.RunFinished;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.RunStarted;
import io.etlorchestrator.core.event.StepCancelled;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.event.StepSkipped;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.event.StepSucceeded;
import io.etlorchestrator.core.internal.CoreAttemptPolicy;
import io.etlorchestrator.core.internal.Durations;
import io.etlorchestrator.core.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One run in progress: the scheduler loop of the {@link Executor}.
 *
 * <p>All state of the run is confined behind one lock. Workers take the lock twice per attempt at
 * most: once to complete an attempt and pick the next step in the same critical section, and once
 * when they start. Events are delivered under the lock, so listeners see them one at a time and in
 * order. A worker that completes a step picks the next ready step itself, so a chain of steps runs
 * on one thread without a hand-off; extra workers are submitted only while there are more ready
 * steps than active workers, up to the parallelism.
 *
 * <p>Per-step state lives in arrays indexed by the step's rank in the plan's {@link StepTable}
 * (longest remaining critical path first), so the ready queue is a bit tree over ranks and the
 * steps a run starts one after another are neighbours in memory. What every run of a plan starts
 * from (the pending steps, the step fingerprints, the table) is made once per plan and shared.
 */
final class RunExecution implements RunHandle {
  private static final Logger log = LoggerFactory.getLogger(Executor.class);

  /** MDC key holding the run id while a step runs. */
  static final String MDC_RUN_ID = "runId";
  /** MDC key holding the step name while a step runs. */
  static final String MDC_STEP = "step";

  private final String runId;
  private final ExecutionPlan plan;
  private final Pipeline pipeline;
  /**
   * The plan's steps by rank (see {@link StepTable}). Every per-step array of the run is indexed
   * by rank too; definition order matters only where a whole run is read or written.
   */
  private final PipelineStep[] steps;
  private final StepTable table;
  private final int size;
  private final java.util.concurrent.Executor workers;
  private final int parallelism;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Random random;
  private final RunListener[] listeners;
  private final Map<String, String> params;
  private final Runnable onDone;
  private final CheckpointListener checkpoint;
  private final PipelineRun initial;
  private final CompletableFuture<PipelineRun> result = new CompletableFuture<>();
  private final RunLock lock = new RunLock();
  private final Supervision supervision;
  /** Runs the steps' checks on the attempts' threads. */
  private final StepChecks checks;
  /**
   * Told +1 when the run gives up on an attempt whose thread stays busy, and -1 when that thread
   * comes back, so that an executor that owns its pool can keep {@code parallelism} threads free.
   */
  private final java.util.function.IntConsumer threadsHeld;

  /**
   * The limits the {@link Watchdog} enforces, in nanoseconds of real time.
   *
   * @param callback how long a call made under the run's lock may take before it is interrupted
   * @param checkpoint how long a step's success may wait to become durable
   * @param grace how long an interrupted attempt may take to return
   */
  record Supervision(Duration callback, Duration checkpoint, Duration grace) {
    long callbackNanos() {
      return Watchdog.saturatedNanos(callback);
    }

    long checkpointNanos() {
      return Watchdog.saturatedNanos(checkpoint);
    }

    long graceNanos() {
      return Watchdog.saturatedNanos(grace);
    }
  }

  /** The run's lock, which tells the watchdog which thread holds it. */
  private static final class RunLock extends ReentrantLock {
    Thread owner() {
      return getOwner();
    }
  }

  /**
   * Ends of critical sections so far: the watchdog sees a section that does not end as this
   * staying the same while the lock is held. Written in {@link #leave()}.
   */
  private volatile long sectionSeq;
  /** Set by the watchdog, under {@link #watchMonitor}, when it interrupted the lock's holder. */
  private volatile boolean watchdogInterrupted;
  private final Object watchMonitor = new Object();
  // Read and written by the watchdog thread only.
  private long watchedSeq = -1;
  private long watchedSince;
  private int stuckWarnings;
  private long watchedCommitSeq = -1;
  private long commitSince;
  /** Whether a thread of the watchdog's is acting on the run ({@link #supervise}): one at a time. */
  private final java.util.concurrent.atomic.AtomicBoolean supervising =
      new java.util.concurrent.atomic.AtomicBoolean();
  /** Attempts that were interrupted by a timeout or a stop; the watchdog looks after them. */
  private final java.util.concurrent.ConcurrentLinkedQueue<AttemptContext> stopped =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Worker worker = new Worker();

  // Everything below is guarded by lock.
  private final StepStatus[] status;
  private final int[] waiting;
  private final int[] attempts;
  /** Attempts made before this run was resumed; the retry budget counts from here. */
  private final int[] attemptsBefore;
  private final Instant[] startedAt;
  private final Instant[] finishedAt;
  private final long[] rows;
  private final Map<String, Double>[] metrics;
  private final String[] error;
  /** Each step's failed attempts, oldest first; null while it has none. */
  private final List<AttemptFailure>[] failures;
  /** How the checks of each step's last attempt came out; null while it has none. */
  private final List<io.etlorchestrator.core.quality.CheckResult>[] checkResults;
  /** The profiles each step's last attempt kept; null while it has none. */
  private final List<io.etlorchestrator.core.quality.DatasetProfile>[] profiles;
  private final String[] reason;
  private final boolean[] retryPending;
  private final Scheduler.Cancellable[] retryTimer;
  private final AttemptContext[] running;
  private final AttemptPolicy attemptPolicy;
  /** Each step's attempts under {@link #attemptPolicy}, made when first needed; null for the core policy. */
  private final StepAttempts[] stepAttempts;
  private final ReadyQueue ready;
  /** The core policy's attempts made last, and the retry policy they were made for. */
  private RetryPolicy sharedRetryPolicy;
  private StepAttempts sharedAttempts;
  private final int[][] stepResources;
  private final int[] resourceLimit;
  private final int[] resourceInUse;
  private final ReadyQueue[] blocked;
  private Instant runStartedAt;
  /** See {@link #now()}; null outside a critical section. */
  private Instant sectionNow;
  /** What the scheduler threw in {@link #schedule}; read and cleared by its caller. */
  private Throwable scheduleFailure;
  /** A VirtualMachineError caught in the current critical section; see {@link #leave()}. */
  private Error fatal;
  /** Listeners that threw: they hear no more step events of this run, only its end. */
  private final boolean[] listenerFailed;
  /**
   * The state each terminal step was reported in, when an event carried it: a terminal step does
   * not change again in a run, so the final snapshot reuses it instead of building it anew.
   */
  private final StepRun[] terminalRun;
  /** Whether {@link #snapshot} at start would equal {@link #initial}; set by {@link #restore}. */
  private boolean initialUnchanged;
  private int runningCount;
  private boolean exclusiveRunning;
  private int activeWorkers;
  private int terminalCount;
  private int pendingCommits;
  /** Commits that completed, counted so the watchdog can tell a checkpoint that stopped moving. */
  private long commitSeq;
  /** Set when the run stopped waiting for its pending commits; their late outcome is ignored. */
  private boolean commitsAbandoned;
  private boolean hardFailure;
  private boolean softFailure;
  private boolean stopping;
  private RunStatus stopStatus;
  private String stopReason;
  private boolean finished;
  private boolean completionClaimed;
  private PipelineRun finalRun;

  @SuppressWarnings("unchecked")
  RunExecution(
      String runId,
      ExecutionPlan plan,
      java.util.concurrent.Executor workers,
      int parallelism,
      Scheduler scheduler,
      Clock clock,
      Random random,
      List<RunListener> listeners,
      Map<String, String> params,
      Map<String, Integer> resourceLimits,
      AttemptPolicy attemptPolicy,
      PipelineRun initial,
      CheckpointListener checkpoint,
      Supervision supervision,
      StepChecks checks,
      java.util.function.IntConsumer threadsHeld,
      Runnable onDone) {
    this.checks = checks;
    this.runId = runId;
    this.supervision = supervision;
    this.threadsHeld = threadsHeld;
    this.plan = plan;
    this.pipeline = plan.pipeline();
    this.table = plan.stepTable();
    this.steps = table.steps;
    this.size = steps.length;
    this.workers = workers;
    this.parallelism = parallelism;
    this.scheduler = scheduler;
    this.clock = clock;
    this.random = random;
    this.checkpoint = checkpoint;
    this.attemptPolicy = attemptPolicy;
    List<RunListener> all = new ArrayList<>();
    if (checkpoint != null) {
      all.add(checkpoint); // first: a state change is recorded before anyone else hears of it
    }
    all.addAll(listeners);
    this.listeners = all.toArray(new RunListener[0]);
    this.listenerFailed = new boolean[this.listeners.length];
    this.initial = initial;
    this.params = params;
    this.onDone = onDone;

    status = new StepStatus[size];
    java.util.Arrays.fill(status, StepStatus.PENDING);
    waiting = new int[size];
    for (int i = 0; i < size; i++) {
      waiting[i] = table.inDegree[i];
    }
    attempts = new int[size];
    attemptsBefore = new int[size];
    startedAt = new Instant[size];
    finishedAt = new Instant[size];
    rows = new long[size];
    metrics = new Map[size];
    error = new String[size];
    failures = new List[size];
    checkResults = new List[size];
    profiles = new List[size];
    reason = new String[size];
    retryPending = new boolean[size];
    retryTimer = new Scheduler.Cancellable[size];
    running = new AttemptContext[size];
    stepAttempts = attemptPolicy == CoreAttemptPolicy.INSTANCE ? null : new StepAttempts[size];
    terminalRun = new StepRun[size];
    ready = new ReadyQueue(size);
    restore(initial);

    // Only limited resources get an id; other tags cost nothing at run time.
    Map<String, Integer> resourceIds = new java.util.HashMap<>();
    List<Integer> limits = new ArrayList<>();
    stepResources = new int[size][];
    for (int i = 0; i < size && !resourceLimits.isEmpty(); i++) {
      int[] ids = null;
      int count = 0;
      for (String tag : steps[i].resources()) {
        Integer limit = resourceLimits.get(tag);
        if (limit == null) {
          continue;
        }
        Integer id = resourceIds.get(tag);
        if (id == null) {
          id = resourceIds.size();
          resourceIds.put(tag, id);
          limits.add(limit);
        }
        if (ids == null) {
          ids = new int[steps[i].resources().size()];
        }
        ids[count++] = id;
      }
      stepResources[i] = ids == null ? null : java.util.Arrays.copyOf(ids, count);
    }
    resourceLimit = limits.stream().mapToInt(Integer::intValue).toArray();
    resourceInUse = new int[resourceLimit.length];
    blocked = new ReadyQueue[resourceLimit.length];
    for (int r = 0; r < blocked.length; r++) {
      blocked[r] = new ReadyQueue(size);
    }
  }

  /**
   * Takes over the state of {@code run}: steps that succeeded stay SUCCESS and are not run again;
   * every other step starts PENDING with its attempt count carried over.
   */
  private void restore(PipelineRun run) {
    if (run.steps() == plan.pendingSteps()) {
      // A fresh run (the executor starts it from the plan's own list): every step PENDING.
      initialUnchanged =
          run.status() == RunStatus.RUNNING && run.finishedAt().isEmpty() && run.params() == params;
      return;
    }
    Map<String, StepRun> byName = new java.util.HashMap<>();
    for (StepRun step : run.steps()) {
      byName.put(step.name(), step);
    }
    for (int i = 0; i < size; i++) {
      StepRun prior = byName.get(table.names[i]);
      if (prior == null) {
        continue;
      }
      attempts[i] = prior.attempts();
      attemptsBefore[i] = prior.attempts();
      if (!prior.failures().isEmpty()) {
        failures[i] = new ArrayList<>(prior.failures());
      }
      if (prior.status() == StepStatus.SUCCESS) {
        status[i] = StepStatus.SUCCESS;
        startedAt[i] = prior.startedAt().orElse(null);
        finishedAt[i] = prior.finishedAt().orElse(null);
        rows[i] = prior.rows();
        metrics[i] = prior.metrics();
        if (!prior.checks().isEmpty()) {
          checkResults[i] = prior.checks();
        }
        if (!prior.profiles().isEmpty()) {
          profiles[i] = prior.profiles();
        }
        terminalCount++;
      } else {
        error[i] = prior.error().orElse(null);
      }
    }
    for (int i = 0; i < size; i++) {
      if (status[i] == StepStatus.SUCCESS) {
        for (int e = table.successorStart[i]; e < table.successorStart[i + 1]; e++) {
          waiting[table.successors[e]]--;
        }
      }
    }
    initialUnchanged = sameAsInitial();
  }

  /**
   * The time of the current critical section: read from the clock on first use and kept until the
   * section ends or listeners have been called, so that the events of one state change carry the
   * same instant, and completing one attempt and starting the next on the same worker cost one
   * clock read when nobody listens, while a slow listener never makes a later event's time stale.
   * Under the lock.
   */
  private Instant now() {
    Instant now = sectionNow;
    if (now == null) {
      now = clock.instant();
      sectionNow = now;
    }
    return now;
  }

  /**
   * Ends a critical section: forgets its time, then releases the lock. Returns the {@link
   * VirtualMachineError} a listener or policy raised during the section, if any, for the thread to
   * rethrow once it has done what the section committed it to (submitting workers, completing the
   * run): see {@link #rethrow}.
   */
  private Error leave() {
    Error raised = fatal;
    fatal = null;
    sectionNow = null;
    sectionSeq = sectionSeq + 1;
    if (watchdogInterrupted) {
      // The watchdog interrupted this thread for this section: the interrupt ends with it (see
      // interruptStuckSection for why this cannot miss it or take anyone else's).
      synchronized (watchMonitor) {
        if (watchdogInterrupted) {
          watchdogInterrupted = false;
          Thread.interrupted();
        }
      }
    }
    lock.unlock();
    return raised;
  }

  /** Keeps {@code e} for the end of the critical section if it is a VirtualMachineError; under the lock. */
  private void noteFatal(Throwable e) {
    if (e instanceof VirtualMachineError && fatal == null) {
      fatal = (Error) e;
    }
  }

  private static void rethrow(Error fatal) {
    if (fatal != null) {
      throw fatal;
    }
  }

  /** Whether the run's state now is field for field {@link #initial} (a fresh run's is). */
  private boolean sameAsInitial() {
    if (initial.status() != RunStatus.RUNNING
        || initial.finishedAt().isPresent()
        || initial.params() != params
        || initial.steps().size() != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      StepRun prior = initial.steps().get(table.definitionIndex[i]);
      if (!prior.name().equals(table.names[i])
          || prior.status() != status[i]
          || prior.attempts() != attempts[i]
          || !prior.startedAt().equals(Optional.ofNullable(startedAt[i]))
          || !prior.finishedAt().equals(Optional.ofNullable(finishedAt[i]))
          || prior.rows() != rows[i]
          || !prior.metrics().equals(metrics[i] == null ? Map.of() : metrics[i])
          || !prior.error().equals(Optional.ofNullable(error[i]))
          || !prior.reason().equals(Optional.ofNullable(reason[i]))) {
        return false;
      }
    }
    return true;
  }

  /** Step {@code i}'s state now, as events and checkpoints carry it. */
  private StepRun stepRun(int i) {
    return new StepRun(
        table.names[i],
        status[i],
        attempts[i],
        Optional.ofNullable(startedAt[i]),
        Optional.ofNullable(finishedAt[i]),
        rows[i],
        metrics[i] == null ? Map.of() : metrics[i],
        Optional.ofNullable(error[i]),
        Optional.ofNullable(reason[i]),
        failures[i] == null ? List.of() : failures[i],
        checkResults[i] == null ? List.of() : checkResults[i],
        profiles[i] == null ? List.of() : profiles[i]);
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public CompletableFuture<PipelineRun> result() {
    return result;
  }

  /** Emits the start event, queues the steps without dependencies and submits workers. */
  void start() {
    int spawn;
    boolean complete;
    Error fatal;
    lock.lock();
    try {
      runStartedAt = initial.startedAt();
      Instant now = now();
      if (initial.resumedAt().isEmpty()) {
        log.info("run {} of pipeline '{}' started ({} steps)", runId, pipeline.name(), size);
      } else {
        log.info(
            "run {} of pipeline '{}' resumed ({} of {} steps already succeeded)",
            runId, pipeline.name(), terminalCount, size);
      }
      // A fresh run's state at start is exactly the run the executor made before starting it:
      // hand that on instead of copying every step (and the step fingerprints) once more.
      PipelineRun atStart =
          initialUnchanged ? initial : snapshot(RunStatus.RUNNING, Optional.empty());
      RunStarted event = new RunStarted(runId, plan, params, now, atStart);
      emit(RunListener::onRunStarted, event);
      for (int i = 0; i < size; i++) {
        if (waiting[i] == 0 && status[i] == StepStatus.PENDING) {
          ready.add(i);
        }
      }
      spawn = claimWorkers();
      complete = claimCompletion();
    } finally {
      fatal = leave();
    }
    submitWorkers(spawn);
    if (complete) {
      completeRun(); // a listener failed the run before any step started
    }
    rethrow(fatal);
  }

  @Override
  public void cancel() {
    boolean complete = false;
    Error fatal;
    lock.lock();
    try {
      if (!finished && !stopping) {
        log.info("run {} cancelled", runId);
        stop(RunStatus.CANCELLED, "run cancelled");
        complete = claimCompletion();
      }
    } finally {
      fatal = leave();
    }
    if (complete) {
      completeRun();
    }
    rethrow(fatal);
  }

  /** The timeout of {@code attempt} fell due: interrupt it; the watchdog looks after it from here. */
  private void timedOut(AttemptContext attempt) {
    if (attempt.stop(AttemptContext.TIMED_OUT)) {
      stopped.add(attempt);
    }
  }

  /**
   * Looks at the run for the {@link Watchdog}, on its thread, in real time ({@code now} from
   * {@link System#nanoTime()}). Never calls the host's code: what has to be done is handed to a
   * thread of its own ({@link #supervise}).
   */
  void watch(long now) {
    Thread owner = lock.owner();
    long seq = sectionSeq;
    if (owner == null || seq != watchedSeq) {
      watchedSeq = seq;
      watchedSince = now;
      stuckWarnings = 0;
    } else if (now - watchedSince >= supervision.callbackNanos()) {
      if (stuckWarnings == 0) {
        stuckWarnings = 1;
        interruptStuckSection(owner, seq);
      } else if (stuckWarnings == 1 && now - watchedSince >= 2 * supervision.callbackNanos()) {
        stuckWarnings = 2;
        log.error(
            "run {}: thread {} has still not returned from a call {} after it was interrupted; the"
                + " run cannot go on until it does",
            runId, owner.getName(), Durations.human(Duration.ofNanos(now - watchedSince)),
            stuck(owner));
      }
    }
    if (!lock.tryLock()) {
      return;
    }
    boolean act = false;
    try {
      if (!finished) {
        if (pendingCommits == 0 || commitSeq != watchedCommitSeq) {
          watchedCommitSeq = commitSeq;
          commitSince = now;
        } else if (now - commitSince >= supervision.checkpointNanos()) {
          act = true;
        }
        for (AttemptContext attempt : stopped) {
          if (running[attempt.index] != attempt || attempt.abandoned != null) {
            stopped.remove(attempt);
          } else if (attempt.overdue(now, supervision.graceNanos())) {
            act = true;
          }
        }
      }
    } finally {
      lock.unlock(); // not leave(): nothing happened in this section
    }
    if (act && supervising.compareAndSet(false, true)) {
      Thread helper =
          new Thread(
              () -> {
                try {
                  supervise(now);
                } finally {
                  supervising.set(false);
                }
              },
              "etl-watchdog-" + runId);
      helper.setDaemon(true);
      helper.start();
    }
  }

  /**
   * Interrupts {@code owner}, which has held the run's lock for the callback timeout in the section
   * numbered {@code seq}. The flag is raised before the section number is read again, and {@link
   * #leave()} bumps the number before it reads the flag (both volatile): so either the watchdog sees
   * that the section ended and interrupts nobody, or {@code leave()} sees the flag and waits on the
   * monitor to clear the interrupt. No interrupt outlives the section it was meant for.
   */
  private void interruptStuckSection(Thread owner, long seq) {
    synchronized (watchMonitor) {
      watchdogInterrupted = true;
      if (sectionSeq == seq && lock.owner() == owner) {
        log.warn(
            "run {}: thread {} has not returned from a call for {} (a listener, attempt policy,"
                + " scheduler or checkpoint that hangs?); interrupting it",
            runId, owner.getName(), Durations.human(supervision.callback()), stuck(owner));
        owner.interrupt();
      } else {
        watchdogInterrupted = false;
      }
    }
  }

  /** Where {@code thread} is, as a throwable to log with its stack. */
  private static Throwable stuck(Thread thread) {
    Throwable where = new Throwable("stack of thread " + thread.getName());
    where.setStackTrace(thread.getStackTrace());
    return where;
  }

  /**
   * Does what {@link #watch} found was needed, on a thread of its own: stops waiting for attempts
   * that did not return within the grace period after being interrupted, and fails the run if its
   * checkpoint stopped making successes durable.
   */
  private void supervise(long now) {
    int spawn = 0;
    boolean complete = false;
    Error fatal;
    lock.lock();
    try {
      if (!finished) {
        for (AttemptContext attempt : stopped) {
          if (running[attempt.index] == attempt
              && attempt.abandoned == null
              && attempt.overdue(now, supervision.graceNanos())) {
            stopped.remove(attempt);
            abandon(attempt);
          }
        }
        if (pendingCommits > 0
            && commitSeq == watchedCommitSeq
            && now - commitSince >= supervision.checkpointNanos()) {
          commitsAbandoned = true;
          pendingCommits = 0;
          checkpointFailed(
              new CheckpointException(
                  runId,
                  String.format(
                      "the checkpoint of run '%s' did not make a step's success durable within %s",
                      runId, Durations.human(supervision.checkpoint()))));
        }
        spawn = claimWorkers();
        complete = claimCompletion();
      }
    } finally {
      fatal = leave();
    }
    submitWorkers(spawn);
    if (complete) {
      completeRun();
    }
    if (fatal != null) {
      log.error("run {}: a JVM error while the watchdog acted on the run", runId, fatal);
    }
  }

  /**
   * Stops waiting for {@code attempt}, whose action was interrupted and did not return within the
   * grace period: it ends as if it had failed (a timeout) or been cancelled, with an error saying
   * its thread is still busy, and its worker no longer counts, so the run can go on and end. When
   * the action does return, its outcome is ignored. Under the lock.
   */
  private void abandon(AttemptContext attempt) {
    boolean timedOut = attempt.state() == AttemptContext.TIMED_OUT;
    String how =
        timedOut ? "timed out after " + Durations.human(attempt.timeout) : "was cancelled";
    String message =
        String.format(
            "step '%s' attempt %d %s and did not return within %s of being interrupted; the run"
                + " stopped waiting for it (its thread is left running)",
            attempt.step().name(), attempt.attempt, how, Durations.human(supervision.grace()));
    log.error("run {}: {}", runId, message);
    attempt.abandoned =
        timedOut ? new TimeoutException(message) : new java.util.concurrent.CancellationException(message);
    activeWorkers--;
    threadsHeld.accept(1);
    complete(attempt);
  }

  /**
   * The loop of one worker: run a step, complete it and pick the next, until none is ready.
   *
   * <p>Every attempt ends here whatever its action threw. A {@link VirtualMachineError} (or one
   * raised by a listener or policy while this thread held the lock) fails what it concerned like
   * any failure, and is rethrown only once the run's state is consistent: this thread then stops
   * taking steps, and another worker takes its place if steps are ready. So does a thread whose
   * interrupt outlived its attempt (an action that interrupted itself, or a pool shutting down):
   * its next step is not started with the flag set, and the flag is restored for the pool.
   */
  private final class Worker implements Runnable {
    @Override
    public void run() {
      AttemptContext next;
      int spawn = 0;
      boolean complete = false;
      boolean strayInterrupt = false;
      Error fatal;
      lock.lock();
      try {
        next = dispatch();
        if (next == null) {
          activeWorkers--;
          complete = claimCompletion();
        }
      } finally {
        fatal = leave();
      }
      while (next != null) {
        Throwable thrown = execute(next);
        // A flag left set after the attempt ended was not set by this run (see AttemptContext.end).
        strayInterrupt = Thread.interrupted();
        lock.lock();
        try {
          if (next.abandoned != null) {
            // The run stopped waiting for this attempt and let this worker go (see abandon).
            log.warn(
                "run {}: step '{}' attempt {} returned after the run had stopped waiting for it; its"
                    + " outcome ({}) is ignored",
                runId, next.step().name(), next.attempt, thrown == null ? "success" : describe(thrown));
            threadsHeld.accept(-1);
            next = null;
            continue;
          }
          complete(next);
          boolean retire = fatal != null || strayInterrupt || thrown instanceof VirtualMachineError;
          next = retire ? null : dispatch();
          if (next == null) {
            activeWorkers--;
            if (retire) {
              spawn = claimWorkers(); // a fresh worker takes over the ready steps
            }
            complete = claimCompletion();
          } else {
            spawn = claimWorkers();
          }
        } finally {
          Error raised = leave();
          fatal = fatal != null ? fatal : raised;
        }
        if (fatal == null && thrown instanceof VirtualMachineError) {
          fatal = (Error) thrown;
        }
        if (spawn > 0) {
          submitWorkers(spawn);
          spawn = 0;
        }
      }
      if (complete) {
        completeRun();
      }
      if (strayInterrupt) {
        Thread.currentThread().interrupt();
      }
      rethrow(fatal);
    }
  }

  /**
   * Runs one attempt's action on the current thread, outside the lock; never throws. Returns what
   * the action threw (also kept as the attempt's failure), or null.
   */
  private Throwable execute(AttemptContext attempt) {
    Thread thread = Thread.currentThread();
    if (!attempt.begin(thread)) {
      return null; // stopped before it began
    }
    PipelineStep step = attempt.step();
    MDC.put(MDC_RUN_ID, runId);
    MDC.put(MDC_STEP, step.name());
    try {
      if (table.checked[attempt.index]) {
        checks.run(attempt, true); // a source's checks, before the step reads it
        table.actions[attempt.index].run(attempt);
        checks.run(attempt, false); // blocking: dependents start only after these passed
      } else {
        table.actions[attempt.index].run(attempt);
      }
      return null;
    } catch (Throwable e) {
      attempt.failure = e;
      return e;
    } finally {
      attempt.end();
      MDC.remove(MDC_STEP);
      MDC.remove(MDC_RUN_ID);
    }
  }

  /** Pops the best ready step that may start now and starts an attempt of it, or returns null. */
  private AttemptContext dispatch() {
    if (stopping || exclusiveRunning) {
      return null;
    }
    while (!ready.isEmpty() && !stopping) {
      int i = ready.peek();
      boolean exclusive = table.exclusive[i];
      if (exclusive && runningCount > 0) {
        return null; // drain: nothing new starts until the exclusive step has run alone
      }
      if (!exclusive) {
        int full = fullResource(i);
        if (full >= 0) {
          ready.poll();
          blocked[full].add(i);
          continue;
        }
      }
      ready.poll();
      Admission admission = attemptsOf(i).admit(attempts[i] + 1);
      if (!admission.admitted()) {
        notAdmitted(i, admission);
        continue;
      }
      if (exclusive) {
        exclusiveRunning = true;
      }
      AttemptContext started = startAttempt(i);
      if (started != null) {
        return started;
      }
      // The attempt failed before it could begin (its timeout could not be scheduled).
    }
    return null;
  }

  /**
   * Step {@code i}'s attempts under the attempt policy, guarded: a policy that throws never stalls
   * the run. Its failure rejects the attempt (forStep, admit), gives up retrying (retryDelay) or
   * is logged (timeout, ended), so the step ends FAILED with an error that names the policy.
   */
  private StepAttempts attemptsOf(int i) {
    if (attemptPolicy == CoreAttemptPolicy.INSTANCE) {
      // The core policy cannot throw, and its attempts depend on the retry policy alone and keep
      // no state; most steps share the pipeline's default: one object serves them all.
      RetryPolicy retryPolicy = table.retryPolicies[i];
      if (retryPolicy != sharedRetryPolicy) {
        sharedRetryPolicy = retryPolicy;
        sharedAttempts = attemptPolicy.forStep(steps[i], retryPolicy);
      }
      return sharedAttempts;
    }
    StepAttempts governed = stepAttempts[i];
    if (governed == null) {
      PipelineStep step = steps[i];
      StepAttempts made;
      try {
        made = attemptPolicy.forStep(step, table.retryPolicies[i]);
        if (made == null) {
          throw new NullPointerException("forStep returned null");
        }
      } catch (Throwable e) {
        made = new BrokenAttempts(policyFailure(step, "forStep", e));
      }
      governed = new GuardedAttempts(step, made);
      stepAttempts[i] = governed;
    }
    return governed;
  }

  private IllegalStateException policyFailure(PipelineStep step, String method, Throwable e) {
    noteFatal(e);
    log.error("run {}: attempt policy {} failed in {} for step '{}'", runId, attemptPolicy, method, step.name(), e);
    return new IllegalStateException(
        String.format("attempt policy %s failed in %s: %s", attemptPolicy, method, describe(e)), e);
  }

  /** Attempts of a step whose policy could not be made: every attempt is rejected, none retried. */
  private static final class BrokenAttempts implements StepAttempts {
    private final RuntimeException why;

    BrokenAttempts(RuntimeException why) {
      this.why = why;
    }

    @Override
    public Admission admit(int attempt) {
      return Admission.reject(why);
    }

    @Override
    public Optional<Duration> retryDelay(int made, Throwable failure, java.util.random.RandomGenerator random) {
      return Optional.empty();
    }
  }

  /** A policy's step attempts with every call guarded against exceptions. */
  private final class GuardedAttempts implements StepAttempts {
    private final PipelineStep step;
    private final StepAttempts policy;

    GuardedAttempts(PipelineStep step, StepAttempts policy) {
      this.step = step;
      this.policy = policy;
    }

    @Override
    public Admission admit(int attempt) {
      try {
        Admission admission = policy.admit(attempt);
        return admission != null ? admission : Admission.proceed();
      } catch (Throwable e) {
        return Admission.reject(policyFailure(step, "admit", e));
      }
    }

    @Override
    public Optional<Duration> timeout(int attempt) {
      try {
        Optional<Duration> timeout = policy.timeout(attempt);
        return timeout == null
            ? Optional.empty()
            : timeout.filter(t -> !t.isNegative() && !t.isZero());
      } catch (Throwable e) {
        policyFailure(step, "timeout", e);
        return Optional.empty();
      }
    }

    @Override
    public void ended(int attempt, Throwable failure) {
      try {
        policy.ended(attempt, failure);
      } catch (Throwable e) {
        policyFailure(step, "ended", e);
      }
    }

    @Override
    public Optional<Duration> retryDelay(int made, Throwable failure, java.util.random.RandomGenerator random) {
      try {
        Optional<Duration> delay = policy.retryDelay(made, failure, random);
        if (delay == null || delay.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(delay.get().isNegative() ? Duration.ZERO : delay.get());
      } catch (Throwable e) {
        failure.addSuppressed(policyFailure(step, "retryDelay", e));
        return Optional.empty();
      }
    }
  }

  /** The attempt policy delayed or rejected the next attempt of step {@code i}. */
  private void notAdmitted(int i, Admission admission) {
    PipelineStep step = steps[i];
    Optional<Duration> delay = admission.delay();
    RuntimeException why;
    if (delay.isPresent()) {
      if (log.isDebugEnabled()) {
        log.debug("run {}: step '{}' held back {} by {}", runId, step.name(), delay.get(), attemptPolicy);
      }
      Scheduler.Cancellable timer = schedule(i, delay.get());
      if (timer != null) {
        return;
      }
      why = schedulerRefused(scheduleFailure, "was held back %s by the attempt policy, and the wait could not be scheduled",
          step, attempts[i] + 1, Durations.human(delay.get()));
      scheduleFailure = null;
    } else {
      why = admission.rejection().orElseThrow();
    }
    int attempt = ++attempts[i];
    Instant now = now();
    error[i] = describe(why);
    log.warn("run {}: step '{}' attempt {} rejected: {}", runId, step.name(), attempt, error[i]);
    if (listeners.length > 0) {
      AttemptRejected event = new AttemptRejected(runId, step, attempt, why, now, stepRun(i));
      emit(RunListener::onAttemptRejected, event);
    }
    attemptFailed(i, attempt, why, now);
  }

  private int fullResource(int i) {
    int[] ids = stepResources[i];
    if (ids != null) {
      for (int r : ids) {
        if (resourceInUse[r] >= resourceLimit[r]) {
          return r;
        }
      }
    }
    return -1;
  }

  private AttemptContext startAttempt(int i) {
    PipelineStep step = steps[i];
    int attempt = ++attempts[i];
    Instant now = now();
    status[i] = StepStatus.RUNNING;
    startedAt[i] = now;
    finishedAt[i] = null;
    runningCount++;
    int[] ids = stepResources[i];
    if (ids != null) {
      for (int r : ids) {
        resourceInUse[r]++;
      }
    }
    AttemptContext context = new AttemptContext(runId, step, i, attempt, params, now);
    running[i] = context;
    Duration timeout = table.timeouts[i];
    Optional<Duration> policyTimeout = attemptsOf(i).timeout(attempt);
    if (policyTimeout.isPresent() && (timeout == null || policyTimeout.get().compareTo(timeout) < 0)) {
      timeout = policyTimeout.get();
    }
    RuntimeException refused = null;
    if (timeout != null) {
      context.timeout = timeout;
      try {
        context.timeoutTimer = scheduler.schedule(timeout, () -> timedOut(context));
      } catch (Throwable e) {
        noteFatal(e);
        refused = schedulerRefused(e, "was not run: its timeout of %s could not be scheduled", step, attempt, Durations.human(timeout));
      }
    }
    if (log.isDebugEnabled()) {
      log.debug("run {}: step '{}' attempt {} started", runId, step.name(), attempt);
    }
    if (listeners.length > 0) {
      StepStarted event = new StepStarted(runId, step, attempt, now, stepRun(i));
      emit(RunListener::onStepStarted, event);
    }
    if (refused != null) {
      // Never run an attempt that nothing could stop: it fails as it starts.
      context.failure = refused;
      complete(context);
      return null;
    }
    return context;
  }

  /**
   * The failure of an attempt that the scheduler refused to wait for: names the step, the attempt,
   * what could not be scheduled ({@code what}, formatted with {@code args}) and the cause.
   */
  private IllegalStateException schedulerRefused(
      Throwable cause, String what, PipelineStep step, int attempt, Object... args) {
    String message =
        String.format("step '%s' attempt %d ", step.name(), attempt)
            + String.format(what, args)
            + String.format(" (the scheduler %s refused: %s)", scheduler.getClass().getName(), describe(cause));
    log.error("run {}: {}", runId, message, cause);
    return new IllegalStateException(message, cause);
  }

  /** Calls off a scheduled task; a scheduler that throws doing so is logged, never in the way. */
  private void cancelTimer(Scheduler.Cancellable timer) {
    try {
      timer.cancel();
    } catch (Throwable e) {
      noteFatal(e);
      log.warn("run {}: the scheduler {} failed to cancel a task: {}", runId, scheduler.getClass().getName(), describe(e));
    }
  }

  /** Records the outcome of an attempt whose action has returned. */
  private void complete(AttemptContext attempt) {
    int i = attempt.index;
    PipelineStep step = steps[i];
    running[i] = null;
    runningCount--;
    if (table.exclusive[i]) {
      exclusiveRunning = false;
    }
    releaseResources(i);
    if (attempt.timeoutTimer != null) {
      cancelTimer(attempt.timeoutTimer);
    }
    Instant now = now();
    finishedAt[i] = now;
    rows[i] = attempt.rows();
    metrics[i] = attempt.metrics();
    if (table.checked[i] && attempt.abandoned == null) {
      announceChecks(i, attempt);
    }
    int state = attempt.state();
    Throwable failure = attempt.failure;
    if (attempt.abandoned != null) {
      failure = attempt.abandoned;
    } else if (state == AttemptContext.TIMED_OUT) {
      failure =
          new TimeoutException(
              String.format(
                  "step '%s' attempt %d timed out after %s",
                  step.name(), attempt.attempt, Durations.compact(attempt.timeout)));
    } else if (state == AttemptContext.CANCELLED && failure == null && !attempt.began()) {
      failure = new java.util.concurrent.CancellationException(stopReason);
    }
    // To the policy, an attempt the run stopped was cancelled, whatever the interrupted action
    // threw (the action's failure is the cause): a stop is never a failure of the source.
    Throwable ended = failure;
    if (state == AttemptContext.CANCELLED
        && failure != null
        && !(failure instanceof java.util.concurrent.CancellationException)) {
      ended = new java.util.concurrent.CancellationException(stopReason);
      ended.initCause(failure);
    }
    attemptsOf(i).ended(attempt.attempt, ended);
    if (failure == null) {
      succeed(i, attempt, now);
    } else if (state == AttemptContext.CANCELLED) {
      error[i] = describe(failure);
      cancelStep(i, stopReason);
    } else {
      attemptFailed(i, attempt.attempt, failure, now);
    }
  }

  /**
   * Keeps what the checks of {@code attempt} found as step {@code i}'s, and announces each result
   * before the step's next event. Under the lock.
   */
  private void announceChecks(int i, AttemptContext attempt) {
    checkResults[i] = attempt.checkResults.isEmpty() ? null : attempt.checkResults;
    profiles[i] = attempt.profiles.isEmpty() ? null : attempt.profiles;
    if (listeners.length > 0) {
      for (io.etlorchestrator.core.quality.CheckResult result : attempt.checkResults) {
        emit(RunListener::onCheckCompleted, new io.etlorchestrator.core.event.CheckCompleted(runId, steps[i], result));
      }
    }
  }

  private void succeed(int i, AttemptContext attempt, Instant now) {
    PipelineStep step = steps[i];
    status[i] = StepStatus.SUCCESS;
    error[i] = null;
    terminalCount++;
    if (log.isDebugEnabled()) {
      log.debug("run {}: step '{}' succeeded, {} rows", runId, step.name(), rows[i]);
    }
    if (listeners.length > 0) {
      StepRun state = stepRun(i);
      terminalRun[i] = state;
      StepSucceeded event =
          new StepSucceeded(
              runId,
              step,
              attempt.attempt,
              rows[i],
              metrics[i],
              Duration.between(attempt.startedAt, now),
              now,
              state);
      emit(RunListener::onStepSucceeded, event);
    }
    if (checkpoint == null) {
      releaseDependents(i);
      return;
    }
    // Dependents start only once this SUCCESS is durable. The journal groups the commits of
    // many steps into one write, so waiting here costs a share of one fsync, not one each.
    CompletableFuture<Void> durable;
    try {
      durable = checkpoint.commit();
    } catch (Throwable e) {
      durable = CompletableFuture.failedFuture(e); // a journal that throws instead of failing the future
    }
    if (!durable.isDone()) {
      pendingCommits++;
      durable.whenComplete((ignored, failure) -> committed(i, failure));
    } else if (!durable.isCompletedExceptionally()) {
      releaseDependents(i);
    } else {
      // Handled here, not through committed(): this thread is already inside the critical section.
      checkpointFailed(durable.handle((ignored, failure) -> unwrap(failure)).join());
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /** A commit covering step {@code i}'s SUCCESS has finished (or failed). */
  private void committed(int i, Throwable failure) {
    int spawn = 0;
    boolean complete = false;
    Error fatal;
    lock.lock();
    try {
      if (commitsAbandoned) {
        return; // the run gave up on this commit and failed already
      }
      commitSeq++;
      pendingCommits--;
      if (failure != null) {
        checkpointFailed(unwrap(failure));
      } else {
        releaseDependents(i);
      }
      spawn = claimWorkers();
      complete = claimCompletion();
    } finally {
      fatal = leave();
    }
    submitWorkers(spawn);
    if (complete) {
      completeRun();
    }
    rethrow(fatal);
  }

  /** The checkpoint could not make the run's state durable: the run fails, naming the cause. */
  private void checkpointFailed(Throwable cause) {
    noteFatal(cause);
    log.error("run {}: the checkpoint could not be written; failing the run", runId, cause);
    hardFailure = true;
    stop(RunStatus.FAILED, "checkpoint failed: " + describe(cause));
  }

  private void attemptFailed(int i, int attempt, Throwable failure, Instant now) {
    PipelineStep step = steps[i];
    error[i] = describe(failure);
    recordFailure(i, attempt, failure, now);
    int made = attempts[i] - attemptsBefore[i];
    boolean finalCheckFailure =
        failure instanceof io.etlorchestrator.core.quality.CheckFailedException
            && !((io.etlorchestrator.core.quality.CheckFailedException) failure).retryable();
    Optional<Duration> next =
        stopping || finalCheckFailure ? Optional.empty() : attemptsOf(i).retryDelay(made, failure, random);
    logFailedAttempt(i, attempt, failure, next);
    if (next.isPresent()) {
      Duration delay = next.get();
      status[i] = StepStatus.PENDING;
      RetryScheduled event =
          new RetryScheduled(runId, step, attempt, delay, failure, now, stepRun(i));
      emit(RunListener::onRetryScheduled, event);
      if (stopping) {
        // A listener failed the run while hearing of the retry.
        cancelStep(i, stopReason);
      } else if (delay.isZero()) {
        ready.add(i);
      } else if (schedule(i, delay) == null) {
        // Announced, but it cannot happen: the step fails with its last failure and why.
        Throwable refused = scheduleFailure;
        scheduleFailure = null;
        failure.addSuppressed(
            schedulerRefused(refused, "failed, and its retry in %s could not be scheduled", step, attempt, Durations.human(delay)));
        error[i] = describe(failure) + "; its retry could not be scheduled (" + describe(refused) + ")";
        fail(i, failure, now);
      }
      return;
    }
    fail(i, failure, now);
  }

  /** Keeps attempt {@code attempt} of step {@code i} among its failures, with where it failed. */
  private void recordFailure(int i, int attempt, Throwable failure, Instant now) {
    List<AttemptFailure> kept = failures[i];
    if (kept == null) {
      kept = new ArrayList<>(2);
      failures[i] = kept;
    } else if (kept.size() >= StepRun.KEPT_FAILURES) {
      kept.remove(0);
    }
    kept.add(new AttemptFailure(attempt, now, error[i], io.etlorchestrator.core.internal.Traces.trim(failure)));
  }

  /**
   * Logs a failed attempt at WARN with its stack trace, the run id and step in the MDC (as while
   * the step ran), and what comes next.
   */
  private void logFailedAttempt(int i, int attempt, Throwable failure, Optional<Duration> retry) {
    if (!log.isWarnEnabled()) {
      return;
    }
    String runBefore = MDC.get(MDC_RUN_ID);
    String stepBefore = MDC.get(MDC_STEP);
    MDC.put(MDC_RUN_ID, runId);
    MDC.put(MDC_STEP, steps[i].name());
    try {
      log.warn(
          "run {}: step '{}' attempt {} failed ({}); {}",
          runId,
          steps[i].name(),
          attempt,
          error[i],
          retry.map(d -> "retrying in " + Durations.human(d)).orElse("no further attempt"),
          failure);
    } finally {
      restoreMdc(MDC_STEP, stepBefore);
      restoreMdc(MDC_RUN_ID, runBefore);
    }
  }

  private static void restoreMdc(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /**
   * Schedules {@link #retryDue} of step {@code i} after {@code delay} (a retry, or an attempt the
   * policy held back). Returns the timer, or null when the scheduler threw, with what it threw in
   * {@link #scheduleFailure}. The step is marked waiting before the scheduler is called, so a
   * scheduler that runs the task at once (on this thread) loses nothing.
   */
  private Scheduler.Cancellable schedule(int i, Duration delay) {
    retryPending[i] = true;
    try {
      Scheduler.Cancellable timer = scheduler.schedule(delay, () -> retryDue(i));
      if (retryPending[i]) {
        retryTimer[i] = timer;
      }
      return timer == null ? () -> {} : timer;
    } catch (Throwable e) {
      noteFatal(e);
      retryPending[i] = false;
      scheduleFailure = e;
      return null;
    }
  }

  private void fail(int i, Throwable failure, Instant now) {
    if (isTerminal(i)) {
      return; // a listener stopped the run, ending this step, while hearing of its last attempt
    }
    PipelineStep step = steps[i];
    Fallback fallback = pipeline.fallbackOf(step);
    status[i] = StepStatus.FAILED;
    terminalCount++;
    if (fallback == Fallback.ALERT_AND_CONTINUE) {
      softFailure = true;
    } else {
      hardFailure = true;
    }
    log.error(
        "run {}: step '{}' failed after {} attempt{} ({}); fallback {}",
        runId,
        step.name(),
        attempts[i],
        attempts[i] == 1 ? "" : "s",
        error[i],
        fallback.definitionName());
    StepRun state = stepRun(i);
    terminalRun[i] = state;
    StepFailed event = new StepFailed(runId, step, attempts[i], failure, fallback, now, state);
    emit(RunListener::onStepFailed, event);
    switch (fallback) {
      case SKIP_DOWNSTREAM:
        skipDownstream(i);
        break;
      case FAIL_PIPELINE:
        stop(RunStatus.FAILED, "pipeline failed: step '" + step.name() + "' failed");
        break;
      case ALERT_AND_CONTINUE:
        releaseDependents(i);
        break;
      default:
        throw new IllegalStateException("unknown fallback " + fallback);
    }
  }

  /**
   * Whether step {@code i} has reached its terminal state. A terminal step never changes again:
   * the paths that end a step check this, because a listener can stop the run (ending every
   * waiting step) while it hears of the very step being handled.
   */
  private boolean isTerminal(int i) {
    StepStatus state = status[i];
    return state == StepStatus.SUCCESS
        || state == StepStatus.FAILED
        || state == StepStatus.SKIPPED
        || state == StepStatus.CANCELLED;
  }

  private void releaseDependents(int i) {
    for (int e = table.successorStart[i]; e < table.successorStart[i + 1]; e++) {
      int w = table.successors[e];
      if (--waiting[w] == 0 && status[w] == StepStatus.PENDING && !stopping) {
        ready.add(w);
      }
    }
  }

  /** Skips every step downstream of the failed step {@code i} (iteratively: chains can be long). */
  private void skipDownstream(int i) {
    String why = "upstream step '" + steps[i].name() + "' failed";
    int[] stack = new int[16];
    int top = 0;
    stack[top++] = i;
    while (top > 0) {
      int v = stack[--top];
      for (int e = table.successorStart[v]; e < table.successorStart[v + 1]; e++) {
        int w = table.successors[e];
        if (status[w] == StepStatus.PENDING && !retryPending[w]) {
          skip(w, why);
          if (top == stack.length) {
            stack = java.util.Arrays.copyOf(stack, top * 2);
          }
          stack[top++] = w;
        }
      }
    }
  }

  private void skip(int i, String why) {
    if (isTerminal(i)) {
      return;
    }
    status[i] = StepStatus.SKIPPED;
    reason[i] = why;
    terminalCount++;
    if (listeners.length > 0) {
      StepRun state = stepRun(i);
      terminalRun[i] = state;
      StepSkipped event = new StepSkipped(runId, steps[i], why, now(), state);
      emit(RunListener::onStepSkipped, event);
    }
  }

  private void cancelStep(int i, String why) {
    if (isTerminal(i)) {
      return;
    }
    status[i] = StepStatus.CANCELLED;
    reason[i] = why;
    terminalCount++;
    if (finishedAt[i] == null) {
      finishedAt[i] = now();
    }
    StepRun state = stepRun(i);
    terminalRun[i] = state;
    StepCancelled event = new StepCancelled(runId, steps[i], attempts[i], why, now(), state);
    emit(RunListener::onStepCancelled, event);
  }

  /**
   * Stops the run: nothing new starts, steps waiting for a retry end CANCELLED, steps that never
   * started end SKIPPED, and running attempts are interrupted (they end when their actions
   * return).
   */
  private void stop(RunStatus kind, String why) {
    if (stopping) {
      return;
    }
    stopping = true;
    stopStatus = kind;
    stopReason = why;
    ready.clear();
    for (ReadyQueue queue : blocked) {
      queue.clear();
    }
    for (int i = 0; i < size; i++) {
      if (status[i] == StepStatus.PENDING) {
        if (retryPending[i]) {
          retryPending[i] = false;
          if (retryTimer[i] != null) {
            cancelTimer(retryTimer[i]);
          }
          retryTimer[i] = null;
          cancelStep(i, why);
        } else if (attempts[i] > attemptsBefore[i]) {
          cancelStep(i, why); // a zero-delay retry that was queued
        } else {
          // Never started in this run (a resumed run's step may have attempts from before).
          skip(i, why);
        }
      } else if (status[i] == StepStatus.RUNNING) {
        AttemptContext attempt = running[i];
        if (attempt.stop(AttemptContext.CANCELLED)) {
          stopped.add(attempt);
        }
      }
    }
  }

  private void retryDue(int i) {
    int spawn = 0;
    Error fatal;
    lock.lock();
    try {
      if (retryPending[i]) { // else called off by a stop
        retryPending[i] = false;
        retryTimer[i] = null;
        ready.add(i);
        spawn = claimWorkers();
      }
    } finally {
      fatal = leave();
    }
    submitWorkers(spawn);
    rethrow(fatal);
  }

  private void releaseResources(int i) {
    int[] ids = stepResources[i];
    if (ids == null) {
      return;
    }
    for (int r : ids) {
      resourceInUse[r]--;
      // One unit freed: hand it to the best step waiting for this resource. A candidate that is
      // also blocked on another resource moves to that resource's queue instead.
      while (!blocked[r].isEmpty()) {
        int candidate = blocked[r].poll();
        int full = fullResource(candidate);
        if (full < 0) {
          ready.add(candidate);
          break;
        }
        blocked[full].add(candidate);
      }
    }
  }

  /**
   * Reserves workers for the ready steps that no active worker is about to take; returns how many
   * to submit once the lock is released.
   */
  private int claimWorkers() {
    if (stopping) {
      return 0;
    }
    int wanted = Math.min(parallelism - activeWorkers, ready.size());
    if (wanted <= 0) {
      return 0;
    }
    activeWorkers += wanted;
    return wanted;
  }

  /**
   * Hands {@code count} workers to the pool. A pool that refuses (rejects, or throws anything else)
   * fails the run; what the pool threw is rethrown once the run is consistent if it is a
   * VirtualMachineError.
   */
  private void submitWorkers(int count) {
    for (int k = 0; k < count; k++) {
      try {
        workers.execute(worker);
      } catch (Throwable e) {
        boolean complete;
        Error fatal;
        lock.lock();
        try {
          noteFatal(e);
          activeWorkers -= count - k;
          log.error("run {}: the worker pool refused a task; failing the run", runId, e);
          hardFailure = true;
          stop(RunStatus.FAILED, "the executor's worker pool refused the run's work: " + describe(e));
          complete = claimCompletion();
        } finally {
          fatal = leave();
        }
        if (complete) {
          completeRun();
        }
        rethrow(fatal);
        return;
      }
    }
  }

  /**
   * Finishes the run once every step is terminal, no attempt runs and no commit is pending, and
   * claims the completion of the future for the thread that finished it. Under the lock.
   */
  private boolean claimCompletion() {
    if (!finished && terminalCount == size && runningCount == 0 && pendingCommits == 0) {
      finished = true;
      finalRun = finish(Optional.of(now()));
    }
    if (finished && !completionClaimed) {
      completionClaimed = true;
      return true;
    }
    return false;
  }

  /**
   * The one place that decides how the run ended: decides the status, makes it durable, then
   * announces that same status to every listener; the caller gets it too. A checkpoint that cannot
   * record the final state makes the run FAILED before anyone hears of it (a run never reports a
   * success that was not recorded). A listener that throws on the run's end is logged, and changes
   * nothing: the status was decided and recorded before it heard of it.
   */
  private PipelineRun finish(Optional<Instant> end) {
    PipelineRun run = snapshot(runStatus(), end, Optional.ofNullable(stopping ? stopReason : null));
    if (checkpoint != null) {
      try {
        checkpoint.finish(run);
      } catch (Throwable e) {
        noteFatal(e);
        log.error("run {}: the checkpoint could not record the run's end; the run failed", runId, e);
        String why = "checkpoint failed: the run's end could not be recorded: " + describe(e);
        run = snapshot(RunStatus.FAILED, end, Optional.of(stopping ? stopReason + "; " + why : why));
      }
    }
    if (log.isInfoEnabled()) {
      int[] counts = new int[StepStatus.values().length];
      for (StepStatus state : status) {
        counts[state.ordinal()]++;
      }
      log.info(
          "run {} of pipeline '{}' finished: {} ({} succeeded, {} failed, {} skipped, {}"
              + " cancelled)",
          runId,
          pipeline.name(),
          run.status(),
          counts[StepStatus.SUCCESS.ordinal()],
          counts[StepStatus.FAILED.ordinal()],
          counts[StepStatus.SKIPPED.ordinal()],
          counts[StepStatus.CANCELLED.ordinal()]);
    }
    RunFinished event = new RunFinished(run);
    for (int k = checkpoint == null ? 0 : 1; k < listeners.length; k++) {
      try {
        listeners[k].onRunFinished(event);
      } catch (Throwable e) {
        noteFatal(e);
        log.error(
            "run {}: listener {} failed on the run's end; the run's status {} stands",
            runId, listeners[k].getClass().getName(), run.status(), e);
      }
    }
    return run;
  }

  private void completeRun() {
    try {
      onDone.run();
    } finally {
      result.complete(finalRun);
    }
  }

  private RunStatus runStatus() {
    if (stopping && stopStatus == RunStatus.CANCELLED) {
      return RunStatus.CANCELLED;
    }
    if (hardFailure || stopping) {
      return RunStatus.FAILED;
    }
    return softFailure ? RunStatus.COMPLETED_WITH_FAILURES : RunStatus.SUCCESS;
  }

  /** The run's state now; under the lock. */
  PipelineRun snapshot(RunStatus runStatus, Optional<Instant> end) {
    return snapshot(runStatus, end, Optional.empty());
  }

  /** The run's state now, with why it ended; under the lock. */
  private PipelineRun snapshot(RunStatus runStatus, Optional<Instant> end, Optional<String> reason) {
    List<StepRun> stepRuns = new ArrayList<>(size);
    for (int d = 0; d < size; d++) {
      int i = table.rankOf[d];
      StepRun state = terminalRun[i];
      stepRuns.add(state != null ? state : stepRun(i));
    }
    return new PipelineRun(
        runId,
        pipeline.name(),
        plan.fingerprint(),
        runStartedAt,
        end,
        runStatus,
        params,
        stepRuns,
        initial.resumedAt(),
        initial.stepFingerprints(),
        reason);
  }

  /**
   * Delivers an event to every listener. {@code delivery} is a method reference such as {@code
   * RunListener::onStepStarted}: it captures nothing, so delivering allocates nothing. A listener
   * that throws (anything) fails the run: the failure is logged, the run stops as with {@link
   * Fallback#FAIL_PIPELINE}, and the listener hears no more events of the run but its end. A
   * VirtualMachineError is rethrown once the section is over (see {@link #leave()}).
   */
  private <E> void emit(BiConsumer<RunListener, E> delivery, E event) {
    for (int k = 0; k < listeners.length; k++) {
      if (listenerFailed[k]) {
        continue;
      }
      RunListener listener = listeners[k];
      try {
        delivery.accept(listener, event);
      } catch (Throwable e) {
        listenerFailed[k] = true;
        noteFatal(e);
        if (k == 0 && checkpoint != null) {
          checkpointFailed(e);
          continue;
        }
        String interrupted =
            watchdogInterrupted
                ? String.format(
                    " (it had not returned within %s and was interrupted)",
                    Durations.human(supervision.callback()))
                : "";
        log.error("run {}: listener {} failed{}; failing the run", runId, listener.getClass().getName(), interrupted, e);
        hardFailure = true;
        stop(RunStatus.FAILED, "listener " + listener.getClass().getName() + " failed: " + e + interrupted);
      }
    }
    if (listeners.length > 0) {
      sectionNow = null; // the listeners took time: what happens next happens later
    }
  }

  private static String describe(Throwable failure) {
    return io.etlorchestrator.core.internal.Errors.describe(failure);
  }
}
