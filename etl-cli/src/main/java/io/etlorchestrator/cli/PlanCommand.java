package io.etlorchestrator.cli;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.PlanRenderer;
import io.etlorchestrator.core.report.PlanReport;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.YamlPlanWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code etl plan FILE [--format yaml|text|markdown|mermaid|dot]}: prints a definition's execution
 * plan. {@code yaml} (the default) is the seed's "Execution Plan Output"; {@code text} and {@code
 * mermaid} come from {@link PlanRenderer}, {@code markdown} from {@link PlanReport}, {@code dot} is
 * a Graphviz digraph ({@link PlanDot}).
 */
@Command(
    name = "plan",
    sortOptions = false,
    description = "Print the execution plan of a pipeline definition.",
    footer = {"", "Exit codes: 0 printed, 2 invalid definition."})
public final class PlanCommand implements Callable<Integer> {
  /** The formats of {@code --format}. */
  enum Format {
    yaml,
    text,
    markdown,
    mermaid,
    dot
  }

  @ParentCommand EtlCommand root;

  @Parameters(index = "0", paramLabel = "FILE", description = "Pipeline definition file (YAML).")
  Path file;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "Output format (default: ${DEFAULT-VALUE}): yaml (the seed's plan output), text, markdown,"
              + " mermaid or dot (Graphviz).")
  Format format = Format.yaml;

  @Override
  public Integer call() {
    PipelineDefinition definition = DefinitionFile.read(root.resolve(file), file.toString(), root.maxDefinitionSize()).forPlanning();
    ExecutionPlan plan = definition.plan();
    String text;
    switch (format) {
      case text:
        text = PlanRenderer.text(plan);
        break;
      case markdown:
        text = PlanReport.markdown(plan);
        break;
      case mermaid:
        text = PlanRenderer.mermaid(plan);
        break;
      case dot:
        text = PlanDot.render(plan);
        break;
      case yaml:
      default:
        text = YamlPlanWriter.create().write(definition);
        break;
    }
    root.out().print(text);
    root.out().flush();
    return ExitCode.SUCCESS.code();
  }
}
