package io.etlorchestrator.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckVerdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Check kinds come from a registry (a host's own, or those found on the class path): without any,
 * a definition's checks are read for planning only; with them, each entry gets its logic and
 * every problem its position.
 */
class YamlCheckKindsTest {
  private static final String YAML = String.join("\n",
      "pipeline: p",
      "steps:",
      "  - name: aggregate_sales",
      "    type: extract",
      "    outputs: [marts/a.parquet, marts/b.parquet]",
      "    checks:",
      "      - min_rows: {rows: 10}",
      "        dataset: marts/b.parquet",
      "        severity: warn",
      "        retry: true",
      "      - min_rows: {rows: 5, per: {day: [1, oops]}}",
      "        dataset: marts/a.parquet",
      "");

  /** A host's kind: at least {@code rows} rows, by the profile the step reports. */
  private static final CheckKind MIN_ROWS = check -> {
    Map<String, Object> fields = check.fields("rows", "per");
    Object per = fields.get("per");
    if (per instanceof Map && ((List<?>) ((Map<?, ?>) per).get("day")).contains("oops")) {
      throw new CheckDefinitionException("per.day[1]", "a day must be a number, was text 'oops'");
    }
    int rows = (Integer) fields.get("rows");
    return ctx -> ctx.reportedProfile().flatMap(p -> p.rows().isPresent() ? Optional.of(p.rows().getAsLong()) : Optional.empty())
        .filter(n -> n >= rows).isPresent()
        ? CheckVerdict.pass("enough", rows + " rows")
        : CheckVerdict.fail("too few", rows + " rows", "fewer than " + rows + " rows");
  };

  private static YamlPipelineReader reader(CheckKindRegistry kinds) {
    return YamlPipelineReader.builder()
        .stepTypes(StepTypeRegistry.builder().discover().build())
        .checkKinds(kinds)
        .build();
  }

  @Test
  void aHostsKindGetsItsEntryAndAProblemItReportsLandsAtTheFieldItNames() {
    CheckKindRegistry kinds = CheckKindRegistry.builder().register("min_rows", MIN_ROWS).build();

    assertThatThrownBy(() -> reader(kinds).readString(YAML, "p.yaml"))
        .isInstanceOf(YamlDefinitionException.class)
        .hasMessageContaining("p.yaml:11:44: steps[0].checks[1].min_rows.per.day[1]: a day must be a number, was text 'oops'");
  }

  @Test
  void aHostsKindMakesTheLogicWithTheEntrysDatasetSeverityAndRetry() {
    AtomicReference<CheckDefinition> seen = new AtomicReference<>();
    CheckKind recording = check -> {
      seen.set(check);
      return MIN_ROWS.create(new CheckDefinition(check.kind(), Map.of("rows", 10), check.dataset(), check.step(),
          check.severity(), check.retry(), check.line()));
    };
    CheckKindRegistry kinds = CheckKindRegistry.builder().register("min_rows", recording).build();

    PipelineDefinition definition = reader(kinds).readString(YAML.replace(", per: {day: [1, oops]}", ""), "p.yaml");

    Check first = definition.pipeline().step("aggregate_sales").orElseThrow().checks().get(0);
    assertThat(first.dataset()).isEqualTo("marts/b.parquet");
    assertThat(first.severity().definitionName()).isEqualTo("warn");
    assertThat(first.retry()).isTrue();
    assertThat(first.logic()).isPresent();
    assertThat(seen.get().step()).contains("aggregate_sales");
    assertThat(seen.get().line()).isEqualTo(11);
    assertThat(definition.pipeline().declarations()).containsKey(PipelineDefinition.CHECKS);
  }

  @Test
  void anUnknownKindIsAProblemNamingTheRegisteredOnes() {
    CheckKindRegistry kinds = CheckKindRegistry.builder().register("min_rows", MIN_ROWS).build();

    assertThatThrownBy(() -> reader(kinds).readString(YAML.replace("- min_rows: {rows: 10}", "- min_row: {rows: 10}"), "p.yaml"))
        .hasMessageContaining("p.yaml:7:9: steps[0].checks[0].min_row: unknown check kind 'min_row' (did you mean"
            + " 'min_rows'?); check kinds: min_rows");
  }

  @Test
  void withoutAnyKindChecksAreReadForPlanningAndAnExecutorRefusesToRunThem() {
    PipelineDefinition definition = reader(CheckKindRegistry.builder().build())
        .readString(YAML.replace(", per: {day: [1, oops]}", ""), "p.yaml");

    List<Check> checks = definition.pipeline().step("aggregate_sales").orElseThrow().checks();
    assertThat(checks).extracting(Check::kind).containsExactly("min_rows", "min_rows");
    assertThat(checks).allSatisfy(c -> assertThat(c.logic()).isEmpty());
    assertThat(definition.pipeline().declarations()).containsEntry(PipelineDefinition.CHECKS, PipelineDefinition.CHECKS_APPLIED_BY);
    try (Executor executor = definition.executorBuilder().build()) {
      assertThatThrownBy(() -> executor.run(definition.plan()))
          .hasMessageContaining("pipeline 'p' cannot run: step with a check that has no logic")
          .hasMessageContaining("aggregate_sales");
    }
  }

  @Test
  void aPlanWritesEveryEntryBackAsWritten() {
    PipelineDefinition definition = reader(CheckKindRegistry.builder().build())
        .readString(YAML.replace(", per: {day: [1, oops]}", ""), "p.yaml");

    String yaml = YamlPlanWriter.create().write(definition);

    assertThat(yaml).contains("    checks:\n"
        + "      - min_rows: {rows: 10}\n        dataset: marts/b.parquet\n        severity: warn\n        retry: true\n"
        + "      - min_rows: {rows: 5}\n        dataset: marts/a.parquet\n");
    assertThat(YamlPipelineReader.forPlanning().readString(yaml).pipeline()).isEqualTo(definition.pipeline());
  }

  @Test
  void aMappingWhoseOneFieldIsNamedAsItsKindIsWrittenBackAsAMapping() {
    String yaml = "pipeline: p\nsteps:\n  - name: s\n    output: x\n    checks:\n      - foo: {foo: 1}\n      - foo: 1\n";
    PipelineDefinition definition = YamlPipelineReader.forPlanning().readString(yaml);

    String written = YamlPlanWriter.create().write(definition);

    assertThat(written).contains("      - foo: {foo: 1}\n      - foo: 1\n");
    assertThat(YamlPipelineReader.forPlanning().readString(written).pipeline()).isEqualTo(definition.pipeline());
  }

  @Test
  void aHostsKindChecksTheStepWhenItRuns() {
    CheckKindRegistry kinds = CheckKindRegistry.builder().register("min_rows", MIN_ROWS).build();
    String yaml = "pipeline: p\nsteps:\n  - name: s\n    type: extract\n    output: x\n    checks:\n      - min_rows: {rows: 3}\n";
    PipelineDefinition definition = reader(kinds).readString(yaml);

    PipelineRun run;
    try (Executor executor = definition.executorBuilder().build()) {
      run = executor.run(definition.plan());
    }

    assertThat(run.step("s").orElseThrow().checks().get(0).outcome()).isEqualTo(CheckOutcome.FAIL);
    assertThat(run.step("s").orElseThrow().checks().get(0).message()).isEqualTo("fewer than 3 rows");
  }
}
