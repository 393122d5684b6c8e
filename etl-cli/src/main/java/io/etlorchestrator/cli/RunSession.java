package io.etlorchestrator.cli;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.FileCheckpointStore;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunHandle;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.alert.Alerting;
import io.etlorchestrator.core.report.ProgressListener;
import io.etlorchestrator.core.report.RunReport;
import io.etlorchestrator.core.spi.Scheduler;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.StepTypeRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One execution of a pipeline from the command line, new or resumed: reads the definition, gives
 * each step its action (its type's, or the simulated one, with injected failures), runs it with
 * the file checkpoint store, progress on standard error, alerts, and the report on standard output,
 * and turns the run's status into the exit code.
 *
 * <p>Standard output starts with {@code run_id: ID}, flushed before any step runs. A shutdown hook
 * (Ctrl-C, SIGTERM) cancels the run and waits up to 30 s for it to end, so its checkpoint records
 * it CANCELLED with what finished; it can then be resumed.
 */
final class RunSession {
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final String RUN_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Duration ALERT_FLUSH = Duration.ofSeconds(10);
  private static final long CANCEL_WAIT_SECONDS = 30;

  private final EtlCommand root;
  private final ExecutionOptions options;
  private final PrintStream out;
  private final PrintStream err;

  RunSession(EtlCommand root, ExecutionOptions options) {
    this.root = root;
    this.options = options;
    this.out = root.out();
    this.err = root.err();
  }

  /** Starts a new run of {@code definition}, with {@code runId} or a generated id. */
  int run(DefinitionFile definition, String runId) {
    String id = runId == null ? newRunId() : checkRunId(runId);
    FileCheckpointStore store = options.store.open(root);
    if (store.load(id).isPresent()) {
      throw new CliException(
          String.format(
              "run '%s' is already recorded in %s; choose another --run-id, or resume it with: etl"
                  + " resume %s",
              id, store.directory(), id));
    }
    DefinitionArchive archive = new DefinitionArchive(store.directory(), root.maxDefinitionSize());
    return execute(
        definition,
        store,
        (executor, plan, runOptions) -> {
          archive.save(id, definition);
          archive.saveMode(id, options.simulate ? OptionalDouble.of(options.timeScale()) : OptionalDouble.empty());
          try {
            return executor.start(plan, runOptions.runId(id).build());
          } catch (RuntimeException e) {
            archive.delete(id);
            throw e;
          }
        });
  }

  /**
   * Resumes {@code runId} with {@code definition} ({@code given}: the user named the file, which
   * then becomes the run's kept definition).
   */
  int resume(
      String runId, DefinitionFile definition, boolean given, boolean force, Map<String, Boolean> rerun) {
    FileCheckpointStore store = options.store.open(root);
    DefinitionArchive archive = new DefinitionArchive(store.directory(), root.maxDefinitionSize());
    Optional<DefinitionArchive.Mode> mode = archive.mode(runId);
    if (mode.isPresent() && mode.get().simulated() && !options.simulate) {
      // Its successes never ran: resuming it for real would skip them and call the run done.
      options.simulate = true;
      if (options.timeScale == null) {
        options.timeScale = mode.get().simulatedTimeScale().getAsDouble();
      }
      err.printf(
          "run %s is a rehearsal (--simulate): resuming it simulated; to run the pipeline for real,"
              + " start a new run: etl run FILE%n",
          runId);
    } else if (mode.isPresent() && !mode.get().simulated() && options.simulate) {
      throw new CliException(
          String.format(
              "run '%s' runs for real: --simulate would record steps as succeeded that never ran;"
                  + " resume it without --simulate, or rehearse in a new run: etl run FILE --simulate",
              runId));
    }
    return execute(
        definition,
        store,
        (executor, plan, runOptions) -> {
          int resumes = store.load(runId).map(PipelineRun::resumeCount).orElse(0);
          rerun.forEach(runOptions::rerun);
          RunHandle handle;
          try {
            handle = executor.startResume(plan, runId, runOptions.allowPlanChange(force).build());
          } catch (IllegalArgumentException e) {
            if (rerun.keySet().stream().anyMatch(step -> plan.pipeline().step(step).isEmpty())) {
              throw new CliException("--rerun: " + e.getMessage(), e); // names the step and the closest one
            }
            throw e;
          }
          if (handle.result().isDone() && handle.result().join().resumeCount() == resumes) {
            err.printf("nothing to do: run %s already succeeded%n", runId);
          }
          if (given) {
            archive.save(runId, definition);
          }
          if (mode.isEmpty()) {
            archive.saveMode(runId, options.simulate ? OptionalDouble.of(options.timeScale()) : OptionalDouble.empty());
          }
          return handle;
        });
  }

  /** How a session starts its run on the executor. */
  @FunctionalInterface
  private interface Launch {
    RunHandle start(Executor executor, ExecutionPlan plan, RunOptions.Builder options);
  }

  private int execute(DefinitionFile file, FileCheckpointStore store, Launch launch) {
    double timeScale = options.timeScale();
    int parallelism = options.parallelism();
    Map<String, String> params = options.params();
    Path html = options.html == null ? null : htmlTarget(root.resolve(options.html));
    Path workdir = options.workdir.directory(root);
    io.etlorchestrator.yaml.CheckKindRegistry kinds = root.checkKinds();
    PipelineDefinition definition = file.forPlanning(kinds);
    if (!options.simulate) {
      StepTypeRegistry types = root.stepTypes(workdir);
      DefinitionFile.checkStepTypes(definition, types);
      definition = file.withStepTypes(types, kinds);
    }
    definition = definition.withWorkingDirectory(workdir);
    Pipeline pipeline = definition.pipeline();
    if (options.simulate) {
      long checks = pipeline.steps().stream().mapToLong(step -> step.checks().size()).sum();
      if (checks > 0) {
        // The rehearsal writes no data: there is nothing for the checks to read.
        pipeline = pipeline.withSteps(step -> step.toBuilder().checks(java.util.List.of()).build());
        err.printf("simulating: the %d data-quality check%s of the definition are not run (there is no"
            + " data); etl check FILE runs them against the datasets as they are%n", checks, checks == 1 ? "" : "s");
      }
    }
    FailureInjection failures = FailureInjection.parse(options.fail, pipeline);
    Simulation simulation = options.simulate ? new Simulation(timeScale) : null;
    ExecutionPlan plan =
        Planner.plan(
            pipeline.withActions(
                step ->
                    failures.wrap(
                        step, simulation != null ? simulation.actionFor(step) : step.action().orElseThrow())));

    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, RunSession::timerThread);
    timer.setRemoveOnCancelPolicy(true);
    Scheduler scheduler = Scheduler.of(timer);
    if (simulation != null) {
      scheduler = new ScaledScheduler(scheduler, timeScale);
      err.printf(
          "simulating: every step takes its estimated_duration, retry delays and timeouts their"
              + " length, times %s (progress shows them unscaled)%n",
          timeScale);
    }
    AtomicReference<RunHandle> current = new AtomicReference<>();
    Thread cancelOnExit = new Thread(() -> cancel(current.get()), "etl-cli-cancel");
    try (Alerting alerting = AlertSetup.build(definition, options, err);
        Executor executor =
            definition
                .executorBuilder(alerting) // and the blocks of other modules, such as etl-failsafe's
                .parallelism(parallelism)
                .checkpointStore(store)
                .scheduler(scheduler)
                .build()) {
      RunIdLine runIdLine = new RunIdLine(out);
      RunOptions.Builder runOptions =
          RunOptions.builder()
              .listener(runIdLine)
              .listener(ProgressListener.to(err))
              .listener(new CheckWarnings(err))
              .listener(alerting)
              .params(params);
      Runtime.getRuntime().addShutdownHook(cancelOnExit);
      RunHandle handle = launch.start(executor, plan, runOptions);
      current.set(handle);
      runIdLine.print(handle.runId()); // a resumed run that had already succeeded starts no run
      PipelineRun run = await(handle);
      flushAlerts(alerting);
      RunReport report = RunReport.of(run, plan);
      out.print(report.markdown());
      out.flush();
      if (html != null) {
        writeHtml(Files.isDirectory(html) ? html.resolve(report.fileName("html")) : html, report.html());
      }
      return ExitCode.of(run.status()).code();
    } finally {
      timer.shutdownNow();
      try {
        Runtime.getRuntime().removeShutdownHook(cancelOnExit);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook is running or has run.
      }
    }
  }

  /** Cancels a run still going when the JVM shuts down, and waits for its checkpoint. */
  private void cancel(RunHandle handle) {
    if (handle == null || handle.result().isDone()) {
      return;
    }
    err.printf(
        "%netl: interrupted: cancelling run %s; its checkpoint keeps what finished (resume it with:"
            + " etl resume %s)%n",
        handle.runId(), handle.runId());
    err.flush();
    handle.cancel();
    try {
      handle.result().get(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Nothing more to do on the way out: the checkpoint has what was written.
    }
    out.flush();
    err.flush();
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
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new IllegalStateException("run " + handle.runId() + " failed unexpectedly", e.getCause());
    }
  }

  private void flushAlerts(Alerting alerting) {
    try {
      if (!alerting.flush(ALERT_FLUSH)) {
        err.printf("alerts: some alerts were still being delivered after %ds%n", ALERT_FLUSH.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Where {@code --html} writes, checked before the run: a file in an existing directory, or an
   * existing directory (the file in it is named after the run and its invocation).
   */
  private static Path htmlTarget(Path html) {
    Path parent = html.toAbsolutePath().getParent();
    if (!Files.isDirectory(html) && parent != null && !Files.isDirectory(parent)) {
      throw new CliException(
          String.format(
              "--html %s: directory %s does not exist; give a file in an existing directory, or an"
                  + " existing directory",
              html, parent));
    }
    return html;
  }

  private void writeHtml(Path html, String page) {
    try {
      Files.writeString(html, page);
      err.printf("HTML report written to %s%n", html);
    } catch (IOException e) {
      throw new CliException(String.format("--html %s: cannot write the report: %s", html, e));
    }
  }

  private static String checkRunId(String runId) {
    try {
      RunOptions.builder().runId(runId);
      return runId;
    } catch (IllegalArgumentException e) {
      throw new CliException("--run-id: " + e.getMessage());
    }
  }

  private static String newRunId() {
    StringBuilder id = new StringBuilder("run_").append(RUN_ID_TIME.format(java.time.Instant.now())).append('_');
    for (int k = 0; k < 4; k++) {
      id.append(RUN_ID_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(RUN_ID_ALPHABET.length())));
    }
    return id.toString();
  }

  private static Thread timerThread(Runnable task) {
    Thread thread = new Thread(task, "etl-cli-timer");
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Failsafe's policies when the definition's {@code failure_policies} name circuit breakers,
   * rate limiters, bulkheads or an attempt timeout; the core retry otherwise.
   */
}
