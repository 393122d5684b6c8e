package io.etlorchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import io.etlorchestrator.core.quality.CheckSeverity;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.StepTypeRegistry;
import io.etlorchestrator.yaml.YamlDefinitionException;
import io.etlorchestrator.yaml.YamlPipelineReader;
import io.etlorchestrator.yaml.YamlPlanWriter;
import io.etlorchestrator.yaml.YamlProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's YAML: {@code checks:} on steps, {@code sources:} and {@code connections:}, read with
 * the built-in kinds (found by ServiceLoader), written back, refused with positions when wrong, and
 * run by the executor {@code PipelineDefinition.executorBuilder()} makes.
 */
class YamlChecksTest {
  /** The issue's block, with the steps around it. */
  static final String ISSUE_YAML = String.join("\n",
      "pipeline: daily_sales_etl",
      "connections:",
      "  warehouse: {url: \"jdbc:duckdb:warehouse.duckdb\"}",
      "steps:",
      "  - name: extract_orders",
      "    type: copy",
      "    source: postgres.orders",
      "    target: staging/orders.parquet",
      "  - name: aggregate_sales",
      "    type: copy",
      "    inputs: [staging/orders.parquet]",
      "    output: marts/daily_sales.parquet",
      "    checks:                                    # on the step's output (add `dataset:` when it has several)",
      "      - row_count: {min: 300, max: 400}",
      "      - not_null: [sale_date, revenue]",
      "      - unique: [sale_date]",
      "        severity: warn                         # error (default) | warn",
      "      - accepted_values: {column: region, values: [north, south, east, west]}",
      "      - range: {column: revenue, min: 0}",
      "      - freshness: {column: updated_at, max_age: 26h}",
      "      - schema: {columns: {sale_date: date, revenue: double}}   # or  schema: unchanged",
      "      - drift: {metric: row_count, max_change: 20%, baseline: previous}",
      "      - drift: {metric: null_ratio(customer_id), sensitivity: 3, baseline: {last: 14}}",
      "      - sql: \"select * from {dataset} where revenue < 0\"",
      "sources:                                       # the source analyzer: checks on external sources",
      "  postgres.orders:",
      "    checks:",
      "      - freshness: {column: created_at, max_age: 2h}",
      "");

  @TempDir Path work;

  private static StepTypeRegistry types(AtomicInteger runs) {
    return StepTypeRegistry.builder()
        .register("copy", step -> ctx -> {
          runs.incrementAndGet();
          String select = step.optionalStringParam("select").orElse(Duck.sales(365));
          for (String output : step.outputs()) {
            Duck.write(Path.of(step.optionalStringParam("dir").orElseThrow()).resolve(output), select);
          }
        })
        .build();
  }

  @Test
  void theIssuesBlockReadsIntoChecksOfTheStepAndOfTheStepThatReadsTheSource() {
    PipelineDefinition definition = YamlPipelineReader.forPlanning().readString(ISSUE_YAML, "daily.yaml");

    PipelineStep aggregate = definition.pipeline().step("aggregate_sales").orElseThrow();
    assertThat(aggregate.checks()).extracting(Check::name).containsExactly(
        "row_count", "not_null(sale_date, revenue)", "unique(sale_date)", "accepted_values(region)",
        "range(revenue)", "freshness(updated_at)", "schema", "drift(row_count)", "drift(null_ratio(customer_id))", "sql");
    assertThat(aggregate.checks()).allSatisfy(c -> {
      assertThat(c.dataset()).isEqualTo("marts/daily_sales.parquet");
      assertThat(c.onInput()).isFalse();
      assertThat(c.logic()).isPresent();
    });
    assertThat(aggregate.checks().get(2).severity()).isEqualTo(CheckSeverity.WARN);
    assertThat(aggregate.checks().get(0).params()).containsEntry("min", 300).containsEntry("max", 400);
    Check source = definition.pipeline().step("extract_orders").orElseThrow().checks().get(0);
    assertThat(source.dataset()).isEqualTo("postgres.orders");
    assertThat(source.onInput()).isTrue();
    assertThat(definition.sources()).containsOnlyKeys("postgres.orders");
    assertThat(definition.connections()).containsOnlyKeys("warehouse");
    assertThat(definition.connections().get("warehouse").url()).isEqualTo("jdbc:duckdb:warehouse.duckdb");
    assertThat(definition.pipeline().declarations()).containsKeys("checks", "connections");
  }

  @Test
  void aWrittenPlanReadsBackAsTheSameChecksSourcesAndConnections() {
    PipelineDefinition definition = YamlPipelineReader.forPlanning().readString(ISSUE_YAML, "daily.yaml");

    String yaml = YamlPlanWriter.create().write(definition);
    PipelineDefinition reread = YamlPipelineReader.forPlanning().readString(yaml, "plan.yaml");

    assertThat(reread.pipeline()).isEqualTo(definition.pipeline());
    assertThat(reread.pipeline().step("aggregate_sales").orElseThrow().checks())
        .isEqualTo(definition.pipeline().step("aggregate_sales").orElseThrow().checks());
    assertThat(reread.connections().values()).extracting(c -> c.name() + " " + c.url() + " " + c.userEnv())
        .containsExactly("warehouse jdbc:duckdb:warehouse.duckdb Optional.empty");
    assertThat(yaml).contains(
        "    checks:\n"
            + "      - row_count: {min: 300, max: 400}\n"
            + "      - not_null: [sale_date, revenue]\n"
            + "      - unique: [sale_date]\n"
            + "        severity: warn\n",
        "      - drift: {metric: row_count, max_change: \"20%\", baseline: previous}\n",
        "      - sql: \"select * from {dataset} where revenue < 0\"\n",
        "connections:\n  warehouse: {url: \"jdbc:duckdb:warehouse.duckdb\"}\n",
        "sources:\n  postgres.orders:\n    checks:\n      - freshness: {column: created_at, max_age: \"2h\"}\n");
  }

  @Test
  void checksMadeInCodeAreWrittenSoThatTheyReadBackEqual() {
    String mart = "marts/daily_sales.parquet";
    io.etlorchestrator.core.Pipeline pipeline = io.etlorchestrator.core.Pipeline.builder("p")
        .step("aggregate_sales", s -> s.outputs(mart)
            .check(QualityChecks.rowCount(mart, 300L, null).build())
            .check(QualityChecks.freshness(mart, "updated_at", java.time.Duration.ofMinutes(90)).severity(CheckSeverity.WARN).retry(true).build())
            .check(QualityChecks.drift(mart, "row_count", DriftRule.maxChange(0.2).andSensitivity(3)).build())
            .check(QualityChecks.schemaUnchanged(mart).build()))
        .build();

    String yaml = YamlPlanWriter.create().write(io.etlorchestrator.core.Planner.plan(pipeline));

    assertThat(YamlPipelineReader.forPlanning().readString(yaml).pipeline()).as(yaml).isEqualTo(pipeline);
    assertThat(yaml).contains("      - freshness: {column: updated_at, max_age: \"1h30m\"}\n        severity: warn\n        retry: true\n",
        "      - schema: unchanged\n");
  }

  private static List<String> problems(String yaml) {
    try {
      YamlPipelineReader.forPlanning().readString(yaml, "daily.yaml");
    } catch (YamlDefinitionException e) {
      return e.yamlProblems().stream().map(YamlProblem::describe).toList();
    }
    throw new AssertionError("no problem found in:\n" + yaml);
  }

  private static String withChecks(String... checks) {
    return "pipeline: p\nsteps:\n  - name: aggregate_sales\n    output: marts/daily_sales.parquet\n    checks:\n"
        + String.join("", java.util.Arrays.stream(checks).map(c -> "      - " + c + "\n").toList());
  }

  @Test
  void unknownKindsFieldsAndValuesAreProblemsAtTheirPositionsWithTheClosestName() {
    assertThat(problems(withChecks("row_cout: {min: 1}"))).containsExactly(
        "daily.yaml:6:9: steps[0].checks[0].row_cout: unknown check kind 'row_cout' (did you mean 'row_count'?);"
            + " check kinds: accepted_values, drift, freshness, not_null, range, row_count, schema, sql, unique");
    assertThat(problems(withChecks("unique: [id]\n        severty: warn"))).containsExactly(
        "daily.yaml:7:9: steps[0].checks[0].severty: unknown field 'severty' of a check (did you mean 'severity'?);"
            + " a check has its kind (unique) and: dataset, severity, retry");
    assertThat(problems(withChecks("unique: [id]\n        severity: fatal"))).containsExactly(
        "daily.yaml:7:19: steps[0].checks[0].severity: unknown severity 'fatal'; accepted: error, warn");
    assertThat(problems(withChecks("row_count: {min: 1, mx: 2}"))).containsExactly(
        "daily.yaml:6:29: steps[0].checks[0].row_count.mx: unknown field 'mx' (did you mean 'max'?); known fields: min, max");
    assertThat(problems(withChecks("row_count: {min: 1, max: lots}"))).containsExactly(
        "daily.yaml:6:34: steps[0].checks[0].row_count.max: max must be a whole number of at least 0, was text 'lots'");
    assertThat(problems(withChecks("drift: {metric: row_counts, max_change: 20%}"))).singleElement().asString()
        .startsWith("daily.yaml:6:25: steps[0].checks[0].drift.metric: unknown metric 'row_counts'; accepted: row_count, bytes,");
    assertThat(problems(withChecks("drift: {metric: row_count, max_change: 20}"))).containsExactly(
        "daily.yaml:6:48: steps[0].checks[0].drift.max_change: max_change must be a percentage such as 20%, was the number 20");
    assertThat(problems(withChecks("drift: {metric: row_count, sensitivity: 3, baseline: previous}"))).containsExactly(
        "daily.yaml:6:62: steps[0].checks[0].drift.baseline: a z-score (sensitivity) needs a baseline of at least 5 runs, such as {last: 14}");
    assertThat(problems(withChecks("drift: {metric: row_count, max_change: 20%, baseline: {lst: 3}}"))).containsExactly(
        "daily.yaml:6:64: steps[0].checks[0].drift.baseline.lst: unknown field 'lst' (did you mean 'last'?); known fields: last");
    assertThat(problems(withChecks("not_null: [a, 3]"))).containsExactly(
        "daily.yaml:6:23: steps[0].checks[0].not_null[1]: a column name must be text, found the number 3");
    assertThat(problems(withChecks("freshness: {max_age: soon}"))).singleElement().asString()
        .startsWith("daily.yaml:6:30: steps[0].checks[0].freshness.max_age: max_age must be a positive duration such as 26h, was text 'soon'");
    assertThat(problems(withChecks("schema: changed"))).containsExactly(
        "daily.yaml:6:17: steps[0].checks[0].schema: schema takes {columns: {name: type, ...}} or unchanged, found text 'changed'");
    assertThat(problems(withChecks("unique: [id]\n        dataset: marts/daily_sale.parquet"))).containsExactly(
        "daily.yaml:7:18: steps[0].checks[0].dataset: step 'aggregate_sales' does not write 'marts/daily_sale.parquet'"
            + " (did you mean 'marts/daily_sales.parquet'?); it writes: marts/daily_sales.parquet");
    assertThat(problems(withChecks("row_count: {min: 1}\n        not_null: [a]"))).containsExactly(
        "daily.yaml:7:9: steps[0].checks[0].not_null: a check has one kind, and this one names 'row_count' and"
            + " 'not_null'; write each check as its own entry");
  }

  @Test
  void sourcesAndConnectionsAreCheckedToo() {
    String yaml = String.join("\n",
        "pipeline: p",
        "connections:",
        "  warehouse: {url: \"jdbc:duckdb:w.duckdb\", password: hunter2}",
        "  pg: {url: \"postgres://db\", user_env: U}",
        "steps:",
        "  - name: extract_orders",
        "    source: postgres.orders",
        "    target: staging/orders.parquet",
        "sources:",
        "  postgres.order:",
        "    checks: [{row_count: {min: 1}}]",
        "  staging/orders.parquet:",
        "    checks: [{row_count: {min: 1}}]",
        "");

    assertThat(problems(yaml)).containsExactly(
        "daily.yaml:3:44: connections.warehouse.password: a password is not written in the definition: put it in"
            + " an environment variable and name the variable with password_env",
        "daily.yaml:4:13: connections.pg.url: expected a JDBC URL such as jdbc:postgresql://host:5432/db or jdbc:duckdb:warehouse.duckdb",
        "daily.yaml:10:3: sources.postgres.order: no step reads source 'postgres.order' (did you mean 'postgres.orders'?);"
            + " the sources steps read: postgres.orders",
        "daily.yaml:12:3: sources.staging/orders.parquet: 'staging/orders.parquet' is written by step 'extract_orders',"
            + " so it is no source; put its checks under that step's checks:");
  }

  @Test
  void theDefinitionsExecutorRunsTheChecksOnFilesOfItsWorkingDirectoryAndTablesOfItsConnections() throws Exception {
    Duck.on("jdbc:duckdb:" + work.resolve("warehouse.duckdb"), "CREATE TABLE daily_summary AS " + Duck.sales(365));
    String yaml = String.join("\n",
        "pipeline: daily_sales_etl",
        "connections:",
        "  warehouse: {url: \"jdbc:duckdb:warehouse.duckdb\"}",
        "steps:",
        "  - name: aggregate_sales",
        "    type: copy",
        "    output: marts/daily_sales.parquet",
        "    params: {dir: '" + work + "'}",
        "    checks:",
        "      - row_count: {min: 300, max: 400}",
        "      - unique: [sale_date]",
        "  - name: load_warehouse",
        "    type: copy",
        "    inputs: [marts/daily_sales.parquet, warehouse.daily_summary]",
        "    output: loaded/done.csv",
        "    params: {dir: '" + work + "'}",
        "sources:",
        "  warehouse.daily_summary:",
        "    checks:",
        "      - not_null: [customer_id]",
        "      - sql: \"select * from {dataset} where revenue < 0\"",
        "");
    AtomicInteger runs = new AtomicInteger();
    PipelineDefinition definition = YamlPipelineReader.withStepTypes(types(runs)).readString(yaml, "daily.yaml")
        .withWorkingDirectory(work);

    PipelineRun run;
    try (Executor executor = definition.executorBuilder().checkpointStore(CheckpointStore.file(work.resolve(".etl"))).build()) {
      run = executor.run(definition.plan());
    }

    assertThat(run.status()).hasToString("SUCCESS");
    assertThat(run.step("aggregate_sales").orElseThrow().checks()).extracting(CheckResult::outcome)
        .containsExactly(CheckOutcome.PASS, CheckOutcome.PASS);
    assertThat(run.step("load_warehouse").orElseThrow().checks()).extracting(CheckResult::check, CheckResult::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("not_null(customer_id)", CheckOutcome.PASS),
            org.assertj.core.groups.Tuple.tuple("sql", CheckOutcome.PASS));
    assertThat(run.step("load_warehouse").orElseThrow().profile("warehouse.daily_summary"))
        .hasValueSatisfying(p -> assertThat(p.rows()).hasValue(365));
  }

  @Test
  void aFailingSourceCheckKeepsTheStepThatReadsItFromRunning() throws Exception {
    Duck.write(work.resolve("raw/orders.parquet"), Duck.sales(3));
    String yaml = String.join("\n",
        "pipeline: p",
        "steps:",
        "  - name: extract_orders",
        "    type: copy",
        "    source: raw/orders.parquet",
        "    target: staging/orders.parquet",
        "    params: {dir: '" + work + "'}",
        "sources:",
        "  raw/orders.parquet:",
        "    checks:",
        "      - row_count: {min: 100}",
        "");
    AtomicInteger runs = new AtomicInteger();
    PipelineDefinition definition = YamlPipelineReader.withStepTypes(types(runs)).readString(yaml).withWorkingDirectory(work);

    PipelineRun run;
    try (Executor executor = definition.executorBuilder().build()) {
      run = executor.run(definition.plan());
    }

    assertThat(run.step("extract_orders").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    assertThat(run.step("extract_orders").orElseThrow().checks().get(0).message())
        .isEqualTo("raw/orders.parquet has 3 rows, fewer than the 100 expected");
    assertThat(runs).as("the extract never ran on the short source").hasValue(0);
  }

  @Test
  void aCheckOnAColumnTheDataLacksIsAnErrorOutcomeNotADefinitionProblem() throws Exception {
    String yaml = withChecks("not_null: [revenu]").replace("    output:", "    type: copy\n    params: {dir: '" + work + "'}\n    output:");
    PipelineDefinition definition = YamlPipelineReader.withStepTypes(types(new AtomicInteger())).readString(yaml).withWorkingDirectory(work);

    PipelineRun run;
    try (Executor executor = definition.executorBuilder().build()) {
      run = executor.run(definition.plan());
    }

    CheckResult result = run.step("aggregate_sales").orElseThrow().checks().get(0);
    assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
    assertThat(result.message()).contains("has no column 'revenu' (did you mean 'revenue'?); its columns: sale_date, region, revenue, customer_id, updated_at");
  }

  @Test
  void anExecutorBuiltWithoutTheDefinitionsProfilersCannotReadTheDataAndSaysSo() throws Exception {
    String yaml = withChecks("row_count: {min: 1}").replace("    output:", "    type: copy\n    params: {dir: '" + work + "'}\n    output:");
    PipelineDefinition definition = YamlPipelineReader.withStepTypes(types(new AtomicInteger())).readString(yaml);

    PipelineRun run;
    try (Executor executor = Executor.builder().build()) {
      run = executor.run(definition.plan());
    }

    assertThatThrownBy(() -> { throw new IllegalStateException(run.step("aggregate_sales").orElseThrow().checks().get(0).message()); })
        .hasMessageContaining("no profiler is registered to read dataset 'marts/daily_sales.parquet'");
  }
}
