package io.etlorchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.SeedPipeline;
import io.etlorchestrator.core.alert.AlertKind;
import io.etlorchestrator.core.alert.Alerting;
import io.etlorchestrator.core.alert.WebhookChannel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs the Reports, Alerts and Progress examples of README.md, and checks that the
 * README still shows exactly this code.
 */
class ReadmeReportsExampleTest {
  private static final Path SOURCE =
      Path.of("src/test/java/io/etlorchestrator/core/report/ReadmeReportsExampleTest.java");
  private static final Path README = Path.of("../README.md");

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
    Files.writeString(dir.resolve("run.md"), report.markdown());
    Files.writeString(dir.resolve("run.html"), report.html());
    System.out.println(PlanReport.markdown(plan));
    // --- README reports end ---

    assertThat(Files.readString(dir.resolve("run.md"))).startsWith("# Pipeline Execution: daily_sales_etl");
    assertThat(Files.readString(dir.resolve("run.html"))).contains("<svg");
  }

  @Test
  void alertsExample() {
    ExecutionPlan plan = plan();
    // The run succeeds and no rule is on pipeline_success, so nothing is sent anywhere.
    String slackWebhookUrl = "http://127.0.0.1:9/never-called";
    String pagerDutyRoutingKey = "R0UT1NGKEY";
    // --- README alerts start ---
    try (Alerting alerting = Alerting.builder()
            .channel("slack", WebhookChannel.slack(URI.create(slackWebhookUrl)).timeout(Duration.ofSeconds(5)).build())
            .channel("pagerduty", WebhookChannel.pagerDuty(pagerDutyRoutingKey).build())
            .rule(AlertKind.STEP_FAILURE, "slack")
            .rule(AlertKind.PIPELINE_FAILURE, "pagerduty", "email")
            .unregisteredChannelsTo("log")                     // nobody registered "email": log it
            .build();
        Executor executor = Executor.builder().listener(alerting).build()) {
      executor.run(plan);
    }
    // --- README alerts end ---
  }

  @Test
  void progressExample() {
    // --- README progress start ---
    Executor executor = Executor.builder().listener(ProgressListener.to(System.err)).build();
    // --- README progress end ---
    try (executor) {
      assertThat(executor.run(plan()).status()).isEqualTo(RunStatus.SUCCESS);
    }
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    String source = Files.readString(SOURCE);
    String readme = Files.readString(README);
    Matcher m =
        Pattern.compile("// --- README (\\w+) start ---\\n(.*?)\\n\\s*// --- README \\1 end ---", Pattern.DOTALL)
            .matcher(source);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
      String snippet = dedent(m.group(2));
      assertThat(readme).as("README shows the %s example as this test runs it", m.group(1)).contains(snippet);
    }
    assertThat(names).containsExactly("reports", "alerts", "progress");
  }

  private static String dedent(String block) {
    List<String> lines = block.lines().toList();
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString();
  }
}
