package io.etlorchestrator.examples;

import io.etlorchestrator.core.CheckpointException;
import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.alert.Alerting;
import io.etlorchestrator.core.report.ProgressListener;
import io.etlorchestrator.core.report.RunReport;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.yaml.YamlDefinitionException;
import io.etlorchestrator.yaml.YamlPlanWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
 * The command line of the example: reads the definition of {@code daily_sales_etl} (the YAML one
 * by default), seeds the source, prints the plan as YAML in the seed's format, runs (or resumes)
 * the pipeline on real data with a file checkpoint store, alerts as the definition's rules say,
 * and prints the run report (the seed's "Monitoring Output"), where the files are, and writes the
 * report as Markdown and HTML under {@code <work>/reports}: {@code <run id>.md} and {@code .html},
 * and after a resume {@code <run id>.resume-<n>.md} and {@code .html} next to them ({@link
 * RunReport#fileName(String)}), so that the report of the failed invocation is kept. Resuming a run
 * that already succeeded runs nothing: it says {@code nothing to do: run ID already succeeded} on
 * standard error, prints the run's report and exits {@value #SUCCESS}.
 *
 * <pre>
 * java -jar etl-examples/target/etl-examples.jar [--work DIR] [--definition yaml|builder | --file PATH]
 *     [--source-url URL] [--source-schema NAME] [--fail STEP:N]... [--run-id ID | --resume RUN_ID]
 *     [--parallelism N] [--delay-scale N] [--webhook URL] [--slack-webhook URL]
 *     [--pagerduty-key KEY [--pagerduty-url URL]]
 * </pre>
 *
 * <p>Exit codes are the project's {@link ExitCode}s, the same as the {@code etl} command's: 0 the
 * run succeeded; 1 it failed, completed with failures ({@code alert_and_continue}) or was
 * cancelled; 2 invalid input (the command line, the definition file, the source, the run to
 * resume); 3 an internal error.
 */
@Command(
    name = "daily-sales-etl",
    sortOptions = false,
    description = {
      "Runs the seed's daily_sales_etl pipeline end to end on real data: extracts orders,"
          + " customers and products from a source database into Parquet files, joins and"
          + " aggregates them with DuckDB, and loads 365 days of sales into a warehouse table.",
      "Prints the plan (YAML), progress and the run report (Markdown, also written as HTML to"
          + " DIR/reports; a resume's as RUN_ID.resume-N). Every run is recorded in DIR/.etl, so a"
          + " failed run can be resumed."
    },
    exitCodeListHeading = "%nExit codes (the same as the etl command's):%n",
    footer = {
      "",
      "Examples:",
      "  retries, then a fallback:  --fail extract_orders:2 --fail load_warehouse:3",
      "  fail, then resume:         --run-id demo --fail transform_orders:3",
      "                             --resume demo",
      "  alerts to a webhook:       --fail load_warehouse:3 --webhook URL"
    })
public final class DailySalesCommand implements Callable<Integer> {
  /** The schema of the source tables on PostgreSQL unless {@code --source-schema} says otherwise. */
  public static final String DEFAULT_SCHEMA = "etl_example";

  /** How many times shorter retry delays are waited unless {@code --delay-scale} says otherwise. */
  public static final long DEFAULT_DELAY_SCALE = 1000;

  /** How long the command waits for alerts to be delivered before it exits. */
  static final Duration ALERT_FLUSH_TIMEOUT = Duration.ofSeconds(20);

  private static final String PARAM_SOURCE_URL = "source_url";
  private static final String PARAM_SOURCE_SCHEMA = "source_schema";
  private static final String PARAM_DEFINITION = "definition";
  private static final String PARAM_DAY = "day";
  private static final String PARAM_CORRUPT = "corrupt";

  /** Which built-in definition to run. */
  enum DefinitionKind {
    /** The YAML file {@value DailySalesEtl#DEFINITION_RESOURCE}. */
    yaml,
    /** {@link DailySalesEtl#pipeline()}, the fluent builder. */
    builder
  }

  @Spec private CommandSpec spec;

  @Option(names = {"--work", "--workdir"}, paramLabel = "DIR", defaultValue = "etl-example-work",
      description = "Work directory for the source stand-in, the Parquet files, the warehouse,"
          + " the reports and the checkpoints (default: ${DEFAULT-VALUE}).")
  private Path work;

  @Option(names = "--definition", paramLabel = "yaml|builder",
      description = "The built-in definition to run: the YAML file (default) or the same pipeline"
          + " through the fluent builder. A resumed run keeps the definition it was started with.")
  private DefinitionKind definition;

  @Option(names = "--file", paramLabel = "PATH",
      description = "Run your own YAML definition instead, with the example's step types:"
          + " extract, transform (transform_orders or aggregate_sales) and load.")
  private Path file;

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

  @Option(names = "--day", paramLabel = "N",
      description = "Run on the source's delivery of day N (default 1): each day is new data with"
          + " a slightly different volume; the checks' drift rules compare it with earlier days."
          + " A resumed run keeps its day.")
  private Integer day;

  @Option(names = "--corrupt", paramLabel = "KIND[:N%],...",
      description = "Deliver bad data that day, to see the checks fail: nulls (orders without a"
          + " customer, default 10%%), drop (orders lost, default 40%%), dupes (orders sent twice,"
          + " default 5%%); e.g. --day 2 --corrupt nulls,drop:40%%.")
  private String corrupt;

  @Option(names = "--run-id", paramLabel = "ID", description = "Id of the new run (default: generated).")
  private String runId;

  @Option(names = "--resume", paramLabel = "RUN_ID",
      description = "Resume this recorded run: steps that succeeded are not run again.")
  private String resume;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "3",
      description = "Steps running at once (default: ${DEFAULT-VALUE}).")
  private int parallelism;

  @Option(names = "--delay-scale", paramLabel = "N", defaultValue = "" + DEFAULT_DELAY_SCALE,
      description = "Wait retry delays N times shorter than the definition says (default:"
          + " ${DEFAULT-VALUE}: the seed's 30s..300s become 30ms..300ms); 1 waits them in full.")
  private long delayScale;

  @Option(names = "--webhook", paramLabel = "URL", converter = WebhookUrlConverter.class,
      description = "Also post every alert to this HTTP(S) webhook, as Slack-style JSON {\"text\": ...}.")
  private URI webhook;

  @Option(names = "--slack-webhook", paramLabel = "URL", converter = WebhookUrlConverter.class,
      description = "Deliver the rules' 'slack' alerts to this Slack incoming webhook"
          + " (without it they go to the log channel).")
  private URI slackWebhook;

  @Option(names = "--pagerduty-key", paramLabel = "KEY",
      description = "Deliver the rules' 'pagerduty' alerts to PagerDuty Events v2 with this routing key.")
  private String pagerDutyKey;

  @Option(names = "--pagerduty-url", paramLabel = "URL", converter = WebhookUrlConverter.class,
      description = "PagerDuty Events v2 endpoint (default: https://events.pagerduty.com/v2/enqueue);"
          + " needs --pagerduty-key.")
  private URI pagerDutyUrl;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  private PrintStream out;
  private PrintStream err;

  /** Runs the command with {@code args}, printing to standard out and error; returns the exit code. */
  public static int execute(String... args) {
    return execute(args, System.out, System.err);
  }

  /** Runs the command with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    DailySalesCommand command = new DailySalesCommand();
    command.out = out;
    command.err = err;
    CommandLine commandLine = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.getCommandSpec().usageMessage().exitCodeList(exitCodeList());
    commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCode.INVALID_INPUT.code());
    commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
      ExitCode code = ExitCode.of(e);
      cl.getErr().println(code == ExitCode.INTERNAL_ERROR
          ? "error: internal error: " + e + " (please report it)"
          : "error: " + e.getMessage());
      cl.getErr().flush();
      return code.code();
    });
    int code = commandLine.execute(args);
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    out.flush();
    err.flush();
    return code;
  }

  /** The project's exit codes as {@code --help} lists them: code, then what it means. */
  private static Map<String, String> exitCodeList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode code : ExitCode.values()) {
      list.put(Integer.toString(code.code()), code.description());
    }
    return list;
  }

  @Override
  public Integer call() {
    checkOptions();
    AlertSetup alertEndpoints = alertEndpoints();
    Path workDir = work.toAbsolutePath().normalize();
    CheckpointStore store = CheckpointStore.file(workDir.resolve(".etl"));

    Optional<PipelineRun> prior = Optional.empty();
    if (resume != null) {
      try {
        prior = store.load(resume);
      } catch (CheckpointException e) {
        return invalidInput(e.getMessage());
      }
      if (prior.isEmpty()) {
        return invalidInput(String.format(
            "there is no run '%s' in %s; runs recorded there: %s", resume, workDir.resolve(".etl"),
            recordedRuns(store)));
      }
    }
    if (prior.isPresent() && prior.get().status() == RunStatus.SUCCESS) {
      err.printf("nothing to do: run %s already succeeded%n", resume);
      err.flush();
      out.print(RunReport.of(prior.get()).markdown());
      return ExitCode.SUCCESS.code();
    }
    Map<String, String> recorded = prior.map(PipelineRun::params).orElse(Map.of());
    String url = sourceUrl != null ? sourceUrl : recorded.get(PARAM_SOURCE_URL);
    String schema = sourceSchema != null ? sourceSchema
        : recorded.getOrDefault(PARAM_SOURCE_SCHEMA, DEFAULT_SCHEMA);
    SourceDatabase source;
    try {
      source = url == null
          ? SourceDatabase.embedded(workDir.resolve("source").resolve("postgres.duckdb"))
          : SourceDatabase.postgres(url, schema);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    SalesSteps steps = new SalesSteps(workDir, source, new Warehouse(workDir.resolve("warehouse.duckdb")));

    ExampleDefinition loaded;
    try {
      loaded = ExampleDefinition.load(chosenDefinition(recorded), steps);
    } catch (YamlDefinitionException | IllegalArgumentException e) {
      return invalidInput(e.getMessage());
    } catch (UncheckedIOException e) {
      return invalidInput(e.getCause().getMessage() == null ? e.getMessage() : e.getCause().toString());
    }
    Map<String, InjectedFailure> injected = parseFailures(loaded.pipeline());
    Pipeline runnable = DailySalesEtl.withRetryDelaysDividedBy(
        DailySalesEtl.withActions(loaded.pipeline(), step -> step.action().map(action -> inject(injected, step, action))),
        delayScale);
    ExecutionPlan plan = Planner.plan(loaded.pipeline());
    ExecutionPlan runPlan = Planner.plan(runnable);
    AlertSetup alerts = alertEndpoints.withRules(loaded.alertRules());

    out.printf("%s on real data%n", loaded.pipeline().name());
    out.printf("  definition:     %s%n", loaded.description());
    out.printf("  work directory: %s%n", workDir);
    out.printf("  source:         %s%n", source.description());
    SalesDataSpec data;
    int dayNumber;
    try {
      dayNumber = day != null ? day : Integer.parseInt(recorded.getOrDefault(PARAM_DAY, "1"));
      String corruption = corrupt != null ? corrupt : recorded.get(PARAM_CORRUPT);
      data = SalesDataSpec.day(dayNumber)
          .withCorruption(corruption == null ? SalesCorruption.NONE : SalesCorruption.parse(corruption));
    } catch (IllegalArgumentException e) {
      throw usage("--day/--corrupt: " + e.getMessage());
    }
    try {
      boolean seeded = source.ensureSeeded(data);
      out.printf(Locale.ROOT, "  source data:    day %d: %,d orders over %d days, %,d customers, %,d products (seed %d%s, %s)%n%n",
          dayNumber, data.orders(), data.days(), data.customers(), data.products(), data.seed(),
          data.corruption().isNone() ? "" : ", corrupted: " + data.corruption(),
          seeded ? "seeded now" : "already seeded");
    } catch (SourceException e) {
      return invalidInput(e.getMessage());
    }

    out.println("Execution plan:");
    out.println();
    out.print(YamlPlanWriter.create().write(plan, DailySalesEtl.alertDefinitions(loaded.alertRules())));
    out.println();
    printPolicies(loaded.pipeline(), injected, alerts);

    Map<String, String> params = new LinkedHashMap<>();
    params.put(PARAM_DEFINITION, loaded.param());
    params.put(PARAM_DAY, Integer.toString(dayNumber));
    if (!data.corruption().isNone()) {
      params.put(PARAM_CORRUPT, data.corruption().toString());
    }
    if (url != null) {
      params.put(PARAM_SOURCE_URL, url);
      params.put(PARAM_SOURCE_SCHEMA, schema);
    }
    RunOptions.Builder options = RunOptions.builder().params(params);
    if (runId != null) {
      options.runId(runId);
    }
    PipelineRun run;
    try (Alerting alerting = alerts.build();
        Executor executor = Executor.builder().parallelism(parallelism).checkpointStore(store)
            // The checks read the Parquet files the steps write, relative to the work directory.
            .profiler(io.etlorchestrator.quality.FileProfiler.in(workDir))
            .applying(io.etlorchestrator.yaml.PipelineDefinition.CHECKS)
            .listener(ProgressListener.builder(out).interval(Duration.ofNanos(1)).build())
            .listener(alerting).build()) {
      try {
        run = resume == null
            ? executor.run(runPlan, options.build())
            : executor.resume(runPlan, resume, options.build());
      } catch (CheckpointException | io.etlorchestrator.core.PlanChangedException e) {
        return invalidInput(e.getMessage());
      }
      flushAlerts(alerting);
    }

    out.println();
    out.print(RunReport.of(run, runPlan).markdown());
    out.println();
    OutputFiles.print(out, loaded.pipeline(), steps, run);
    writeReports(workDir, run, runPlan);
    return exitCode(run, workDir);
  }

  private void checkOptions() {
    if (runId != null && resume != null) {
      throw usage("--run-id names a new run and --resume an existing one; give one of them");
    }
    if (file != null && definition == DefinitionKind.builder) {
      throw usage("--file runs a YAML file and --definition builder the built-in builder; give one of them");
    }
    if (parallelism < 1) {
      throw usage("--parallelism must be at least 1, was " + parallelism);
    }
    if (delayScale < 1) {
      throw usage("--delay-scale must be at least 1, was " + delayScale);
    }
    if (pagerDutyUrl != null && pagerDutyKey == null) {
      throw usage("--pagerduty-url needs --pagerduty-key (the integration's routing key)");
    }
  }

  /** The webhooks of the command line, checked before anything runs; rules come with the definition. */
  private AlertSetup alertEndpoints() {
    AlertSetup setup = new AlertSetup(List.of());
    try {
      if (slackWebhook != null) {
        setup.slack(slackWebhook);
      }
      if (pagerDutyKey != null) {
        setup.pagerDuty(pagerDutyUrl != null ? pagerDutyUrl : io.etlorchestrator.core.alert.WebhookChannel.PAGERDUTY_EVENTS_V2,
            pagerDutyKey);
      }
      if (webhook != null) {
        setup.webhook(webhook);
      }
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    return setup;
  }

  /** The definition chosen on the command line, else the one the resumed run was started with, else YAML. */
  private String chosenDefinition(Map<String, String> recorded) {
    if (file != null) {
      return ExampleDefinition.FILE_PREFIX + file.toAbsolutePath().normalize();
    }
    if (definition != null) {
      return definition.name();
    }
    return recorded.getOrDefault(PARAM_DEFINITION, DefinitionKind.yaml.name());
  }

  private void flushAlerts(Alerting alerting) {
    try {
      if (!alerting.flush(ALERT_FLUSH_TIMEOUT)) {
        out.printf("Some alerts were still undelivered after %ds; see the log.%n", ALERT_FLUSH_TIMEOUT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (alerting.failedCount() > 0) {
      out.printf("%d alert deliver%s failed; see the log on standard error.%n", alerting.failedCount(),
          alerting.failedCount() == 1 ? "y" : "ies");
    }
  }

  /**
   * Writes the report as Markdown and HTML under {@code <work>/reports}, each file replaced
   * atomically, named for the run and its invocation (a resume's report keeps the first one).
   */
  private void writeReports(Path workDir, PipelineRun run, ExecutionPlan plan) {
    RunReport report = RunReport.of(run, plan);
    Path dir = workDir.resolve("reports");
    try {
      Files.createDirectories(dir);
      Path markdown = writeAtomically(dir.resolve(report.fileName("md")), report.markdown());
      Path html = writeAtomically(dir.resolve(report.fileName("html")), report.html());
      out.println();
      out.println("Reports:");
      out.printf("  %s%n  %s%n", markdown, html);
      out.printf("Checkpoints: %s%n", workDir.resolve(".etl"));
    } catch (IOException e) {
      out.printf("%nCould not write the reports to %s: %s%n", dir, e);
    }
  }

  private static Path writeAtomically(Path target, String text) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  private int exitCode(PipelineRun run, Path workDir) {
    out.println();
    switch (run.status()) {
      case SUCCESS:
        out.println("Done: every step succeeded.");
        break;
      case COMPLETED_WITH_FAILURES:
        out.println("Done with failures: a step failed with alert_and_continue (see the report above)."
            + " To run what failed again (steps that succeeded are not run again):");
        printResume(run, workDir);
        break;
      default:
        out.printf("The run %s. To resume it (steps that succeeded are not run again):%n",
            run.status() == RunStatus.CANCELLED ? "was cancelled" : "failed");
        printResume(run, workDir);
        break;
    }
    return ExitCode.of(run.status()).code();
  }

  private void printResume(PipelineRun run, Path workDir) {
    out.printf("  java -jar etl-examples/target/etl-examples.jar --work %s --resume %s%n", workDir, run.runId());
  }

  private void printPolicies(Pipeline pipeline, Map<String, InjectedFailure> injected, AlertSetup alerts) {
    var retry = pipeline.defaultRetryPolicy();
    out.printf(Locale.ROOT,
        "Retries: %d attempts per step, %s backoff from %s to %s%s%n",
        retry.maxAttempts(), retry.backoff().name().toLowerCase(Locale.ROOT),
        seconds(retry.initialDelay()), seconds(retry.maxDelay()),
        delayScale == 1 ? "" : String.format(Locale.ROOT, ", waited %dx shorter for the demo (%s to %s; --delay-scale)",
            delayScale, millis(retry.initialDelay().dividedBy(delayScale)), millis(retry.maxDelay().dividedBy(delayScale))));
    out.println("Fallbacks: " + pipeline.steps().stream()
        .map(s -> s.name() + " " + pipeline.fallbackOf(s).definitionName())
        .collect(Collectors.joining(", ")));
    alerts.describe().forEach(out::println);
    if (!injected.isEmpty()) {
      out.println("Injected failures: " + injected.values().stream()
          .map(f -> String.format(Locale.ROOT, "%s fails its first %d attempt%s", f.step(), f.attempts(),
              f.attempts() == 1 ? "" : "s"))
          .collect(Collectors.joining(", ")));
    }
    out.println();
    out.flush();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : millis(d);
  }

  private static String millis(Duration d) {
    return d.toMillis() + "ms";
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
    List<PipelineRun> runs = store.allRuns(0, 5);
    return runs.isEmpty() ? "none"
        : runs.stream().map(r -> r.runId() + " (" + r.status() + ")").collect(Collectors.joining(", "));
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private int invalidInput(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("error: " + message);
    err.flush();
    return ExitCode.INVALID_INPUT.code();
  }
}
