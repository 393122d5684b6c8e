package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;

  @Test
  void acceptsTheSeedDefinitionWithExitZero() {
    Path seed = Seed.copyTo(dir);

    Cli.Result result = Cli.run("validate", seed.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
    assertThat(result.out()).contains(seed + ": OK (pipeline 'daily_sales_etl', 6 steps)");
  }

  @Test
  void printsEveryProblemWithFileLineAndColumnAndExitsTwo() {
    Path broken =
        Seed.write(
            dir.resolve("broken.yaml"),
            String.join(
                "\n",
                "pipeline: daily_sales_etl",
                "steps:",
                "  - name: extract_orders",
                "    target: staging/orders.parquet",
                "    estimated_duration: 2 minutes",
                "  - name: transform_orders",
                "    source: staging/orders.parquet",
                "    dependson: [extract_orders]",
                "  - name: load_warehouse",
                "    depends_on: [transform_order]",
                ""));

    Cli.Result result = Cli.run("validate", broken.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.outLines())
        .as("one line per problem, in file order, each located as file:line:column")
        .hasSize(3)
        .satisfiesExactly(
            l -> assertThat(l).startsWith(broken + ":5:25: steps[0].estimated_duration: '2 minutes' is not a duration"),
            l -> assertThat(l).startsWith(broken + ":8:5: steps[1].dependson: unknown field 'dependson' (did you mean 'depends_on'?)"),
            l -> assertThat(l).startsWith(broken + ":10:18: steps[2].depends_on[0]: ").contains("did you mean 'transform_orders'?"));
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void checksEveryFileAndFailsWhenAnyIsInvalidOrMissing() {
    Path seed = Seed.copyTo(dir);
    Path malformed = Seed.write(dir.resolve("malformed.yaml"), "pipeline: x\nsteps: [\n");

    Cli.Result result = Cli.run("validate", seed.toString(), malformed.toString(), dir.resolve("missing.yaml").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out())
        .contains(seed + ": OK")
        .containsPattern(java.util.regex.Pattern.quote(malformed.toString()) + ":\\d+:\\d+: ")
        .contains(dir.resolve("missing.yaml") + ": no such file");
    assertThat(result.err()).contains("1 of 3 files valid");
  }

  @Test
  void checkTypesReportsUnregisteredStepTypesAtTheirLines() {
    Path seed = Seed.copyTo(dir);

    Cli.Result result = Cli.run("validate", "--check-types", seed.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out())
        .contains(seed + ":6:11: steps[0].type: unknown step type 'extract'")
        .contains("noop, probe, shell");
  }

  @Test
  void checkTypesNamesAParamThatIsNotANumberWithItsStepPositionAndAcceptedValues() {
    Path probed =
        Seed.write(
            dir.resolve("probed.yaml"),
            String.join(
                "\n",
                "pipeline: probed",
                "steps:",
                "  - name: count_orders",
                "    type: probe",
                "    params:",
                "      rows: lots",
                ""));

    Cli.Result result = Cli.run("validate", "--check-types", probed.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.outLines())
        .as("the parameter's position, name and step, and the accepted values; no cast or parse error")
        .containsExactly(
            probed
                + ":6:13: steps[0].params.rows: step type 'probe' rejected step 'count_orders':"
                + " params.rows must be a whole number of at least 0, was text 'lots'");
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void needsAtLeastOneFile() {
    Cli.Result result = Cli.run("validate");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Missing required parameter").contains("etl validate --help");
  }
}
