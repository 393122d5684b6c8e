package io.etlorchestrator.cli;

import io.etlorchestrator.core.FileCheckpointStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code etl resume RUN_ID [FILE]}: resumes a recorded run, running again only what did not
 * succeed. Without {@code FILE} it uses the copy of the definition that {@code etl run} kept in
 * {@code STORE/.definitions/RUN_ID.yaml}; with one, that file (which becomes the kept copy). A
 * pipeline that changed since the run is refused unless {@code --force}. A rehearsal (a run started
 * with {@code --simulate}) is resumed simulated, and a real run is never resumed simulated: see
 * {@link DefinitionArchive}. Output and exit codes as {@link RunCommand}, starting with {@code
 * run_id: RUN_ID}; a run that already succeeded runs nothing, says {@code nothing to do: run RUN_ID
 * already succeeded} on standard error, prints its report and exits 0.
 */
@Command(
    name = "resume",
    sortOptions = false,
    description = {
      "Resume a recorded run: steps that succeeded are not run again.",
      "Without FILE, the definition the run was started with (kept in the store) is used.",
      "A run started with --simulate is resumed simulated; a real run cannot be resumed with --simulate.",
      "A run that already succeeded runs nothing: 'nothing to do: run RUN_ID already succeeded' on"
          + " standard error, its report on standard output, exit 0.",
      "The first line of standard output is 'run_id: RUN_ID'."
    },
    footer = {
      "",
      "Exit codes: 0 the run succeeded; 1 it failed, finished with failures or was cancelled;"
          + " 2 invalid input (unknown run, changed pipeline without --force, run held by another"
          + " process, --simulate on a run that runs for real).",
      "",
      "Example:",
      "  etl resume run_20240115_100000_k3f9 --store .etl",
      "  etl resume run_20240115_100000_k3f9 --rerun transform_orders+   # redo a step and what follows"
    })
public final class ResumeCommand implements Callable<Integer> {
  @ParentCommand EtlCommand root;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to resume (see 'etl runs').")
  String runId;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "FILE",
      description = "Pipeline definition (default: the one the run was started with).")
  Path file;

  @Option(
      names = "--force",
      description =
          "Resume although the pipeline changed since the run (changed steps, and everything"
              + " downstream of them, run again).")
  boolean force;

  @Option(
      names = "--rerun",
      paramLabel = "STEP[+]",
      description =
          "Run STEP again although it succeeded; STEP+ also runs everything downstream of it"
              + " (repeatable).")
  java.util.List<String> rerun = new java.util.ArrayList<>();

  @Mixin ExecutionOptions options = new ExecutionOptions();

  @Override
  public Integer call() {
    FileCheckpointStore store = options.store.open(root);
    if (store.load(runId).isEmpty()) {
      throw new CliException(
          String.format(
              "no run '%s' in checkpoint store %s; list the runs with: etl runs --store %s",
              runId, store.directory(), options.store.store));
    }
    DefinitionFile definition;
    if (file != null) {
      definition = DefinitionFile.read(root.resolve(file), file.toString(), root.maxDefinitionSize());
    } else {
      DefinitionArchive archive = new DefinitionArchive(store.directory(), root.maxDefinitionSize());
      definition =
          archive
              .load(runId)
              .orElseThrow(
                  () ->
                      new CliException(
                          String.format(
                              "run '%s' has no kept definition (%s is missing: it was not started by"
                                  + " 'etl run'); give the definition file: etl resume %s FILE",
                              runId, archive.pathOf(runId), runId)));
    }
    java.util.Map<String, Boolean> steps = new java.util.LinkedHashMap<>();
    for (String step : rerun) {
      boolean downstream = step.endsWith("+");
      String name = downstream ? step.substring(0, step.length() - 1) : step;
      if (name.isBlank()) {
        throw new CliException(String.format("--rerun '%s': give a step name, as in --rerun transform_orders+", step));
      }
      steps.merge(name, downstream, Boolean::logicalOr);
    }
    return new RunSession(root, options).resume(runId, definition, file != null, force, steps);
  }
}
