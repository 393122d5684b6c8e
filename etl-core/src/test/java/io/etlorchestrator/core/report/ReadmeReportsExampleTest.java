package io.etlorchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.ReadmeText;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.SeedPipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs the Reports and Progress examples of README.md, and checks that the README
 * shows exactly this code (the Alerts example is {@code alert.ReadmeAlertsExampleTest}).
 */
class ReadmeReportsExampleTest {
  private static final Path SOURCE =
      Path.of("src/test/java/io/etlorchestrator/core/report/ReadmeReportsExampleTest.java");

  private static ExecutionPlan plan() {
    Pipeline.Builder builder = Pipeline.builder("daily_sales_etl");
    for (PipelineStep step : SeedPipeline.pipeline().steps()) {
      builder.step(step.toBuilder().action(ctx -> ctx.reportRows(10)).build());
    }
    return Planner.plan(builder.build());
  }

  @Test
  void reportsExample(@TempDir Path dir) throws IOException {
    ExecutionPlan plan = plan();
    PipelineRun run;
    try (Executor executor = Executor.builder().parallelism(2).build()) {
      run = executor.run(plan);
    }
    // --- README reports start ---
    RunReport report = RunReport.of(run, plan);
    Files.writeString(dir.resolve(report.fileName("md")), report.markdown()); // <run id>.md
    Files.writeString(dir.resolve(report.fileName("html")), report.html());
    System.out.println(PlanReport.markdown(plan));
    // --- README reports end ---

    assertThat(Files.readString(dir.resolve(run.runId() + ".md"))).startsWith("# Pipeline Execution: daily_sales_etl");
    assertThat(Files.readString(dir.resolve(run.runId() + ".html"))).contains("<svg");
  }

  @Test
  void progressExample() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream standardError = System.err;
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      // --- README progress start ---
      Executor executor = Executor.builder().listener(ProgressListener.to(System.err)).build();
      // --- README progress end ---
      try (executor) {
        assertThat(executor.run(plan()).status()).isEqualTo(RunStatus.SUCCESS);
      }
    } finally {
      System.setErr(standardError);
    }

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .as("what the progress listener printed on standard error")
        .containsPattern("(?m)^run run_\\S+ of daily_sales_etl started: 6 steps$")
        .containsPattern("(?m)^finished: \\S+ SUCCESS in .* \\| done 6, failed 0 \\| 60 rows$");
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    ReadmeText readme = ReadmeText.read();
    assertThat(readme.blocks("## Reports", "java"))
        .as("the java blocks of README.md's 'Reports'")
        .containsExactly(ReadmeText.snippet(SOURCE, "reports"));
    assertThat(readme.blocks("## Progress", "java"))
        .as("the java blocks of README.md's 'Progress'")
        .containsExactly(ReadmeText.snippet(SOURCE, "progress"));
  }
}
