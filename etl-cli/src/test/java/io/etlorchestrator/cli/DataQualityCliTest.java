package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-quality side of the command line on real files: {@code run} with checks (a failing
 * error check fails the step and the exit code, a warning is printed on standard error and leaves
 * exit 0), {@code check}, {@code profile}, {@code plan --profile-sources}, sources' checks, drift
 * against the recorded runs, and {@code --workdir}.
 */
class DataQualityCliTest {
  @TempDir Path dir;

  /** A pipeline whose first step writes {@code sales.csv} from {@code rows.txt}, checked. */
  private Path pipeline(String checks) throws IOException {
    Files.writeString(dir.resolve("rows.txt"), "1,north,10\n2,south,20\n3,east,30\n");
    return write("p.yaml", String.join("\n",
        "pipeline: quality",
        "steps:",
        "  - name: make",
        "    type: shell",
        "    params: {command: \"printf 'id,region,amount\\\\n' > sales.csv && cat rows.txt >> sales.csv\"}",
        "    output: sales.csv",
        "    checks:",
        checks,
        "  - name: publish",
        "    type: shell",
        "    params: {command: \"cp sales.csv published.csv\"}",
        "    inputs: [sales.csv]",
        "    output: published.csv",
        ""));
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** The command with {@code --workdir} the test's directory, and its store there for run and check. */
  private Cli.Result etl(String... args) {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
    all.addAll(java.util.List.of("--workdir", dir.toString()));
    if (args[0].equals("run") || args[0].equals("check")) {
      all.addAll(java.util.List.of("--store", dir.resolve(".etl").toString()));
    }
    return Cli.run(all.toArray(new String[0]));
  }

  @Test
  void aFailingErrorCheckFailsTheStepBeforeItsDependentsAndTheExitCode() throws IOException {
    Path file = pipeline("      - row_count: {min: 1}\n      - range: {column: amount, max: 25}");

    Cli.Result run = etl("run", file.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(dir.resolve("sales.csv")).as("the step ran, in --workdir").exists();
    assertThat(dir.resolve("published.csv")).as("the dependent never started").doesNotExist();
    assertThat(run.out())
        .contains("## Checks")
        .contains("| make | sales.csv | row_count | ✅ pass | 3 rows |")
        .contains("| make | sales.csv | range(amount) | ❌ fail |");
    assertThat(run.err()).contains("failed: make").contains("check range(amount) on sales.csv failed");
  }

  @Test
  void aWarningIsPrintedOnStandardErrorAndTheRunStillSucceeds() throws IOException {
    Path file = pipeline("      - accepted_values: {column: region, values: [north, south]}\n        severity: warn");

    Cli.Result run = etl("run", file.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(0);
    assertThat(dir.resolve("published.csv")).exists();
    assertThat(run.err()).contains("warning: check accepted_values(region) on sales.csv (step make): ");
    assertThat(run.out()).contains("**Status:** 🟢 SUCCESS").contains("⚠️ warn");
  }

  @Test
  void checkRunsTheChecksAgainstTheDataAsItIsWithoutRunningSteps() throws IOException {
    Path file = pipeline("      - row_count: {min: 3}\n      - not_null: [region]");
    Files.writeString(dir.resolve("sales.csv"), "id,region,amount\n1,north,10\n2,,20\n");

    Cli.Result failing = etl("check", file.toString());

    assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(1);
    assertThat(failing.out())
        .contains("make\n")
        .contains("❌ fail  row_count on sales.csv: observed 2 rows")
        .contains("❌ fail  not_null(region) on sales.csv");
    assertThat(failing.err()).contains("2 checks: 0 passed, 0 warned, 2 failed, 0 could not run");
    assertThat(dir.resolve("published.csv")).as("no step ran").doesNotExist();
    assertThat(dir.resolve(".etl")).as("nothing recorded").doesNotExist();

    Files.writeString(dir.resolve("sales.csv"), "id,region,amount\n1,north,10\n2,south,20\n3,west,5\n");
    Cli.Result passing = etl("check", file.toString());
    assertThat(passing.exitCode()).as(passing.toString()).isEqualTo(0);
    assertThat(passing.out()).contains("✅ pass  row_count on sales.csv").contains("✅ pass  not_null(region)");
  }

  @Test
  void checkSelectsStepsOrDatasetsAndNamesTheClosestOfAnUnknownOne() throws IOException {
    Path file = pipeline("      - row_count: {min: 1}");
    Files.writeString(dir.resolve("sales.csv"), "id,region,amount\n1,north,10\n");

    assertThat(etl("check", file.toString(), "--select", "sales.csv").out()).contains("✅ pass  row_count");
    assertThat(etl("check", file.toString(), "--select", "publish").out()).contains("has no checks on publish");
    Cli.Result unknown = etl("check", file.toString(), "--select", "mak");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("--select mak: no step").contains("did you mean 'make'?");
  }

  @Test
  void aCheckOnAMissingFileCouldNotRunAndSaysSo() throws IOException {
    Path file = pipeline("      - row_count: {min: 1}");

    Cli.Result check = etl("check", file.toString());

    assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
    assertThat(check.out()).contains("🛑 error row_count on sales.csv");
    assertThat(check.err()).contains("1 could not run");
  }

  @Test
  void driftIsMeasuredAgainstTheRecordedRuns() throws IOException {
    Path file = pipeline("      - drift: {metric: row_count, max_change: 20%, baseline: previous}");

    Cli.Result first = etl("run", file.toString());
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(0);
    assertThat(first.out()).contains("no baseline");

    Files.writeString(dir.resolve("sales.csv"), "id,region,amount\n1,north,10\n");
    Cli.Result check = etl("check", file.toString());
    assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
    assertThat(check.out()).contains("❌ fail  drift(row_count) on sales.csv").contains("baseline 3");
  }

  @Test
  void profilePrintsRowsSizeAgeAndColumns() throws IOException {
    Path file = pipeline("      - row_count: {min: 1}");
    Files.writeString(dir.resolve("sales.csv"), "id,region,amount\n1,north,10\n2,,30\n");

    Cli.Result profile = etl("profile", file.toString(), "sales.csv");

    assertThat(profile.exitCode()).as(profile.toString()).isEqualTo(0);
    assertThat(profile.out())
        .contains("dataset:       sales.csv")
        .contains("rows:          2")
        .containsPattern("region +VARCHAR +1 ")
        .containsPattern("amount +BIGINT +0 +~?2 +10 +30 +20");
    Cli.Result unknown = etl("profile", file.toString(), "sales.xlsx");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("nothing can profile 'sales.xlsx'").contains(".parquet");
    Cli.Result missing = etl("profile", file.toString(), "missing.csv");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot profile missing.csv").doesNotContain("\tat ");
  }

  @Test
  void sourcesAreCheckedBeforeTheStepsThatReadThemAndProfiledInThePlan() throws IOException {
    Files.writeString(dir.resolve("orders.csv"), "id,created\n1,2020-01-01\n");
    Path file = write("s.yaml", String.join("\n",
        "pipeline: sourced",
        "sources:",
        "  orders.csv:",
        "    checks:",
        "      - row_count: {min: 2}",
        "steps:",
        "  - name: copy",
        "    type: shell",
        "    params: {command: \"cp orders.csv copy.csv\"}",
        "    inputs: [orders.csv]",
        "    output: copy.csv",
        ""));

    Cli.Result run = etl("run", file.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(dir.resolve("copy.csv")).as("the source's check ran before the step").doesNotExist();
    assertThat(run.out()).contains("| copy | orders.csv | row_count | ❌ fail | 1 row |");

    Cli.Result plan = etl("plan", file.toString(), "--profile-sources");
    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(0);
    assertThat(plan.out()).contains("\nsource_profiles:\n  orders.csv: {rows: 1, bytes: 24, last_modified: \"");
    assertThat(etl("plan", file.toString(), "--profile-sources", "--format", "text").out())
        .contains("Sources:\n  orders.csv: 1 row, 24 B, modified ");
  }

  @Test
  void aRehearsalDoesNotRunChecks() throws IOException {
    Path file = pipeline("      - row_count: {min: 1}");

    Cli.Result run = etl("run", file.toString(), "--simulate", "--time-scale", "0.0001");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(0);
    assertThat(run.err()).contains("the 1 data-quality check of the definition are not run");
    assertThat(run.out()).doesNotContain("## Checks");
  }
}
