package io.etlorchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.ReadmeText;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import io.etlorchestrator.core.quality.CheckSeverity;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.YamlPipelineReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Data quality" examples: its YAML is the issue's and reads; its Java runs as shown. */
class ReadmeQualityExampleTest {
  private static final String SECTION = "## Data quality";
  private static final Path SOURCE = Path.of("src/test/java/io/etlorchestrator/quality/ReadmeQualityExampleTest.java");

  @TempDir Path work;

  @Test
  void theReadmesYamlIsTheIssuesBlockAndReadsWithTheBuiltInKinds() throws IOException {
    String block = ReadmeText.read().blocks(SECTION, "yaml").get(0);
    assertThat(YamlChecksTest.ISSUE_YAML).contains(block.substring(block.indexOf("    checks:")));

    String yaml = "pipeline: daily_sales_etl\n" + block.replace("sources:",
        "  - name: extract_orders\n    source: postgres.orders\n    target: staging/orders.parquet\nsources:");
    PipelineDefinition definition = YamlPipelineReader.forPlanning().readString(yaml);

    assertThat(definition.pipeline().step("aggregate_sales").orElseThrow().checks()).hasSize(10);
    assertThat(definition.sources().get("postgres.orders")).hasSize(1);
  }

  @Test
  void theReadmesJavaRunsItsChecksOnARealFile() throws Exception {
    Path dir = work;
    Runnable aggregate = () -> Duck.write(work.resolve("marts/daily_sales.parquet"), Duck.sales(365));

    // --- README quality start ---
    String mart = "marts/daily_sales.parquet";
    Pipeline pipeline = Pipeline.builder("daily_sales_etl")
        .step("aggregate_sales", s -> s.outputs(mart)
            .check(QualityChecks.rowCount(mart, 300L, 400L).build())
            .check(QualityChecks.notNull(mart, "sale_date", "revenue").build())
            .check(QualityChecks.unique(mart, "sale_date").severity(CheckSeverity.WARN).build())
            .check(QualityChecks.drift(mart, "row_count", DriftRule.maxChange(0.20)).build())
            .check(QualityChecks.sql(mart, "select * from {dataset} where revenue < 0").build())
            .action(ctx -> aggregate.run()))
        .build();
    PipelineRun run;
    try (Executor executor = Executor.builder()
        .profiler(FileProfiler.in(dir))                               // files relative to dir
        .checkpointStore(CheckpointStore.file(dir.resolve(".etl")))   // the history drift compares with
        .build()) {
      run = executor.run(pipeline);
    }
    List<CheckResult> checks = run.step("aggregate_sales").orElseThrow().checks();
    // --- README quality end ---
    assertThat(checks).extracting(CheckResult::outcome).containsOnly(CheckOutcome.PASS);
    assertThat(checks.get(3).message()).startsWith("no baseline");
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    assertThat(ReadmeText.read().blocks(SECTION, "java"))
        .as("the java blocks of README.md's 'Data quality'")
        .contains(ReadmeText.snippet(SOURCE, "quality"));
  }
}
