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
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(section);
    while (m.find()) {
      blocks.add(m.group(1));
    }
  }

  @Test
  void theExampleDefinitionReadsWithItsStepTypes() {
    StepTypeRegistry types =
        StepTypeRegistry.builder()
            .register("extract", step -> { String table = step.stringParam("table"); return ctx -> {}; })
            .register("transform", step -> ctx -> {})
            .build();

    PipelineDefinition definition =
        YamlPipelineReader.withStepTypes(types).readString(blocks.get(0), "daily_sales.yaml");

    ExecutionPlan plan = definition.plan();
    assertThat(plan.criticalPath()).containsExactly("extract_orders", "transform_orders");
    assertThat(definition.pipeline().resourceLimits()).containsEntry("postgres", 2);
    assertThat(definition.alerts()).hasSize(2);
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
