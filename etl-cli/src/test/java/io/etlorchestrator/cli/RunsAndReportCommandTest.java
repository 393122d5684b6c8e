package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsAndReportCommandTest {
  @TempDir Path dir;

  private String run(Path definition, Path store, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of(
        "run", definition.toString(), "--store", store.toString(), "--simulate", "--time-scale", "0.001"));
    args.addAll(List.of(extra));
    Cli.Result result = Cli.run(args.toArray(new String[0]));
    return result.outLines().get(0).substring("run_id: ".length());
  }

  @Test
  void listsRunsNewestFirstWithStatusStartAndDuration() {
    Path seed = Seed.copyTo(dir);
    Path other = Seed.write(dir.resolve("other.yaml"), "pipeline: other\nsteps:\n  - name: only\n    estimated_duration: 1s\n");
    Path store = dir.resolve("store");
    // The second run starts after the first ended, whose simulated steps alone take hundreds of
    // milliseconds (the seed's critical path at a time scale of 0.001).
    String first = run(seed, store, "--fail", "load_warehouse");
    String second = run(other, store);

    Cli.Result all = Cli.run("runs", "--store", store.toString());
    Cli.Result seedOnly = Cli.run("runs", "--store", store.toString(), "--pipeline", "daily_sales_etl");

    assertThat(all.exitCode()).isEqualTo(0);
    assertThat(all.outLines()).hasSize(3);
    assertThat(all.outLines().get(0)).matches("RUN ID +PIPELINE +STATUS +STARTED \\(UTC\\) +DURATION +STEPS");
    assertThat(all.outLines().get(1))
        .matches(second + " +other +SUCCESS +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +\\S+ +1/1 succeeded");
    assertThat(all.outLines().get(2)).matches(first + " +daily_sales_etl +COMPLETED_WITH_FAILURES +.* 5/6 succeeded");
    assertThat(seedOnly.outLines()).hasSize(2);
    assertThat(seedOnly.outLines().get(1)).startsWith(first);
  }

  @Test
  void anEmptyStoreHasNoRuns() {
    Cli.Result result = Cli.run("runs", "--store", dir.resolve("empty").toString());

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out()).startsWith("no runs in ");
  }

  @Test
  void reportsARecordedRunAsMarkdownHtmlOrCheckpointJson() throws IOException {
    Path store = dir.resolve("store");
    String runId = run(Seed.copyTo(dir), store, "--fail", "extract_orders:1");

    Cli.Result markdown = Cli.run("report", runId, "--store", store.toString());
    Cli.Result html = Cli.run("report", runId, "--store", store.toString(), "--format", "html");
    Cli.Result json = Cli.run("report", runId, "--store", store.toString(), "--format", "json");

    assertThat(markdown.exitCode()).isEqualTo(0);
    assertThat(markdown.out())
        .startsWith("# Pipeline Execution: daily_sales_etl\n\n**Run ID:** " + runId)
        .contains("✅ (2 attempts)")
        .as("the kept definition gives the planned critical path")
        .contains("| Planned | extract_orders → transform_orders → aggregate_sales → load_warehouse |");
    assertThat(html.out()).startsWith("<!DOCTYPE html>").contains("<svg");
    JsonNode document = new ObjectMapper().readTree(json.out());
    assertThat(document.get("run_id").asText()).isEqualTo(runId);
    assertThat(document.get("pipeline").asText()).isEqualTo("daily_sales_etl");
    assertThat(document.get("status").asText()).isEqualTo("success");
    JsonNode extract = document.get("steps").get("extract_orders");
    assertThat(extract.get("status").asText()).isEqualTo("success");
    assertThat(extract.get("attempts").asInt()).isEqualTo(2);
    assertThat(extract.get("rows").asLong()).isEqualTo(Simulation.rows("extract_orders"));
  }

  @Test
  void reportsWithoutAKeptDefinitionToo() throws IOException {
    Path store = dir.resolve("store");
    String runId = run(Seed.copyTo(dir), store);
    Files.delete(new DefinitionArchive(store).pathOf(runId));

    Cli.Result markdown = Cli.run("report", runId, "--store", store.toString());

    assertThat(markdown.exitCode()).isEqualTo(0);
    assertThat(markdown.out()).contains("**Status:** 🟢 SUCCESS").doesNotContain("| Planned |");
  }

  @Test
  void anUnknownRunOrUnreadableCheckpointExitsTwo() throws IOException {
    Path store = dir.resolve("store");
    Files.createDirectories(store.resolve("run_bad"));
    Files.writeString(store.resolve("run_bad").resolve("checkpoint.json"), "{ not json");

    Cli.Result unknown = Cli.run("report", "run_nope", "--store", store.toString());
    Cli.Result corrupt = Cli.run("report", "run_bad", "--store", store.toString(), "--format", "json");
    Cli.Result badId = Cli.run("report", "../x", "--store", store.toString());

    assertThat(List.of(unknown, corrupt, badId)).allSatisfy(r -> {
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).startsWith("etl: ").doesNotContain("\tat ");
    });
    assertThat(unknown.err()).contains("no run 'run_nope'");
  }
}
