package io.etlorchestrator.test;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunHandle;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.alert.AlertRule;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.spi.AttemptPolicy;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.test.internal.Activity;
import io.etlorchestrator.test.internal.AlertRecorder;
import io.etlorchestrator.test.internal.Fault;
import io.etlorchestrator.test.internal.PipelineRig;
import io.etlorchestrator.test.internal.RunDriver;
import io.etlorchestrator.test.internal.RunTable;
import io.etlorchestrator.test.internal.TrackedPool;
import io.etlorchestrator.test.internal.TrackedStore;
import io.etlorchestrator.yaml.PipelineDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Runs a pipeline in a test, on virtual time: retry backoffs, timeouts and steps that {@linkplain
 * #taking take a while} cost no real time, so the seed's 30 s, 60 s, 120 s backoffs run in
 * milliseconds. Failures can be injected into named steps, and the run comes back as a {@link
 * TestRun} to check with {@link EtlAssertions}.
 *
 * <pre>{@code
 * TestRun result = PipelineTester.of(pipeline)
 *     .failing("extract_orders", 2)          // its first 2 attempts throw an InjectedFailure
 *     .param("date", "2024-01-15")
 *     .run();
 * assertThat(result).succeeded()
 *     .step("extract_orders").hasAttempts(3).hasRows(52_340);
 * }</pre>
 *
 * <h2>Virtual time</h2>
 *
 * Each tester has a {@link ManualScheduler} (its clock starts at {@link
 * ManualScheduler#DEFAULT_START} unless {@link #startingAt}), which the executor uses for every
 * delay and timestamp. {@link #run()} moves it only when the run is idle (no attempt running,
 * nothing else in flight but steps waiting for virtual time), straight to the next instant a task
 * falls due: retries start exactly when due, and a timeout never fires while an attempt still works
 * in real time. {@link #start()} leaves the clock to the test ({@link ManualRun}). The clock goes
 * on across the runs of one tester, so a resumed run starts after the run it resumes. An attempt
 * that waits in real time for what only virtual time brings (another step's retry, say) holds the
 * clock still, and its run overruns the real-time limit.
 *
 * <h2>Defaults</h2>
 *
 * The in-memory checkpoint store (kept across runs of this tester, for {@link #resume}), one worker
 * ({@link #parallelism}) so that events come in a repeatable order, retry jitter from a fixed seed,
 * and at most 30 s of real time per run ({@link #realTimeLimit}): a run that takes longer, or can
 * never end, fails the test with the run's steps and what its threads are doing.
 *
 * <p>A tester is a mutable builder meant for one test's thread; every {@code run} uses the settings
 * of the moment. Unknown step names are refused at once, with the closest name.
 */
public final class PipelineTester {
  private final Pipeline pipeline;
  private final Map<String, StepAction> actions = new LinkedHashMap<>();
  private StepAction defaultAction;
  private final Map<String, Fault> faults = new LinkedHashMap<>();
  private final Map<String, Duration> durations = new LinkedHashMap<>();
  private final Map<String, String> params = new LinkedHashMap<>();
  private final List<RunListener> listeners = new ArrayList<>();
  private final List<AlertRule> alertRules = new ArrayList<>();
  private String runId;
  private int parallelism = 1;
  private CheckpointStore store = CheckpointStore.inMemory();
  private AttemptPolicy attemptPolicy = AttemptPolicy.retries();
  private long jitterSeed;
  private Duration realTimeLimit = Duration.ofSeconds(30);
  private boolean allowPlanChange;
  private Instant start = ManualScheduler.DEFAULT_START;
  private ManualScheduler scheduler;
  /** The last run started, which may still be open. */
  private ManualRun last;

  private PipelineTester(Pipeline pipeline, List<AlertRule> alertRules) {
    this.pipeline = pipeline;
    this.alertRules.addAll(alertRules);
  }

  /**
   * A tester of {@code pipeline}, built in code. Its steps keep their actions; {@link #action}
   * replaces one.
   *
   * <pre>{@code
   * TestRun result = PipelineTester.of(DailySales.pipeline()).run();
   * }</pre>
   */
  public static PipelineTester of(Pipeline pipeline) {
    return new PipelineTester(Checks.notNull(pipeline, "pipeline"), List.of());
  }

  /**
   * A tester of a pipeline read from YAML, with its {@code alerts:} rules (see {@link
   * TestRun#alerts(String)}). Read it with your step types to run your actions, or {@code
   * YamlPipelineReader.forPlanning()} and a {@link #defaultAction} to rehearse the definition's
   * retries and fallbacks alone.
   *
   * <pre>{@code
   * PipelineDefinition definition = YamlPipelineReader.withStepTypes(types).read(Path.of("daily_sales.yaml"));
   * TestRun result = PipelineTester.of(definition).failingEveryAttempt("load_warehouse").run();
   * assertThat(result).hasStatus(RunStatus.COMPLETED_WITH_FAILURES);
   * assertThat(result.alerts("slack")).hasSize(1);
   * }</pre>
   */
  public static PipelineTester of(PipelineDefinition definition) {
    Checks.notNull(definition, "definition");
    return new PipelineTester(definition.pipeline(), definition.alertRules());
  }

  /** Runs {@code action} as step {@code step}'s action instead of its own (a stub for a load, say). */
  public PipelineTester action(String step, StepAction action) {
    actions.put(known(step), Checks.notNull(action, "action"));
    return this;
  }

  /**
   * The action of every step that has none (default: none, and a step without an action makes a
   * run throw an {@link IllegalStateException} naming it). {@code ctx -> {}} rehearses a
   * definition read without step types.
   */
  public PipelineTester defaultAction(StepAction action) {
    this.defaultAction = Checks.notNull(action, "action");
    return this;
  }

  /**
   * Makes the first {@code attempts} attempts of {@code step} throw an {@link InjectedFailure}
   * instead of running its action; later attempts run it. Attempt numbers go on across a resume,
   * so a run failing attempts 1 and 2 that is resumed does not fail again. Replaces what an earlier
   * {@code failing} or {@code hanging} call asked of the step; {@code 0} attempts clears it.
   *
   * @throws IllegalArgumentException if the pipeline has no such step, or {@code attempts < 0}
   */
  public PipelineTester failing(String step, int attempts) {
    return fault(step, Fault.Kind.FAIL, attempts, null, String.format("failing(\"%s\", %d)", step, attempts));
  }

  /**
   * Makes the first {@code attempts} attempts of {@code step} throw what {@code failure} supplies,
   * such as {@code () -> new PermanentStepException("bad input")} (not retried) or {@code () -> new
   * IOException("disk full")}; otherwise as {@link #failing(String, int)}.
   */
  public PipelineTester failing(String step, int attempts, Supplier<? extends Exception> failure) {
    Checks.notNull(failure, "failure");
    return fault(step, Fault.Kind.FAIL, attempts, failure, String.format("failing(\"%s\", %d, ...)", step, attempts));
  }

  /** Makes every attempt of {@code step} throw an {@link InjectedFailure}, so its fallback applies. */
  public PipelineTester failingEveryAttempt(String step) {
    return fault(step, Fault.Kind.FAIL, Integer.MAX_VALUE, null, String.format("failingEveryAttempt(\"%s\")", step));
  }

  /**
   * Makes the first {@code attempts} attempts of {@code step} hang until they are interrupted: by
   * the step's timeout (which then falls due in virtual time), or by the run's end. A step without
   * a timeout would hang for ever: the run then fails at once, saying so. Replaces an earlier
   * {@code failing} or {@code hanging} of the step; {@code 0} attempts clears it.
   */
  public PipelineTester hanging(String step, int attempts) {
    return fault(step, Fault.Kind.HANG, attempts, null, String.format("hanging(\"%s\", %d)", step, attempts));
  }

  /**
   * Makes every attempt of {@code step} take {@code duration} of virtual time before it runs (or
   * fails), so that timestamps, durations in the report and timeouts behave as with a slow step,
   * at no cost in real time. An attempt whose timeout is shorter times out.
   */
  public PipelineTester taking(String step, Duration duration) {
    Checks.notNull(duration, "duration");
    Checks.argument(!duration.isNegative(), "step '%s' cannot take a negative duration, was %s", step, duration);
    durations.put(known(step), duration);
    return this;
  }

  private PipelineTester fault(
      String step, Fault.Kind kind, int attempts, Supplier<? extends Exception> failure, String origin) {
    known(step);
    Checks.argument(attempts >= 0, "%s: attempts must not be negative, was %s", origin, attempts);
    if (attempts == 0) {
      faults.remove(step);
    } else {
      faults.put(step, new Fault(kind, attempts, failure, origin));
    }
    return this;
  }

  /** Adds a run parameter, handed to every step ({@code StepContext.params()}). */
  public PipelineTester param(String name, String value) {
    params.put(Checks.notNull(name, "name"), Checks.notNull(value, "value"));
    return this;
  }

  /** Adds run parameters. */
  public PipelineTester params(Map<String, String> params) {
    Checks.notNull(params, "params").forEach(this::param);
    return this;
  }

  /**
   * The id of the next runs (default: generated from the virtual clock). A second run with the same
   * id in the same store is refused by the store.
   */
  public PipelineTester runId(String runId) {
    RunOptions.builder().runId(runId); // the executor's check of the id, now rather than at run()
    this.runId = runId;
    return this;
  }

  /** How many attempts may run at once (default 1, so that events come in a repeatable order). */
  public PipelineTester parallelism(int parallelism) {
    Checks.argument(parallelism >= 1, "parallelism must be at least 1, was %s", parallelism);
    this.parallelism = parallelism;
    return this;
  }

  /**
   * Records the runs in {@code store} instead of this tester's in-memory store, such as {@code
   * CheckpointStore.file(tempDir)} to test resuming from files, or another tester's {@link #store()}
   * to resume its runs with a changed pipeline.
   */
  public PipelineTester checkpointStore(CheckpointStore store) {
    this.store = Checks.notNull(store, "store");
    return this;
  }

  /** The store the runs are recorded in. */
  public CheckpointStore store() {
    return store;
  }

  /** Adds a listener to every run (after the tester's own recorder). */
  public PipelineTester listener(RunListener listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /** How attempts are admitted and retried (default {@link AttemptPolicy#retries()}). */
  public PipelineTester attemptPolicy(AttemptPolicy policy) {
    this.attemptPolicy = Checks.notNull(policy, "policy");
    return this;
  }

  /** The seed of the retry jitter (default 0): the same seed gives the same delays. */
  public PipelineTester jitterSeed(long seed) {
    this.jitterSeed = seed;
    return this;
  }

  /**
   * Adds alert rules; their alerts go to recording channels, read with {@link TestRun#alerts}. A
   * tester {@linkplain #of(PipelineDefinition) of a definition} starts with the definition's rules.
   */
  public PipelineTester alertRules(Collection<AlertRule> rules) {
    Checks.notNull(rules, "rules").forEach(rule -> alertRules.add(Checks.notNull(rule, "rule")));
    return this;
  }

  /** Lets {@link #resume} go ahead although the pipeline changed since the run (see {@link RunOptions#allowPlanChange()}). */
  public PipelineTester allowPlanChange(boolean allow) {
    this.allowPlanChange = allow;
    return this;
  }

  /**
   * Where the virtual clock starts (default {@link ManualScheduler#DEFAULT_START}).
   *
   * @throws IllegalStateException once a run has started: the clock is running
   */
  public PipelineTester startingAt(Instant start) {
    Checks.notNull(start, "start");
    Checks.state(
        scheduler == null,
        "the virtual clock started at %s with the first run; call startingAt(...) before it",
        this.start);
    this.start = start;
    return this;
  }

  /**
   * How much real time a run may take (default 30 s); {@link ManualRun}'s waits have as much each.
   * Past it the run is cancelled and the test fails with the run's steps and the stacks of the
   * threads still running attempts.
   */
  public PipelineTester realTimeLimit(Duration limit) {
    Checks.notNull(limit, "limit");
    Checks.argument(!limit.isNegative() && !limit.isZero(), "the real-time limit must be positive, was %s", limit);
    this.realTimeLimit = limit;
    return this;
  }

  /**
   * Runs the pipeline to its end on virtual time and returns it, whatever its status.
   *
   * @throws AssertionError if the run does not end within the real-time limit, or cannot end
   * @throws IllegalStateException if a step has no action (and there is no {@link #defaultAction})
   */
  public TestRun run() {
    try (ManualRun run = start()) {
      return run.runToEnd();
    }
  }

  /**
   * Resumes the run {@code runId} recorded in the {@link #store()}, as {@code Executor.resume}
   * does: what succeeded is not run again, attempt numbers go on. Runs to the end as {@link #run()}.
   *
   * @throws io.etlorchestrator.core.CheckpointException if the store has no such run
   * @throws io.etlorchestrator.core.PlanChangedException if the pipeline changed since the run and
   *     {@link #allowPlanChange} is off
   */
  public TestRun resume(String runId) {
    try (ManualRun run = startResume(runId)) {
      return run.runToEnd();
    }
  }

  /** Starts a run and returns at once; the test moves its virtual time ({@link ManualRun}). */
  public ManualRun start() {
    return launch(Optional.empty());
  }

  /** Starts resuming {@code runId} and returns at once; see {@link #resume} and {@link #start()}. */
  public ManualRun startResume(String runId) {
    return launch(Optional.of(Checks.notNull(runId, "runId")));
  }

  private ManualRun launch(Optional<String> resumeId) {
    Checks.state(
        last == null || last.isClosed(),
        "run %s of this tester is still open: finish or close it before starting another (the runs of"
            + " a tester share its clock)",
        last == null ? "" : last.runId());
    if (scheduler == null) {
      scheduler = new ManualScheduler(start);
    }
    Activity activity = new Activity();
    ExecutionPlan plan =
        Planner.plan(PipelineRig.rig(pipeline, actions, defaultAction, faults, durations, activity, scheduler));
    RecordingListener recorder = new RecordingListener();
    AlertRecorder alerts = alertRules.isEmpty() ? null : new AlertRecorder(alertRules);
    TrackedPool pool = new TrackedPool(parallelism, activity);
    Executor.Builder builder =
        Executor.builder()
            .parallelism(parallelism)
            .executorService(pool)
            .scheduler(scheduler)
            .clock(scheduler.clock())
            .random(new Random(jitterSeed))
            .attemptPolicy(attemptPolicy)
            .checkpointStore(new TrackedStore(store, activity))
            .listener(recorder);
    if (alerts != null) {
      builder.listener(alerts.listener());
    }
    listeners.forEach(builder::listener);
    Executor executor = builder.build();
    RunOptions.Builder options = RunOptions.builder().params(params).allowPlanChange(allowPlanChange);
    RunHandle handle;
    try {
      if (resumeId.isPresent()) {
        handle = executor.startResume(plan, resumeId.get(), options.build());
      } else {
        if (runId != null) {
          options.runId(runId);
        }
        handle = executor.start(plan, options.build());
      }
    } catch (RuntimeException | Error e) {
      executor.close();
      pool.shutdownNow();
      if (alerts != null) {
        alerts.close();
      }
      throw e;
    }
    List<String> names = new ArrayList<>();
    pipeline.steps().forEach(s -> names.add(s.name()));
    RunDriver driver =
        new RunDriver(
            handle,
            pipeline.name(),
            scheduler,
            activity,
            realTimeLimit,
            () -> RunTable.live(handle.runId(), pipeline.name(), names, recorder.events()));
    last = new ManualRun(handle, driver, scheduler, plan, recorder, alerts, store, executor, pool);
    return last;
  }

  private String known(String step) {
    Checks.notNull(step, "step");
    if (pipeline.step(step).isEmpty()) {
      List<String> names = new ArrayList<>();
      pipeline.steps().forEach(s -> names.add(s.name()));
      throw new IllegalArgumentException(
          String.format(
              "pipeline '%s' has no step '%s'%s; its steps: %s",
              pipeline.name(), step, TestRun.suggestion(step, names), String.join(", ", names)));
    }
    return step;
  }
}
