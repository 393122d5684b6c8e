package io.etlorchestrator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code etl run FILE}: runs a pipeline with the file checkpoint store. The first line of standard
 * output is {@code run_id: ID}, printed and flushed when the run starts, before any step runs;
 * progress goes to standard error; the markdown report follows on standard output when the run
 * ends. Exit 0 when the run succeeded, 1 when it failed, finished with failures or was cancelled,
 * 2 for invalid input. See {@link RunSession}.
 */
@Command(
    name = "run",
    sortOptions = false,
    description = {
      "Run a pipeline, recording it in the checkpoint store so it can be resumed.",
      "The first line of standard output is 'run_id: ID', printed as soon as the run starts;"
          + " progress goes to standard error, the markdown report to standard output at the end."
    },
    footer = {
      "",
      "Exit codes: 0 the run succeeded; 1 it failed, finished with failures or was cancelled;"
          + " 2 invalid input (definition, options, unregistered step type, run id taken).",
      "",
      "Examples:",
      "  etl run daily_sales.yaml --param date=2024-01-15 --html report.html",
      "  etl run daily_sales.yaml --simulate --fail load_warehouse:2 --time-scale 0.001"
    })
public final class RunCommand implements Callable<Integer> {
  @ParentCommand EtlCommand root;

  @Parameters(index = "0", paramLabel = "FILE", description = "Pipeline definition file (YAML).")
  Path file;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description =
          "The run's id (default: run_yyyyMMdd_HHmmss_xxxx, the start time in UTC and four random"
              + " characters).")
  String runId;

  @Mixin ExecutionOptions options = new ExecutionOptions();

  @Override
  public Integer call() {
    DefinitionFile definition = DefinitionFile.read(root.resolve(file), file.toString(), root.maxDefinitionSize());
    return new RunSession(root, options).run(definition, runId);
  }
}
