package io.etlorchestrator.examples;

import io.etlorchestrator.core.CheckpointException;
import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.PlanRenderer;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.RunStarted;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line of the example: seeds the source, prints the plan, runs (or resumes) {@code
 * daily_sales_etl} on real data with a file checkpoint store, and prints a run summary and where
 * the files are.
 *
 * <pre>
 * java -jar etl-examples/target/etl-examples.jar [--work DIR] [--source-url URL]
 *     [--source-schema NAME] [--fail STEP:N]... [--run-id ID | --resume RUN_ID] [--parallelism N]
 * </pre>
 *
 * <p>Exit codes: {@value #SUCCESS} the run succeeded; {@value #RUN_FAILED} it failed or was
 * cancelled; {@value #USAGE} the command line is wrong; {@value #COMPLETED_WITH_FAILURES} it went
 * to the end but a step failed with {@code alert_and_continue}; {@value #NOT_RUN} it could not run
 * (source unreachable, run to resume unknown or changed).
 */
@Command(
    name = "daily-sales-etl",
    sortOptions = false,
    description = {
      "Runs the seed's daily_sales_etl pipeline end to end on real data: extracts orders,"
          + " customers and products from a source database into Parquet files, joins and"
          + " aggregates them with DuckDB, and loads 365 days of sales into a warehouse table.",
      "Every run is recorded in DIR/.etl, so a failed run can be resumed."
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 run failed or cancelled, 2 invalid command line,"
          + " 3 completed with failures (alert_and_continue), 4 could not run.",
      "",
      "Examples:",
      "  show retries and a fallback:  --fail extract_orders:2 --fail load_warehouse:3",
      "  fail, then resume:            --fail transform_orders:3, then --resume RUN_ID"
    })
public final class DailySalesCommand implements Callable<Integer> {
  /** Exit code: the run succeeded. */
  public static final int SUCCESS = 0;
  /** Exit code: the run failed or was cancelled. */
  public static final int RUN_FAILED = 1;
  /** Exit code: the command line is invalid. */
  public static final int USAGE = 2;
  /** Exit code: the run went to the end, but a step failed with {@code alert_and_continue}. */
  public static final int COMPLETED_WITH_FAILURES = 3;
  /** Exit code: the run could not start (source unreachable, run to resume unknown or changed). */
  public static final int NOT_RUN = 4;

  /** The schema of the source tables on PostgreSQL unless {@code --source-schema} says otherwise. */
  public static final String DEFAULT_SCHEMA = "etl_example";

  private static final String PARAM_SOURCE_URL = "source_url";
  private static final String PARAM_SOURCE_SCHEMA = "source_schema";

  @Spec private CommandSpec spec;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "etl-example-work",
      description = "Work directory for the source stand-in, the Parquet files, the warehouse and"
          + " the checkpoints (default: ${DEFAULT-VALUE}).")
  private Path work;

  @Option(names = "--source-url", paramLabel = "URL",
      description = "Extract from this PostgreSQL database instead of the embedded stand-in, e.g."
          + " jdbc:postgresql://127.0.0.1:5432/test (user postgres unless the URL names one);"
          + " the tables are created and seeded there if missing.")
  private String sourceUrl;

  @Option(names = "--source-schema", paramLabel = "NAME",
      description = "Schema of the source tables on PostgreSQL (default: " + DEFAULT_SCHEMA + ").")
  private String sourceSchema;

  @Option(names = "--fail", paramLabel = "STEP:N",
      description = "Make STEP's first N attempts fail, to show retries and fallbacks"
          + " (repeatable). Steps have 3 attempts.")
  private List<String> failures = new ArrayList<>();

  @Option(names = "--run-id", paramLabel = "ID", description = "Id of the new run (default: generated).")
  private String runId;

  @Option(names = "--resume", paramLabel = "RUN_ID",
      description = "Resume this recorded run: steps that succeeded are not run again.")
  private String resume;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "3",
      description = "Steps running at once (default: ${DEFAULT-VALUE}).")
  private int parallelism;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  /** Runs the command with {@code args}, printing to standard out and error; returns the exit code. */
  public static int execute(String... args) {
    return execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
  }

  /** Runs the command with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new DailySalesCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
      cl.getErr().println("error: " + e.getMessage());
      cl.getErr().flush();
      return NOT_RUN;
    });
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (runId != null && resume != null) {
      throw usage("--run-id names a new run and --resume an existing one; give one of them");
    }
    if (parallelism < 1) {
      throw usage("--parallelism must be at least 1, was " + parallelism);
    }
    Path workDir = work.toAbsolutePath().normalize();
    CheckpointStore store = CheckpointStore.file(workDir.resolve(".etl"));

    Optional<PipelineRun> prior = Optional.empty();
    if (resume != null) {
      try {
        prior = store.load(resume);
      } catch (CheckpointException e) {
        return notRun(e.getMessage());
      }
      if (prior.isEmpty()) {
        return notRun(String.format(
            "there is no run '%s' in %s; runs recorded there: %s", resume, workDir.resolve(".etl"),
            recordedRuns(store)));
      }
    }
    if (prior.isPresent() && prior.get().status() == RunStatus.SUCCESS) {
      out.printf("Run %s already succeeded; there is nothing to resume.%n%n", resume);
      out.print(RunSummary.render(prior.get()));
      return SUCCESS;
    }
    String url = sourceUrl != null ? sourceUrl
        : prior.map(p -> p.params().get(PARAM_SOURCE_URL)).orElse(null);
    String schema = sourceSchema != null ? sourceSchema
        : prior.map(p -> p.params().get(PARAM_SOURCE_SCHEMA)).orElse(DEFAULT_SCHEMA);
    SourceDatabase source;
    try {
      source = url == null
          ? SourceDatabase.embedded(workDir.resolve("source").resolve("postgres.duckdb"))
          : SourceDatabase.postgres(url, schema);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    SalesSteps steps = new SalesSteps(workDir, source, new Warehouse(workDir.resolve("warehouse.duckdb")));
    Map<String, InjectedFailure> injected = parseFailures(DailySalesEtl.pipeline());
    Pipeline pipeline = DailySalesEtl.withActions(DailySalesEtl.pipeline(), step -> steps.actionFor(step)
        .map(action -> inject(injected, step, action)));
    ExecutionPlan plan = Planner.plan(pipeline);

    out.printf("%s on real data%n", DailySalesEtl.NAME);
    out.printf("  work directory: %s%n", workDir);
    out.printf("  source:         %s%n", source.description());
    out.printf("  checkpoints:    %s%n", workDir.resolve(".etl"));
    out.flush();
    SalesDataSpec data = SalesDataSpec.STANDARD;
    try {
      boolean seeded = source.ensureSeeded(data);
      out.printf(Locale.ROOT, "  source data:    %,d orders over %d days, %,d customers, %,d products (seed %d, %s)%n%n",
          data.orders(), data.days(), data.customers(), data.products(), data.seed(),
          seeded ? "seeded now" : "already seeded");
    } catch (SourceException e) {
      return notRun(e.getMessage());
    }

    out.print(PlanRenderer.text(plan));
    out.println();
    printPolicies(out, pipeline, injected);

    Map<String, String> params = new LinkedHashMap<>();
    if (url != null) {
      params.put(PARAM_SOURCE_URL, url);
      params.put(PARAM_SOURCE_SCHEMA, schema);
    }
    RunOptions.Builder options = RunOptions.builder().params(params).listener(new ProgressPrinter(out));
    if (runId != null) {
      options.runId(runId);
    }
    PipelineRun run;
    try (CommitHandOffStore recording = new CommitHandOffStore(store);
        Executor executor = Executor.builder().parallelism(parallelism).checkpointStore(recording)
            .listener(new StartPrinter(out)).build()) {
      run = resume == null
          ? executor.run(plan, options.build())
          : executor.resume(plan, resume, options.build());
    } catch (CheckpointException e) {
      return notRun(e.getMessage());
    }

    out.println();
    out.print(RunSummary.render(run));
    out.println();
    OutputFiles.print(out, pipeline, steps, run);
    return exitCode(out, run, workDir);
  }

  private int exitCode(PrintWriter out, PipelineRun run, Path workDir) {
    out.println();
    switch (run.status()) {
      case SUCCESS:
        out.println("Done: every step succeeded.");
        return SUCCESS;
      case COMPLETED_WITH_FAILURES:
        out.println("Done with failures: a step failed with alert_and_continue (see above).");
        return COMPLETED_WITH_FAILURES;
      default:
        out.printf("The run %s. To resume it (steps that succeeded are not run again):%n",
            run.status() == RunStatus.CANCELLED ? "was cancelled" : "failed");
        out.printf("  java -jar etl-examples/target/etl-examples.jar --work %s --resume %s%n",
            workDir, run.runId());
        return RUN_FAILED;
    }
  }

  private static void printPolicies(PrintWriter out, Pipeline pipeline, Map<String, InjectedFailure> injected) {
    out.printf(Locale.ROOT,
        "Retries: %d attempts per step, exponential backoff from %d ms to %d ms"
            + " (the seed's 30s to 300s, scaled down %dx for the demo)%n",
        DailySalesEtl.RETRY_POLICY.maxAttempts(),
        DailySalesEtl.RETRY_POLICY.initialDelay().toMillis(),
        DailySalesEtl.RETRY_POLICY.maxDelay().toMillis(),
        DailySalesEtl.RETRY_TIME_SCALE);
    out.println("Fallbacks: " + pipeline.steps().stream()
        .map(s -> s.name() + " " + pipeline.fallbackOf(s).definitionName())
        .collect(Collectors.joining(", ")));
    if (!injected.isEmpty()) {
      out.println("Injected failures: " + injected.values().stream()
          .map(f -> String.format(Locale.ROOT, "%s fails its first %d attempt%s", f.step(), f.attempts(),
              f.attempts() == 1 ? "" : "s"))
          .collect(Collectors.joining(", ")));
    }
    out.println();
  }

  private Map<String, InjectedFailure> parseFailures(Pipeline pipeline) {
    Map<String, InjectedFailure> injected = new LinkedHashMap<>();
    for (String text : failures) {
      InjectedFailure failure;
      try {
        failure = InjectedFailure.parse(text);
      } catch (IllegalArgumentException e) {
        throw usage("--fail " + e.getMessage());
      }
      if (pipeline.step(failure.step()).isEmpty()) {
        throw usage(String.format("--fail %s: there is no step '%s'; steps are %s", text, failure.step(),
            pipeline.steps().stream().map(PipelineStep::name).collect(Collectors.joining(", "))));
      }
      injected.put(failure.step(), failure);
    }
    return injected;
  }

  private static StepAction inject(Map<String, InjectedFailure> injected, PipelineStep step, StepAction action) {
    InjectedFailure failure = injected.get(step.name());
    return failure == null ? action : failure.wrap(action);
  }

  private static String recordedRuns(CheckpointStore store) {
    List<PipelineRun> runs = store.runs(DailySalesEtl.NAME, 0, 5);
    return runs.isEmpty() ? "none"
        : runs.stream().map(r -> r.runId() + " (" + r.status() + ")").collect(Collectors.joining(", "));
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private int notRun(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("error: " + message);
    err.flush();
    return NOT_RUN;
  }

  /** Prints the line that opens a run's progress. */
  private static final class StartPrinter implements RunListener {
    private final PrintWriter out;

    StartPrinter(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void onRunStarted(RunStarted event) {
      out.printf("%s run %s%n", event.resumed() ? "Resuming" : "Starting", event.runId());
      out.flush();
    }
  }
}
