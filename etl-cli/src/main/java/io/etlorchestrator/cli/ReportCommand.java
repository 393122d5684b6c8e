package io.etlorchestrator.cli;

import io.etlorchestrator.core.Checkpoint;
import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.FileCheckpointStore;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.report.RunReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code etl report RUN_ID}: the report of a recorded run, finished or not. {@code markdown} and
 * {@code html} are the core's {@link RunReport} (with the planned critical path when the run's
 * definition was kept by {@code etl run}); {@code json} is the run's checkpoint document ({@link
 * Checkpoint#toJson}): {@code run_id}, {@code pipeline}, {@code status}, and {@code steps} with
 * each step's {@code status}, {@code attempts}, {@code rows} and more.
 */
@Command(
    name = "report",
    sortOptions = false,
    description = "Print the report of a recorded run.",
    footer = {"", "Exit codes: 0 printed, 2 unknown run or unreadable store."})
public final class ReportCommand implements Callable<Integer> {
  /** The formats of {@code --format}. */
  enum Format {
    markdown,
    html,
    json
  }

  @ParentCommand EtlCommand root;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run (see 'etl runs').")
  String runId;

  @Mixin StoreOption store = new StoreOption();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "Output format (default: ${DEFAULT-VALUE}): markdown, html (a self-contained page) or json"
              + " (the checkpoint document).")
  Format format = Format.markdown;

  @Override
  public Integer call() {
    FileCheckpointStore checkpoints = store.open(root);
    PipelineRun run =
        checkpoints
            .load(runId)
            .orElseThrow(
                () ->
                    new CliException(
                        String.format(
                            "no run '%s' in checkpoint store %s; list the runs with: etl runs --store %s",
                            runId, checkpoints.directory(), store.store)));
    String text;
    if (format == Format.json) {
      text = Checkpoint.toJson(run);
      if (!text.endsWith("\n")) {
        text += "\n";
      }
    } else {
      RunReport report = plan(checkpoints, run).map(p -> RunReport.of(run, p)).orElseGet(() -> RunReport.of(run));
      text = format == Format.html ? report.html() : report.markdown();
    }
    root.out().print(text);
    root.out().flush();
    return ExitCode.SUCCESS.code();
  }

  /** The plan of the run's kept definition, if there is one and it still matches the run. */
  private Optional<ExecutionPlan> plan(FileCheckpointStore checkpoints, PipelineRun run) {
    try {
      return new DefinitionArchive(checkpoints.directory(), root.maxDefinitionSize())
          .load(run.runId())
          .map(DefinitionFile::forPlanning)
          .map(definition -> definition.plan())
          .filter(plan -> plan.pipeline().name().equals(run.pipeline()))
          .filter(plan -> names(plan).equals(run.steps().stream().map(StepRun::name).collect(Collectors.toList())));
    } catch (RuntimeException e) {
      return Optional.empty(); // a report without the plan is still a report
    }
  }

  private static List<String> names(ExecutionPlan plan) {
    return plan.pipeline().steps().stream().map(PipelineStep::name).collect(Collectors.toList());
  }
}
