package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeCommandTest {
  @TempDir Path dir;
  Path seed;
  Path store;

  @BeforeEach
  void setUp() {
    seed = Seed.copyTo(dir);
    store = dir.resolve("store");
  }

  private String failedRun() {
    Cli.Result result = Cli.run("run", seed.toString(), "--store", store.toString(),
        "--simulate", "--time-scale", "0.001", "--fail", "transform_orders:3", "--param", "date=2024-01-15");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    return result.outLines().get(0).substring("run_id: ".length());
  }

  private JsonNode json(String runId) throws IOException {
    Cli.Result report = Cli.run("report", runId, "--store", store.toString(), "--format", "json");
    assertThat(report.exitCode()).as(report.toString()).isEqualTo(0);
    return new ObjectMapper().readTree(report.out());
  }

  @Test
  void resumesAFailedRunFromItsKeptDefinitionWithoutRerunningWhatSucceeded() throws IOException {
    String runId = failedRun();
    JsonNode before = json(runId);

    Cli.Result resumed = Cli.run("resume", runId, "--store", store.toString(), "--simulate", "--time-scale", "0.001",
        "--fail", "transform_orders:3");

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(0);
    assertThat(resumed.outLines().get(0)).isEqualTo("run_id: " + runId);
    assertThat(resumed.err()).contains("resumed: 6 steps, 3 already done");
    JsonNode after = json(runId);
    assertThat(after.get("run_id").asText()).isEqualTo(runId);
    assertThat(after.get("pipeline").asText()).isEqualTo("daily_sales_etl");
    assertThat(after.get("status").asText()).isEqualTo("success");
    assertThat(after.get("params").get("date").asText()).as("recorded params kept").isEqualTo("2024-01-15");
    for (String step : List.of("extract_orders", "extract_customers", "extract_products")) {
      JsonNode was = before.get("steps").get(step);
      JsonNode is = after.get("steps").get(step);
      assertThat(is.get("attempts").asInt()).as(step + " not run again").isEqualTo(1);
      assertThat(is.get("started_at").asText()).as(step + " not run again").isEqualTo(was.get("started_at").asText());
      assertThat(is.get("rows").asLong()).isEqualTo(Simulation.rows(step));
    }
    assertThat(after.get("steps").get("transform_orders").get("attempts").asInt())
        .as("attempt numbers continue: 3 failed, the 4th passes --fail transform_orders:3")
        .isEqualTo(4);
    assertThat(after.get("steps").get("load_warehouse").get("status").asText()).isEqualTo("success");
  }

  @Test
  void resumingASucceededRunRunsNothingAndExitsZero() throws IOException {
    Cli.Result run = Cli.run("run", seed.toString(), "--store", store.toString(), "--simulate", "--time-scale", "0.001");
    String runId = run.outLines().get(0).substring("run_id: ".length());

    Cli.Result resumed = Cli.run("resume", runId, seed.toString(), "--store", store.toString(), "--simulate");

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(0);
    assertThat(resumed.outLines().get(0)).isEqualTo("run_id: " + runId);
    assertThat(resumed.err()).contains("nothing to do: run " + runId + " already succeeded");
    assertThat(json(runId).get("resumed_at").size()).isZero();
  }

  @Test
  void htmlReportsInADirectoryKeepOneFilePerInvocation() throws IOException {
    Path reports = Files.createDirectory(dir.resolve("reports"));
    Cli.Result first = Cli.run("run", seed.toString(), "--store", store.toString(), "--simulate",
        "--time-scale", "0.001", "--fail", "transform_orders:3", "--html", reports.toString());
    assertThat(first.exitCode()).as("--html DIR is accepted; %s", first).isEqualTo(1);
    String runId = first.outLines().get(0).substring("run_id: ".length());

    Cli.Result resumed = Cli.run("resume", runId, "--store", store.toString(), "--simulate", "--time-scale", "0.001",
        "--fail", "transform_orders:3", "--html", reports.toString());

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(0);
    assertThat(reports.resolve(runId + ".html"))
        .as("the first invocation's report is not overwritten by the resume's")
        .content().contains("🔴 FAILED").doesNotContain("<dt>Resumed</dt>");
    assertThat(reports.resolve(runId + ".resume-1.html"))
        .content().contains("🟢 SUCCESS").contains("<dt>Resumed</dt>");
    assertThat(resumed.err()).contains("HTML report written to " + reports.resolve(runId + ".resume-1.html"));
  }

  @Test
  void anHtmlReportFileNamedByTheUserIsWrittenWhereItWasNamed() throws IOException {
    String runId = failedRun();
    Path html = dir.resolve("latest.html");

    Cli.Result resumed = Cli.run("resume", runId, "--store", store.toString(), "--simulate", "--time-scale", "0.001",
        "--fail", "transform_orders:3", "--html", html.toString());

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(0);
    assertThat(html).content().contains("🟢 SUCCESS");
  }

  @Test
  void aChangedPipelineIsRefusedUnlessForced() throws IOException {
    String runId = failedRun();
    Path changed = Seed.write(dir.resolve("changed.yaml"),
        Seed.yaml().replace("    depends_on: [aggregate_sales]\n", "    depends_on: [aggregate_sales, extract_products]\n"));

    Cli.Result refused = Cli.run("resume", runId, changed.toString(), "--store", store.toString(), "--simulate");
    Cli.Result forced = Cli.run("resume", runId, changed.toString(), "--store", store.toString(), "--simulate",
        "--time-scale", "0.001", "--force");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("changed since its checkpoint").contains("load_warehouse").contains("--force");
    assertThat(refused.out()).isEmpty();
    assertThat(forced.exitCode()).as(forced.toString()).isEqualTo(0);
    assertThat(Files.readString(new DefinitionArchive(store).pathOf(runId)))
        .as("the file given to resume becomes the kept definition")
        .contains("depends_on: [aggregate_sales, extract_products]");
  }

  /** Two shell steps: 'produce' writes data.txt, 'consume' copies it once the file 'go' exists. */
  private Path shellPipeline(String name, String produced) throws IOException {
    Path work = Files.createDirectories(dir.resolve("work"));
    return Seed.write(dir.resolve(name), String.join("\n",
        "pipeline: stale",
        "failure_policies:",
        "  retry: {max_attempts: 1}",
        "steps:",
        "  - name: produce",
        "    type: shell",
        "    target: data.txt",
        "    params:",
        "      command: 'echo " + produced + " > data.txt'",
        "      workdir: " + work,
        "  - name: consume",
        "    type: shell",
        "    source: data.txt",
        "    params:",
        "      command: 'test -f go && cp data.txt result.txt'",
        "      workdir: " + work,
        ""));
  }

  @Test
  void aResumeWithAChangedCommandOfAStepThatSucceededIsRefusedInsteadOfReusingItsOldOutput() throws IOException {
    // Issue 21: the fingerprint left out a step's params, so this resume reported SUCCESS on v1.
    Path v1 = shellPipeline("v1.yaml", "v1");
    Cli.Result first = Cli.run("run", v1.toString(), "--store", store.toString());
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
    String runId = first.outLines().get(0).substring("run_id: ".length());
    Path work = dir.resolve("work");
    Files.writeString(work.resolve("go"), "");
    Path v2 = shellPipeline("v2.yaml", "v2");

    Cli.Result refused = Cli.run("resume", runId, v2.toString(), "--store", store.toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("changed since its checkpoint", "params or version: produce", "--force");
    assertThat(work.resolve("result.txt")).doesNotExist();

    Cli.Result forced = Cli.run("resume", runId, v2.toString(), "--store", store.toString(), "--force");
    assertThat(forced.exitCode()).as(forced.toString()).isEqualTo(0);
    assertThat(Files.readString(work.resolve("result.txt")).strip()).isEqualTo("v2");
  }

  @Test
  void rerunRunsAStepAndWhatFollowsItAgainInARunThatSucceeded() throws IOException {
    Path pipeline = shellPipeline("p.yaml", "v1");
    Path work = dir.resolve("work");
    Files.writeString(work.resolve("go"), "");
    Cli.Result first = Cli.run("run", pipeline.toString(), "--store", store.toString());
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(0);
    String runId = first.outLines().get(0).substring("run_id: ".length());
    Files.writeString(work.resolve("data.txt"), "tampered\n");
    Files.delete(work.resolve("result.txt"));

    Cli.Result unknown = Cli.run("resume", runId, "--store", store.toString(), "--rerun", "produse+");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.err()).contains("--rerun: cannot rerun step 'produse'", "did you mean 'produce'?");

    Cli.Result consumeOnly = Cli.run("resume", runId, "--store", store.toString(), "--rerun", "consume");
    assertThat(consumeOnly.exitCode()).as(consumeOnly.toString()).isEqualTo(0);
    assertThat(consumeOnly.err()).doesNotContain("nothing to do");
    assertThat(Files.readString(work.resolve("result.txt")).strip()).as("produce did not run again").isEqualTo("tampered");

    Cli.Result both = Cli.run("resume", runId, "--store", store.toString(), "--rerun", "produce+");
    assertThat(both.exitCode()).as(both.toString()).isEqualTo(0);
    assertThat(Files.readString(work.resolve("result.txt")).strip()).isEqualTo("v1");
    assertThat(json(runId).get("steps").get("consume").get("attempts").asInt()).isEqualTo(3);
  }

  @Test
  void unknownRunsAndMissingDefinitionsExitTwo() throws IOException {
    Cli.Result unknown = Cli.run("resume", "run_nope", "--store", store.toString(), "--simulate");
    String runId = failedRun();
    Files.delete(new DefinitionArchive(store).pathOf(runId));
    Files.delete(new DefinitionArchive(store).modePathOf(runId)); // as a run of an older version
    Cli.Result noDefinition = Cli.run("resume", runId, "--store", store.toString(), "--simulate");
    Cli.Result notSimulated = Cli.run("resume", runId, seed.toString(), "--store", store.toString());

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no run 'run_nope' in checkpoint store").contains("etl runs --store");
    assertThat(noDefinition.exitCode()).isEqualTo(2);
    assertThat(noDefinition.err()).contains("has no kept definition").contains("etl resume " + runId + " FILE");
    assertThat(notSimulated.exitCode()).isEqualTo(2);
    assertThat(notSimulated.err()).contains("--simulate");
  }

  @Test
  void aRunHeldByAnotherDriverIsRefusedWithExitTwo() {
    String runId = failedRun();

    try (var journal = io.etlorchestrator.core.spi.CheckpointStore.file(store).open(runId)) {
      assertThat(journal.state().runId()).isEqualTo(runId);
      Cli.Result held = Cli.run("resume", runId, "--store", store.toString(), "--simulate");

      assertThat(held.exitCode()).as(held.toString()).isEqualTo(2);
      assertThat(held.err())
          .contains("etl: run '" + runId + "' is already being driven by pid")
          .doesNotContain("\tat ");
      assertThat(held.out()).isEmpty();
    }
  }

  /** Two shell steps that append their names to {@code marks}: what ran for real is on disk. */
  private Path shellPipeline(Path marks) throws IOException {
    Path definition = dir.resolve("marks.yaml");
    Files.write(definition, List.of(
        "pipeline: marks",
        "failure_policies:",
        "  retry: {max_attempts: 1}",
        "steps:",
        "  - name: first",
        "    type: shell",
        "    estimated_duration: 1s",
        "    params:",
        "      command: echo first >> \"$MARKS\"",
        "      env: {MARKS: '" + marks + "'}",
        "  - name: second",
        "    type: shell",
        "    estimated_duration: 1s",
        "    depends_on: [first]",
        "    params:",
        "      command: echo second >> \"$MARKS\"",
        "      env: {MARKS: '" + marks + "'}",
        ""));
    return definition;
  }

  @Test
  void aRehearsalIsResumedSimulatedSoItsFakeSuccessesNeverPassForReal() throws IOException {
    Path marks = dir.resolve("marks.txt");
    Path definition = shellPipeline(marks);
    Cli.Result rehearsal = Cli.run("run", definition.toString(), "--store", store.toString(),
        "--simulate", "--time-scale", "0.001", "--fail", "second");
    assertThat(rehearsal.exitCode()).as(rehearsal.toString()).isEqualTo(1);
    String runId = rehearsal.outLines().get(0).substring("run_id: ".length());

    Cli.Result resumed = Cli.run("resume", runId, "--store", store.toString());

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(0);
    assertThat(resumed.err())
        .contains("run " + runId + " is a rehearsal (--simulate): resuming it simulated")
        .contains("simulating:");
    assertThat(marks).as("no shell step ran for real, in the rehearsal or its resume").doesNotExist();
    assertThat(json(runId).get("status").asText()).isEqualTo("success");
  }

  @Test
  void aRealRunIsNotResumedSimulated() throws IOException {
    Path marks = dir.resolve("marks.txt");
    Path definition = shellPipeline(marks);
    Cli.Result real = Cli.run("run", definition.toString(), "--store", store.toString(), "--fail", "second");
    assertThat(real.exitCode()).as(real.toString()).isEqualTo(1);
    String runId = real.outLines().get(0).substring("run_id: ".length());
    assertThat(Files.readAllLines(marks)).containsExactly("first");

    Cli.Result simulated = Cli.run("resume", runId, "--store", store.toString(), "--simulate");
    Cli.Result resumed = Cli.run("resume", runId, "--store", store.toString());

    assertThat(simulated.exitCode()).as(simulated.toString()).isEqualTo(2);
    assertThat(simulated.err())
        .contains("run '" + runId + "' runs for real: --simulate would record steps as succeeded that never ran")
        .contains("etl run FILE --simulate");
    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(0);
    assertThat(Files.readAllLines(marks)).as("second ran for real, once").containsExactly("first", "second");
  }

  @Test
  void aDamagedModeRecordIsAnErrorNamingTheFile() throws IOException {
    String runId = failedRun();
    Path mode = new DefinitionArchive(store).modePathOf(runId);
    assertThat(Files.readString(mode)).isEqualTo("simulate 0.001\n");
    Files.writeString(mode, "simulate fast\n");

    Cli.Result resumed = Cli.run("resume", runId, "--store", store.toString());

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(2);
    assertThat(resumed.err())
        .contains(mode.toString())
        .contains("expected 'real' or 'simulate FACTOR' (a positive number), found 'simulate fast'");
  }
}
