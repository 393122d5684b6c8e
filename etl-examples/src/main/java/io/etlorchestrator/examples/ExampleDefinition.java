package io.etlorchestrator.examples;

import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.alert.AlertRule;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.YamlPipelineReader;
import java.nio.file.Path;
import java.util.List;

/**
 * The definition a run of the example executes, bound to the real-data actions of {@link
 * SalesSteps}: the built-in YAML file, the same pipeline through the builder, or a YAML file of
 * the user's.
 *
 * @param description how the command line names the definition, for people
 * @param pipeline the pipeline, with every step's action
 * @param alertRules the definition's alert rules
 * @param param how the run records the choice, so that a resume makes the same one: {@code yaml},
 *     {@code builder} or {@code file:} and the file's absolute path
 */
record ExampleDefinition(String description, Pipeline pipeline, List<AlertRule> alertRules, String param) {
  /** How {@link #param()} starts for a user's file. */
  static final String FILE_PREFIX = "file:";

  ExampleDefinition {
    alertRules = List.copyOf(alertRules);
  }

  /**
   * Loads the definition {@code choice} names ({@code yaml}, {@code builder} or {@code
   * file:PATH}) with {@code steps}' actions.
   *
   * @throws io.etlorchestrator.yaml.YamlDefinitionException listing every problem of a YAML file
   * @throws java.io.UncheckedIOException if a file cannot be read
   * @throws IllegalArgumentException if {@code choice} names none of these
   */
  static ExampleDefinition load(String choice, SalesSteps steps) {
    YamlPipelineReader reader = YamlPipelineReader.withStepTypes(steps.stepTypes());
    if (choice.startsWith(FILE_PREFIX)) {
      Path file = Path.of(choice.substring(FILE_PREFIX.length()));
      return fromYaml(reader.read(file), file.toString(), choice);
    }
    switch (choice) {
      case "yaml":
        return fromYaml(DailySalesEtl.readDefinition(reader),
            DailySalesEtl.DEFINITION_RESOURCE + " (built in; --definition builder runs the same"
                + " pipeline built in code, --file PATH your own)", choice);
      case "builder":
        return new ExampleDefinition("DailySalesEtl.pipeline(), the fluent builder",
            DailySalesEtl.pipeline(steps), DailySalesEtl.alertRules(), choice);
      default:
        throw new IllegalArgumentException(String.format(
            "unknown definition '%s'; expected yaml, builder or %sPATH", choice, FILE_PREFIX));
    }
  }

  private static ExampleDefinition fromYaml(PipelineDefinition definition, String description, String param) {
    return new ExampleDefinition(description, definition.pipeline(),
        definition.alertRules(), param);
  }
}
