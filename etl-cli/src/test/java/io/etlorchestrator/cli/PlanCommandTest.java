package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.Planner;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
  @TempDir Path dir;

  @Test
  void yamlIsTheSeedsExecutionPlanOutput() {
    Path seed = Seed.copyTo(dir);

    Cli.Result result = Cli.run("plan", seed.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.out())
        .matches("(?s)pipeline: daily_sales_etl\ngenerated: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n.*");
    String withSeedTimestamp =
        result.out().replaceFirst("generated: \\S+", "generated: 2024-01-15T10:00:00Z");
    assertThat(withSeedTimestamp)
        .as("the seed's plan and failure policies, value for value")
        .isEqualTo(Seed.yaml());
    assertThat(result.out())
        .contains("execution_waves:\n  - wave: 1\n    parallel: true\n    steps: [extract_orders, extract_customers, extract_products]\n    estimated_duration: 120s")
        .contains("total_estimated_duration: 450s")
        .contains("critical_path: [extract_orders, transform_orders, aggregate_sales, load_warehouse]");
  }

  @Test
  void textMarkdownAndMermaidComeFromTheCoreRenderers() {
    Path seed = Seed.copyTo(dir);

    assertThat(Cli.run("plan", seed.toString(), "--format", "text").out())
        .startsWith("Plan: daily_sales_etl (6 steps, 4 waves)")
        .contains("Critical path (450s): extract_orders -> transform_orders -> aggregate_sales -> load_warehouse");
    assertThat(Cli.run("plan", seed.toString(), "--format", "markdown").out())
        .startsWith("# Execution Plan: daily_sales_etl")
        .contains("**Steps:** 6 in 4 waves");
    assertThat(Cli.run("plan", seed.toString(), "--format", "mermaid").out()).startsWith("flowchart LR\n");
  }

  @Test
  void dotIsAGraphvizDigraphWithTheCriticalPathInRed() {
    Path seed = Seed.copyTo(dir);

    Cli.Result result = Cli.run("plan", seed.toString(), "--format", "dot");

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out())
        .startsWith("digraph \"daily_sales_etl\" {\n")
        .endsWith("}\n")
        .contains("src0 [shape=cylinder, label=\"postgres.orders\"];")
        .contains("s0 [label=\"extract_orders\\n120s\", color=\"#d33\", penwidth=3];")
        .contains("s1 [label=\"extract_customers\\n60s\"];")
        .contains("s0 -> s3 [label=\"staging/orders.parquet\", color=\"#d33\", penwidth=3];")
        .contains("s1 -> s3 [label=\"staging/customers.parquet\"];")
        .contains("subgraph cluster_wave4 {");
  }

  @Test
  void dotEscapesQuotesBackslashesAndLineBreaksInNames() {
    Pipeline pipeline =
        Pipeline.builder("say \"hi\"")
            // Names may not hold line breaks (issue 22); PlanDot.quote still escapes them, below.
            .step("a\\b", s -> s.outputs("x\"y\\z").estimatedDuration(Duration.ofSeconds(1)))
            .step("c", s -> s.inputs("x\"y\\z").dependsOn("a\\b"))
            .build();

    String dot = PlanDot.render(Planner.plan(pipeline));

    assertThat(dot)
        .startsWith("digraph \"say \\\"hi\\\"\" {")
        .contains("s0 [label=\"a\\\\b\\n1s\"")
        .contains("s0 -> s1 [label=\"x\\\"y\\\\z\"");
    assertThat(PlanDot.quote("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
  }

  @Test
  void anInvalidDefinitionOrFormatExitsTwo() {
    Path broken = Seed.write(dir.resolve("cycle.yaml"),
        "pipeline: p\nsteps:\n  - name: a\n    depends_on: [b]\n  - name: b\n    depends_on: [a]\n");

    Cli.Result invalid = Cli.run("plan", broken.toString());
    Cli.Result badFormat = Cli.run("plan", Seed.copyTo(dir).toString(), "--format", "svg");

    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).contains(broken + ": pipeline 'p' is invalid").contains("dependency cycle: a -> b").doesNotContain("\tat ");
    assertThat(badFormat.exitCode()).isEqualTo(2);
    assertThat(badFormat.err()).contains("yaml, text, markdown, mermaid, dot");
  }
}
