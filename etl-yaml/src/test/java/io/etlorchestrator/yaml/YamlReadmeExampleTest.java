package io.etlorchestrator.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.ExecutionPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's "Pipelines in YAML" examples are true: the definition reads, the error is exact. */
class YamlReadmeExampleTest {
  private static List<String> blocks;

  @BeforeAll
  static void readTheReadmeSection() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("## Pipelines in YAML");
    int end = readme.indexOf("\n## ", start + 1);
    assertThat(start).as("README has a 'Pipelines in YAML' section").isNotNegative();
    section = readme.substring(start, end < 0 ? readme.length() : end);
    blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(section);
    while (m.find()) {
      blocks.add(m.group(1));
    }
  }

  /** The README's {@code extract} factory: {@code table} and an optional {@code batch_size}. */
  private static final StepTypeRegistry TYPES =
      StepTypeRegistry.builder()
          .register("extract", step -> {
            step.stringParam("table");
            step.optionalIntParam("batch_size", 1, 100_000).orElse(1_000);
            return ctx -> {};
          })
          .register("transform", step -> ctx -> {})
          .build();

  private static String section;

  @Test
  void theExampleDefinitionReadsWithItsStepTypes() {
    PipelineDefinition definition =
        YamlPipelineReader.withStepTypes(TYPES).readString(blocks.get(0), "daily_sales.yaml");

    ExecutionPlan plan = definition.plan();
    assertThat(plan.criticalPath()).containsExactly("extract_orders", "transform_orders");
    assertThat(definition.pipeline().resourceLimits()).containsEntry("postgres", 2);
    assertThat(definition.alerts()).hasSize(2);
  }

  @Test
  void theParamErrorItShowsIsWhatTheReaderReports() {
    Matcher shown = Pattern.compile("`(daily_sales\\.yaml:\\d+:\\d+: steps\\[0]\\.params\\.batch_size: [^`]*)`").matcher(section);
    assertThat(shown.find()).as("the README shows the error of batch_size: lots").isTrue();
    String yaml = blocks.get(0).replace("batch_size: 5000", "batch_size: lots");

    assertThatThrownBy(() -> YamlPipelineReader.withStepTypes(TYPES).readString(yaml, "daily_sales.yaml"))
        .isInstanceOf(YamlDefinitionException.class)
        .satisfies(e -> assertThat(((YamlDefinitionException) e).yamlProblems())
            .extracting(YamlProblem::describe)
            .containsExactly(shown.group(1)));
  }

  @Test
  void theExampleErrorIsWhatTheReaderReports() {
    String broken = blocks.get(2);
    String report = blocks.get(3).stripTrailing();

    assertThatThrownBy(() -> YamlPipelineReader.forPlanning().readString(broken, "daily_sales.yaml"))
        .isInstanceOf(YamlDefinitionException.class)
        .hasMessage(report);
  }
}
