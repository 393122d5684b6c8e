package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ShellStepTypeTest {
  @TempDir Path dir;

  private PipelineRun recorded(Cli.Result result) {
    String runId = result.outLines().get(0).substring("run_id: ".length());
    return CheckpointStore.file(dir.resolve("store")).load(runId).orElseThrow();
  }

  @Test
  void runsCommandsWithWorkdirEnvParamsAndReportedRows() throws IOException {
    Path work = Files.createDirectories(dir.resolve("work"));
    Path definition = Seed.write(dir.resolve("shell.yaml"), String.join("\n",
        "pipeline: shell_demo",
        "steps:",
        "  - name: write",
        "    type: shell",
        "    params:",
        "      command: 'echo \"$GREETING $ETL_PARAM_date $ETL_STEP $ETL_ATTEMPT\" > out.txt; echo etl:rows=42'",
        "      workdir: " + work,
        "      env: {GREETING: hello}",
        "  - name: done",
        "    type: noop",
        "    depends_on: [write]",
        ""));

    Cli.Result result = Cli.run("run", definition.toString(), "--store", dir.resolve("store").toString(),
        "--param", "date=2024-01-15");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(work.resolve("out.txt")).hasContent("hello 2024-01-15 write 1");
    PipelineRun run = recorded(result);
    assertThat(run.step("write").orElseThrow().rows()).isEqualTo(42);
    assertThat(run.step("done").orElseThrow().status()).isEqualTo(StepStatus.SUCCESS);
  }

  @Test
  void aNonZeroExitFailsTheAttemptWithTheLastLineOfOutput() {
    Path definition = Seed.write(dir.resolve("fail.yaml"), String.join("\n",
        "pipeline: failing",
        "failure_policies:",
        "  retry: {max_attempts: 2, initial_delay: 10ms, max_delay: 10ms}",
        "steps:",
        "  - name: broken",
        "    type: shell",
        "    params: {command: 'echo disk full; exit 3'}",
        ""));

    Cli.Result result = Cli.run("run", definition.toString(), "--store", dir.resolve("store").toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    PipelineRun run = recorded(result);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.step("broken").orElseThrow().attempts()).isEqualTo(2);
    assertThat(run.step("broken").orElseThrow().error()).hasValueSatisfying(
        e -> assertThat(e).contains("command exited with status 3: disk full"));
  }

  @Test
  void theStepsTimeoutKillsTheCommand() throws IOException {
    Path work = Files.createDirectories(dir.resolve("work"));
    Path definition = Seed.write(dir.resolve("slow.yaml"), String.join("\n",
        "pipeline: slow",
        "failure_policies:",
        "  retry: {max_attempts: 1}",
        "steps:",
        "  - name: sleeper",
        "    type: shell",
        "    timeout: 300ms",
        "    params:",
        "      command: 'sleep 20 && touch finished'",
        "      workdir: " + work,
        ""));

    Cli.Result result = Cli.run("run", definition.toString(), "--store", dir.resolve("store").toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(work.resolve("finished")).as("the command was stopped before its sleep ended").doesNotExist();
    assertThat(recorded(result).step("sleeper").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  @Timeout(30)
  void aTimedOutCommandDoesNotGoOnToItsNextCommand() throws IOException {
    // The children used to be killed before the shell, which could then run what came after the
    // command it was waiting for: a timed-out 'extract; load' could still load.
    Path work = Files.createDirectories(dir.resolve("work"));
    Path definition = Seed.write(dir.resolve("sequence.yaml"), String.join("\n",
        "pipeline: sequence",
        "failure_policies:",
        "  retry: {max_attempts: 1}",
        "steps:",
        "  - name: extract_then_load",
        "    type: shell",
        "    timeout: 300ms",
        "    params:",
        "      command: 'sleep 20; echo loaded > finished'",
        "      workdir: " + work,
        ""));

    Cli.Result result = Cli.run("run", definition.toString(), "--store", dir.resolve("store").toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(work.resolve("finished")).as("the shell was killed before it could run its next command").doesNotExist();
  }

  @Test
  @Timeout(30)
  void aCommandReadingStandardInputDoesNotWaitUntilTheStepsTimeout() {
    // Issue 14: the command's standard input was a pipe nobody closed, so 'cat' waited for the
    // 10 minute timeout. It must read end of input at once and carry on.
    Path definition = Seed.write(dir.resolve("stdin.yaml"), String.join("\n",
        "pipeline: reads_stdin",
        "failure_policies:",
        "  retry: {max_attempts: 1}",
        "steps:",
        "  - name: reader",
        "    type: shell",
        "    timeout: 10m",
        "    params: {command: 'cat; echo etl:rows=7'}",
        ""));

    Cli.Result result = Cli.run("run", definition.toString(), "--store", dir.resolve("store").toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(recorded(result).step("reader").orElseThrow().rows())
        .as("rows reported by the line the command printed after cat ended")
        .isEqualTo(7);
  }

  @Test
  void badParamsAreReportedAtTheStepsLine() {
    Path definition = Seed.write(dir.resolve("bad.yaml"), String.join("\n",
        "pipeline: bad",
        "steps:",
        "  - name: no_command",
        "    type: shell",
        "    params: {comand: ls}",
        ""));

    Cli.Result run = Cli.run("run", definition.toString(), "--store", dir.resolve("store").toString());
    Cli.Result validate = Cli.run("validate", "--check-types", definition.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(definition + ":5:").contains("unknown parameter params.comand (did you mean 'command'?)");
    assertThat(validate.exitCode()).isEqualTo(2);
    assertThat(validate.out()).contains("unknown parameter params.comand");
  }
}
