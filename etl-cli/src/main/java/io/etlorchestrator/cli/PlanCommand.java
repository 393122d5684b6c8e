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
import picocli.CommandLine.Mixin;
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

  @Option(
      names = "--profile-sources",
      description =
          "Also profile each external source (a dataset no step writes): its rows, size and age, as"
              + " a source_profiles: block (yaml) or a Sources section (text, markdown).")
  boolean profileSources;

  @Mixin WorkdirOption workdir = new WorkdirOption();

  @Override
  public Integer call() {
    PipelineDefinition definition = DefinitionFile.read(root.resolve(file), file.toString(), root.maxDefinitionSize())
        .forPlanning(root.checkKinds())
        .withWorkingDirectory(workdir.directory(root));
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
    if (profileSources) {
      if (format == Format.mermaid || format == Format.dot) {
        throw new CliException("--profile-sources goes with --format yaml, text or markdown, not " + format);
      }
      root.out().print(sourceProfiles(definition, plan.externalSources()));
    }
    root.out().flush();
    return ExitCode.SUCCESS.code();
  }

  /**
   * The external sources' rows, size and age: a {@code source_profiles:} block after the seed's
   * plan for yaml, a Sources list for text and markdown. A source nothing can read says why.
   */
  private String sourceProfiles(PipelineDefinition definition, java.util.List<String> sources) {
    java.time.Instant now = java.time.Instant.now();
    StringBuilder out = new StringBuilder();
    boolean yaml = format == Format.yaml;
    out.append(yaml ? "\nsource_profiles:\n" : format == Format.markdown ? "\n## Sources\n\n" : "\nSources:\n");
    if (sources.isEmpty()) {
      out.append(yaml ? "  {}\n" : "  (none: every dataset read is written by a step)\n");
    }
    for (String source : sources) {
      io.etlorchestrator.core.quality.DatasetProfile profile;
      try {
        profile = ProfileCommand.profile(definition, source);
      } catch (CliException e) {
        String why = e.getMessage().startsWith(definition.source() + ": ")
            ? e.getMessage().substring(definition.source().length() + 2) : e.getMessage();
        out.append(yaml
            ? "  " + io.etlorchestrator.yaml.internal.YamlText.scalar(source) + ": {error: " + io.etlorchestrator.yaml.internal.YamlText.scalar(why) + "}\n"
            : (format == Format.markdown ? "- " : "  ") + source + ": " + why + "\n");
        continue;
      }
      if (yaml) {
        java.util.List<String> fields = new java.util.ArrayList<>();
        profile.rows().ifPresent(r -> fields.add("rows: " + r));
        profile.bytes().ifPresent(b -> fields.add("bytes: " + b));
        profile.lastModified().ifPresent(t -> fields.add("last_modified: " + io.etlorchestrator.yaml.internal.YamlText.scalar(t.toString())));
        profile.lastModified().ifPresent(t -> fields.add("age: " + io.etlorchestrator.yaml.internal.YamlText.scalar(CheckLines.age(t, now))));
        out.append("  ").append(io.etlorchestrator.yaml.internal.YamlText.scalar(source)).append(": {").append(String.join(", ", fields)).append("}\n");
      } else {
        out.append(format == Format.markdown ? "- " : "  ").append(source).append(": ")
            .append(CheckLines.summary(profile, now)).append('\n');
      }
    }
    return out.toString();
  }
}
