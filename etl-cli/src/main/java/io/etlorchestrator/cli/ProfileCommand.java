package io.etlorchestrator.cli;

import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.quality.DatasetProfile;
import io.etlorchestrator.quality.DatasetEngine;
import io.etlorchestrator.quality.FileProfiler;
import io.etlorchestrator.quality.QualityProfilers;
import io.etlorchestrator.yaml.PipelineDefinition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code etl profile FILE DATASET}: prints a profile of one dataset of a definition as it is now:
 * rows, size, age, and per column its type, nulls, distinct values, range and mean. A file is read
 * relative to the working directory, a table {@code CONNECTION.schema.table} over the definition's
 * {@code connections:}.
 */
@Command(
    name = "profile",
    sortOptions = false,
    description = {
      "Print a profile of a dataset as it is now: rows, size, age, and per column its type, nulls,"
          + " distinct values, min, max and mean."
    },
    footer = {
      "",
      "Exit codes: 0 printed; 2 invalid input (the definition, a dataset nothing reads, a file or"
          + " table that cannot be read).",
      "",
      "Examples:",
      "  etl profile daily_sales.yaml marts/daily_sales.parquet",
      "  etl profile daily_sales.yaml postgres.public.orders"
    })
public final class ProfileCommand implements Callable<Integer> {
  @ParentCommand EtlCommand root;

  @Parameters(index = "0", paramLabel = "FILE", description = "Pipeline definition file (YAML).")
  Path file;

  @Parameters(index = "1", paramLabel = "DATASET",
      description = "A file (relative to --workdir) or a table CONNECTION.schema.table.")
  String dataset;

  @Mixin WorkdirOption workdir = new WorkdirOption();

  @Override
  public Integer call() {
    PipelineDefinition definition = DefinitionFile.read(root.resolve(file), file.toString(), root.maxDefinitionSize())
        .forPlanning(root.checkKinds())
        .withWorkingDirectory(workdir.directory(root));
    DatasetProfile profile = profile(definition, dataset);
    CheckLines.profile(profile, Instant.now()).forEach(root.out()::println);
    root.out().flush();
    return ExitCode.SUCCESS.code();
  }

  /**
   * A profile of {@code dataset} by the first of the definition's profilers that reads it.
   *
   * @throws CliException if none reads it, or the one that does cannot
   */
  static DatasetProfile profile(PipelineDefinition definition, String dataset) {
    List<DatasetEngine> engines = QualityProfilers.of(definition);
    for (DatasetEngine engine : engines) {
      if (!engine.reads(dataset)) {
        continue;
      }
      Optional<DatasetProfile> profile;
      try {
        profile = engine.profile(dataset);
      } catch (Exception e) {
        throw new CliException(String.format("%s: cannot profile %s: %s", definition.source(), dataset,
            e.getMessage() == null ? e.toString() : e.getMessage()), e);
      }
      if (profile.isPresent()) {
        return profile.get();
      }
    }
    throw new CliException(String.format(
        "%s: nothing can profile '%s': a file dataset ends in %s (relative to %s), a table is"
            + " CONNECTION.schema.table with a connection of the definition's connections: (%s)",
        definition.source(), dataset, String.join(", ", FileProfiler.EXTENSIONS),
        definition.workingDirectory(),
        definition.connections().isEmpty() ? "it has none" : String.join(", ", definition.connections().keySet())));
  }
}
