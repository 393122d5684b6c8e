package io.etlorchestrator.cli;

import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import io.etlorchestrator.quality.CheckRunner;
import io.etlorchestrator.quality.QualityProfilers;
import io.etlorchestrator.yaml.PipelineDefinition;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code etl check FILE [--select STEP|DATASET]...}: runs a definition's data-quality checks
 * against its datasets as they are now, without running any step (dbt's {@code test}): each
 * step's checks on what it writes and the {@code sources:} checks of what it reads, drift against
 * the runs recorded in the store. One line per check on standard output, a summary on standard
 * error. Exit 0 when no check of severity error failed (warnings allowed), 1 when one did, 2 for
 * invalid input.
 */
@Command(
    name = "check",
    sortOptions = false,
    description = {
      "Run a pipeline's data-quality checks against its datasets as they are now, without running"
          + " any step; drift checks compare with the runs recorded in the store."
    },
    footer = {
      "",
      "Exit codes: 0 every check passed (warnings allowed); 1 a check of severity error failed or"
          + " could not run; 2 invalid input.",
      "",
      "Examples:",
      "  etl check daily_sales.yaml",
      "  etl check daily_sales.yaml --select aggregate_sales --select staging/orders.parquet"
    })
public final class CheckCommand implements Callable<Integer> {
  @ParentCommand EtlCommand root;

  @Parameters(index = "0", paramLabel = "FILE", description = "Pipeline definition file (YAML).")
  Path file;

  @Option(
      names = "--select",
      paramLabel = "STEP|DATASET",
      description =
          "Only the checks of this step, or on this dataset (repeatable; default: every check).")
  List<String> select = new ArrayList<>();

  @Mixin StoreOption store = new StoreOption();

  @Mixin WorkdirOption workdir = new WorkdirOption();

  @Override
  public Integer call() {
    PipelineDefinition definition = DefinitionFile.read(root.resolve(file), file.toString(), root.maxDefinitionSize())
        .forPlanning(root.checkKinds())
        .withWorkingDirectory(workdir.directory(root));
    Pipeline pipeline = definition.pipeline();
    Selection selection = Selection.of(select, pipeline);
    PrintStream out = root.out();
    long declared = pipeline.steps().stream().filter(selection.steps).mapToLong(s -> s.checks().size()).sum();
    if (declared == 0) {
      out.printf("%s: pipeline '%s' has no checks%s%n", file, pipeline.name(),
          select.isEmpty() ? "" : " on " + String.join(", ", select));
      out.flush();
      return ExitCode.SUCCESS.code();
    }
    CheckRunner.Builder runner = CheckRunner.builder().profilers(QualityProfilers.of(definition));
    Path storeDirectory = store.directory(root);
    if (Files.isDirectory(storeDirectory)) {
      runner.history(store.open(root)); // read only: a check run is not recorded
    }
    Map<String, List<CheckResult>> results = runner.build().run(pipeline, selection.steps);
    Map<CheckOutcome, Integer> counts = new EnumMap<>(CheckOutcome.class);
    boolean blocked = false;
    for (Map.Entry<String, List<CheckResult>> step : results.entrySet()) {
      List<CheckResult> shown = new ArrayList<>();
      for (CheckResult result : step.getValue()) {
        if (selection.datasets.isEmpty() || selection.datasets.contains(result.dataset())
            || selection.stepNames.contains(step.getKey())) {
          shown.add(result);
        }
      }
      if (shown.isEmpty()) {
        continue;
      }
      out.println(step.getKey());
      for (CheckResult result : shown) {
        out.println("  " + CheckLines.result(result));
        counts.merge(result.outcome(), 1, Integer::sum);
        blocked |= result.blocks();
      }
    }
    out.flush();
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    root.err().printf(
        "%d check%s: %d passed, %d warned, %d failed, %d could not run%n",
        total, total == 1 ? "" : "s",
        counts.getOrDefault(CheckOutcome.PASS, 0), counts.getOrDefault(CheckOutcome.WARN, 0),
        counts.getOrDefault(CheckOutcome.FAIL, 0), counts.getOrDefault(CheckOutcome.ERROR, 0));
    root.err().flush();
    return (blocked ? ExitCode.RUN_FAILED : ExitCode.SUCCESS).code();
  }

  /** What {@code --select} chose: steps by name, and datasets whose checks to keep. */
  private static final class Selection {
    final Predicate<PipelineStep> steps;
    final Set<String> stepNames;
    final Set<String> datasets;

    private Selection(Predicate<PipelineStep> steps, Set<String> stepNames, Set<String> datasets) {
      this.steps = steps;
      this.stepNames = stepNames;
      this.datasets = datasets;
    }

    static Selection of(List<String> select, Pipeline pipeline) {
      if (select.isEmpty()) {
        return new Selection(step -> true, Set.of(), Set.of());
      }
      Set<String> stepNames = new LinkedHashSet<>();
      Set<String> datasets = new LinkedHashSet<>();
      Set<String> checkedDatasets = new LinkedHashSet<>();
      for (PipelineStep step : pipeline.steps()) {
        for (Check check : step.checks()) {
          checkedDatasets.add(check.dataset());
        }
      }
      for (String name : select) {
        if (pipeline.step(name).isPresent()) {
          stepNames.add(name);
        } else if (checkedDatasets.contains(name)) {
          datasets.add(name);
        } else {
          List<String> candidates = new ArrayList<>();
          pipeline.steps().forEach(s -> candidates.add(s.name()));
          candidates.addAll(checkedDatasets);
          throw new CliException(String.format(
              "--select %s: no step of pipeline '%s' and no checked dataset has that name%s",
              name, pipeline.name(), Names.suggestion(name, candidates)));
        }
      }
      Predicate<PipelineStep> steps = step -> stepNames.contains(step.name())
          || step.checks().stream().anyMatch(c -> datasets.contains(c.dataset()));
      return new Selection(steps, stepNames, datasets);
    }
  }
}
