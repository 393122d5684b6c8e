package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a real process, killed mid-run with SIGKILL ({@code destroyForcibly}), and
 * its run resumed: the {@code run_id:} line must already be on standard output, and the resume
 * must finish the run without running again what had succeeded.
 */
class ChildProcessTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  private Process start(Path out, Path err, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
  }

  /** Kills the command and whatever it started, as a terminal closing or an OOM killer would. */
  private static void kill(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  private static <T> T await(String what, java.util.function.Supplier<Optional<T>> probe, Process process, Path err)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (!process.isAlive()) {
        throw new AssertionError(String.format("the command ended (exit %d) before %s; stderr:%n%s",
            process.exitValue(), what, Files.readString(err)));
      }
      Thread.sleep(20);
    }
    kill(process);
    throw new AssertionError("timed out waiting for " + what + "; stderr:\n" + Files.readString(err));
  }

  private static Optional<String> firstLine(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      return end < 0 ? Optional.empty() : Optional.of(text.substring(0, end));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<PipelineRun> state(Path store, String runId, Predicate<PipelineRun> condition) {
    try {
      return CheckpointStore.file(store).load(runId).filter(condition);
    } catch (RuntimeException e) {
      return Optional.empty(); // the journal is being published
    }
  }

  @Test
  void aSimulatedRunKilledMidRunIsResumedWithoutRedoingSucceededSteps() throws Exception {
    Path seed = Seed.copyTo(dir);
    Path store = dir.resolve("store");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");

    Process process = start(out, err, "run", seed.toString(), "--store", store.toString(), "--simulate",
        "--time-scale", "0.01");
    String line = await("the run_id line", () -> firstLine(out), process, err);
    assertThat(line).matches("run_id: run_\\d{8}_\\d{6}_[a-z0-9]{4}");
    String runId = line.substring("run_id: ".length());
    // The three extracts (1.2 s, 0.6 s, 0.3 s) succeed; transform_orders (1.8 s) is then running.
    PipelineRun before = await("the extracts to succeed", () -> state(store, runId,
        r -> r.count(StepStatus.SUCCESS) == 3 && r.step("transform_orders").orElseThrow().status() == StepStatus.RUNNING),
        process, err);
    kill(process);
    assertThat(Files.readString(out)).as("only the run_id line: the run never ended").isEqualTo(line + "\n");

    Cli.Result resumed = Cli.run("resume", runId, "--store", store.toString(), "--simulate", "--time-scale", "0.001");

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(0);
    assertThat(resumed.outLines().get(0)).isEqualTo(line);
    Cli.Result report = Cli.run("report", runId, "--store", store.toString(), "--format", "json");
    JsonNode after = new ObjectMapper().readTree(report.out());
    assertThat(after.get("status").asText()).isEqualTo("success");
    for (String step : List.of("extract_orders", "extract_customers", "extract_products")) {
      JsonNode is = after.get("steps").get(step);
      assertThat(is.get("attempts").asInt()).as(step + " ran once").isEqualTo(1);
      assertThat(is.get("started_at").asText())
          .as(step + " not run again")
          .isEqualTo(before.step(step).orElseThrow().startedAt().orElseThrow().toString());
    }
    assertThat(after.get("steps").get("transform_orders").get("attempts").asInt())
        .as("the attempt the kill interrupted, then one more")
        .isEqualTo(2);
    assertThat(after.get("steps").get("load_warehouse").get("status").asText()).isEqualTo("success");
  }

  @Test
  void aShellPipelineKilledMidRunIsResumedToSuccessRunningEachFinishedStepOnce() throws Exception {
    Path store = dir.resolve("store");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Path marks = dir.resolve("marks.txt");
    Path resumed = dir.resolve("resumed");
    Path definition = Seed.write(dir.resolve("shell.yaml"), String.join("\n",
        "pipeline: shell_demo",
        "failure_policies:",
        "  retry: {max_attempts: 1}",
        "steps:",
        "  - name: check_run_id",
        "    type: shell",
        "    params:",
        "      # fails unless the run_id line was on standard output before any step ran",
        "      command: |",
        "        grep -q '^run_id: ' \"$OUT\" && echo check_run_id >> \"$MARKS\"",
        "      env: {OUT: '" + out + "', MARKS: '" + marks + "'}",
        "  - name: extract",
        "    type: shell",
        "    depends_on: [check_run_id]",
        "    params:",
        "      command: |",
        "        echo extract >> \"$MARKS\"; echo etl:rows=42",
        "      env: {MARKS: '" + marks + "'}",
        "  - name: slow",
        "    type: shell",
        "    depends_on: [extract]",
        "    params:",
        "      command: |",
        "        if [ ! -f \"$RESUMED\" ]; then sleep 20; fi; echo slow >> \"$MARKS\"",
        "      env: {MARKS: '" + marks + "', RESUMED: '" + resumed + "'}",
        "  - name: load",
        "    type: shell",
        "    depends_on: [slow]",
        "    params:",
        "      command: |",
        "        echo load >> \"$MARKS\"",
        "      env: {MARKS: '" + marks + "'}",
        ""));

    Process process = start(out, err, "run", definition.toString(), "--store", store.toString());
    String runId = await("the run_id line", () -> firstLine(out), process, err).substring("run_id: ".length());
    await("slow to be running", () -> state(store, runId,
        r -> r.step("slow").orElseThrow().status() == StepStatus.RUNNING), process, err);
    kill(process);
    assertThat(Files.readAllLines(marks)).containsExactly("check_run_id", "extract");
    Files.createFile(resumed);

    Cli.Result result = Cli.run("resume", runId, "--store", store.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(Files.readAllLines(marks))
        .as("every step ran to the end exactly once")
        .containsExactly("check_run_id", "extract", "slow", "load");
    PipelineRun run = CheckpointStore.file(store).load(runId).orElseThrow();
    assertThat(run.steps()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.SUCCESS));
    assertThat(run.step("extract").orElseThrow().rows()).isEqualTo(42);
    assertThat(run.step("slow").orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void terminatingTheCommandCancelsTheRunAndRecordsIt() throws Exception {
    Path seed = Seed.copyTo(dir);
    Path store = dir.resolve("store");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");

    Process process = start(out, err, "run", seed.toString(), "--store", store.toString(), "--simulate",
        "--time-scale", "0.05");
    String runId = await("the run_id line", () -> firstLine(out), process, err).substring("run_id: ".length());
    await("a step to run", () -> state(store, runId, r -> r.count(StepStatus.RUNNING) > 0), process, err);
    process.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
    assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

    PipelineRun run = CheckpointStore.file(store).load(runId).orElseThrow();
    assertThat(run.status()).as(Files.readString(err)).isEqualTo(io.etlorchestrator.core.RunStatus.CANCELLED);
    assertThat(run.count(StepStatus.RUNNING)).isZero();
    assertThat(Files.readString(err)).contains("interrupted: cancelling run " + runId);
  }

  @Test
  void theJarsEntryPointAnswersHelpAndExitCodes() throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");

    Process help = start(out, err, "--help");
    assertThat(help.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).isEqualTo(0);
    assertThat(Files.readString(out)).startsWith("Usage: etl ").contains("validate").contains("resume");

    Process invalid = start(out, err, "plan", "missing.yaml");
    assertThat(invalid.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(invalid.exitValue()).isEqualTo(2);
    assertThat(Files.readString(err)).isEqualTo("etl: missing.yaml: no such file" + System.lineSeparator());
    assertThat(new File(dir.toFile(), ".etl")).as("nothing written for a plan").doesNotExist();
  }
}
