package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
  @TempDir Path dir;

  @Test
  void withoutACommandPrintsUsage() {
    Cli.Result result = Cli.run();

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out()).startsWith("Usage: etl").contains("Exit codes:");
    assertThat(result.outLines())
        .as("the project's exit codes, as README's table gives them")
        .contains("  0   success: what was asked was done (a run: every step succeeded)")
        .anySatisfy(l -> assertThat(l).startsWith("  1   the run failed, completed with failures"))
        .anySatisfy(l -> assertThat(l).startsWith("  2   invalid input:"))
        .anySatisfy(l -> assertThat(l).startsWith("  3   internal error: a bug"));
  }

  @Test
  void anUnknownCommandSuggestsTheClosestAndExitsTwo() {
    Cli.Result result = Cli.run("valdate", "x.yaml");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unmatched arguments").contains("validate").doesNotContain("\tat ");
  }

  @Test
  void verboseShowsTheStackTraceOfAnError() {
    Cli.Result quiet = Cli.run("report", "run_nope", "--store", dir.toString());
    Cli.Result verbose = Cli.run("report", "run_nope", "--store", dir.toString(), "--verbose");
    Cli.Result verboseFirst = Cli.run("--verbose", "report", "run_nope", "--store", dir.toString());

    assertThat(quiet.err()).doesNotContain("\tat ");
    assertThat(verbose.exitCode()).isEqualTo(2);
    assertThat(verbose.err()).contains("no run 'run_nope'").contains("\tat io.etlorchestrator.cli.");
    assertThat(verboseFirst.err()).contains("\tat io.etlorchestrator.cli.");
  }

  @Test
  void aMissingPluginsDirectoryIsInvalidInput() {
    Cli.Result result = Cli.run("--plugins", dir.resolve("none").toString(), "run", Seed.copyTo(dir).toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--plugins").contains("no such directory");
  }

  @Test
  void bugsAreReportedAsInternalErrorsWithExitThree() {
    ErrorReporter reporter = new ErrorReporter();

    assertThat(reporter.getExitCode(new NullPointerException())).isEqualTo(3);
    assertThat(reporter.getExitCode(new CliException("bad"))).isEqualTo(2);
    assertThat(reporter.getExitCode(new io.etlorchestrator.core.CheckpointException("r", "held by pid 1")))
        .isEqualTo(2);
  }
}
