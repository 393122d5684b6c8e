package io.etlorchestrator.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlStepTypesTest {
  private static final String TWO_STEPS =
      """
      pipeline: orders
      steps:
        - name: extract_orders
          type: extract
          source: postgres.orders
          target: staging/orders.parquet
          params:
            table: orders
            rows: 52340
            columns: [id, customer_id, total]
            options: {fetch_size: 1000, ssl: true, comment: ~}
        - name: load_orders
          type: load
          inputs: [staging/orders.parquet]
          outputs: [snowflake.orders]
      """;

  @Test
  void givesEveryStepTheActionItsTypesFactoryMakesFromTheDefinition() {
    List<StepDefinition> seen = new ArrayList<>();
    StepTypeRegistry types =
        StepTypeRegistry.builder()
            .register("extract", step -> { seen.add(step); return ctx -> ctx.reportRows(7); })
            .register("load", step -> { seen.add(step); return ctx -> ctx.reportRows(3); })
            .build();

    PipelineDefinition definition = YamlPipelineReader.withStepTypes(types).readString(TWO_STEPS);

    assertThat(seen).extracting(StepDefinition::name).containsExactly("extract_orders", "load_orders");
    StepDefinition extract = seen.get(0);
    assertThat(extract.type()).isEqualTo("extract");
    assertThat(extract.inputs()).containsExactly("postgres.orders");
    assertThat(extract.outputs()).containsExactly("staging/orders.parquet");
    assertThat(extract.line()).isEqualTo(3);
    assertThat(extract.stringParam("table")).isEqualTo("orders");
    assertThat(extract.param("rows")).contains(52340);
    assertThat(extract.param("columns")).contains(List.of("id", "customer_id", "total"));
    @SuppressWarnings("unchecked")
    Map<String, Object> options = (Map<String, Object>) extract.param("options").orElseThrow();
    assertThat(options)
        .containsEntry("fetch_size", 1000)
        .containsEntry("ssl", true)
        .containsEntry("comment", null);
    assertThat(definition.step("load_orders")).contains(seen.get(1));
    assertThat(definition.pipeline().steps()).allSatisfy(s -> assertThat(s.action()).isPresent());
  }

  @Test
  void aPipelineReadWithStepTypesRunsOnTheExecutor() {
    StepTypeRegistry types =
        StepTypeRegistry.builder()
            .register("extract", step -> ctx -> ctx.reportRows(7))
            .register("load", step -> ctx -> ctx.reportRows(3))
            .build();
    PipelineDefinition definition = YamlPipelineReader.withStepTypes(types).readString(TWO_STEPS);

    PipelineRun run;
    try (Executor executor = Executor.create()) {
      run = executor.run(definition.plan());
    }

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(run.totalRows()).isEqualTo(10);
  }

  @Test
  void readingForPlanningNeedsNoStepTypesAndGivesNoActions() {
    PipelineDefinition definition = YamlPipelineReader.forPlanning().readString(TWO_STEPS);

    assertThat(definition.pipeline().steps()).extracting(PipelineStep::action)
        .allSatisfy(action -> assertThat(action).isEmpty());
    assertThat(definition.plan().waves()).hasSize(2);
  }

  @Test
  void unknownStepTypeIsReportedWithTheRegisteredTypesAndTheClosestOne() {
    StepTypeRegistry types =
        StepTypeRegistry.builder()
            .register("extract", step -> ctx -> {})
            .register("loads", step -> ctx -> {})
            .register("transform", step -> ctx -> {})
            .build();

    YamlDefinitionException e =
        catchThrowableOfType(
            YamlDefinitionException.class,
            () -> YamlPipelineReader.withStepTypes(types).readString(TWO_STEPS, "orders.yaml"));

    assertThat(e.yamlProblems()).extracting(YamlProblem::describe)
        .containsExactly(
            "orders.yaml:13:11: steps[1].type: unknown step type 'load' (did you mean 'loads'?);"
                + " registered types: extract, loads, transform");
  }

  @Test
  void stepWithoutTypeIsReportedWhenTheDefaultTypeIsNotRegistered() {
    StepTypeRegistry types = StepTypeRegistry.builder().register("extract", s -> ctx -> {}).build();

    YamlDefinitionException e =
        catchThrowableOfType(
            YamlDefinitionException.class,
            () ->
                YamlPipelineReader.withStepTypes(types)
                    .readString("pipeline: p\nsteps:\n  - name: a\n", "p.yaml"));

    assertThat(e.yamlProblems()).extracting(YamlProblem::describe)
        .containsExactly(
            "p.yaml:3:5: steps[0].type: step 'a' has no type, so it is of type 'task', which is"
                + " not registered; registered types: extract");
  }

  @Test
  void aFactoryRejectingItsStepIsReportedAtTheStepsParamsWithEveryOtherProblem() {
    StepTypeRegistry types =
        StepTypeRegistry.builder()
            .register("extract", step -> { String q = step.stringParam("query"); return ctx -> {}; })
            .register("load", step -> ctx -> {})
            .build();
    String yaml = TWO_STEPS.replace("inputs: [staging/orders.parquet]", "inputz: [staging/orders.parquet]");

    YamlDefinitionException e =
        catchThrowableOfType(
            YamlDefinitionException.class,
            () -> YamlPipelineReader.withStepTypes(types).readString(yaml, "orders.yaml"));

    assertThat(e.yamlProblems()).extracting(YamlProblem::describe)
        .containsExactly(
            "orders.yaml:8:7: steps[0].params.query: step type 'extract' rejected step 'extract_orders':"
                + " params.query is required: a single text value; the step's params are table, rows,"
                + " columns, options",
            "orders.yaml:14:5: steps[1].inputz: unknown field 'inputz' (did you mean 'inputs'?)");
  }

  @Test
  void aFactoryReturningNoActionIsReported() {
    StepTypeRegistry types =
        StepTypeRegistry.builder().register("extract", s -> null).register("load", s -> ctx -> {}).build();

    assertThatThrownBy(() -> YamlPipelineReader.withStepTypes(types).readString(TWO_STEPS))
        .isInstanceOf(YamlDefinitionException.class)
        .hasMessageContaining(
            "<string>:8:7: steps[0].params: step type 'extract' made no action for step"
                + " 'extract_orders' (its factory returned null)");
  }

  @Test
  void discoversStepTypesContributedThroughServiceLoader() {
    StepTypeRegistry types = StepTypeRegistry.builder().discover().build();

    assertThat(types.types()).containsExactly("extract", "load", "transform");
    PipelineDefinition definition = YamlPipelineReader.withStepTypes(types).readString(TWO_STEPS);
    PipelineRun run;
    try (Executor executor = Executor.create()) {
      run = executor.run(definition.plan());
    }
    assertThat(run.step("extract_orders").orElseThrow().rows()).isEqualTo(52340);
  }

  @Test
  void registeringATypeTwiceNamesBothSources() {
    StepTypeRegistry.Builder builder = StepTypeRegistry.builder().discover();

    assertThatThrownBy(() -> builder.register("extract", s -> ctx -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "step type 'extract' is already registered by io.etlorchestrator.yaml.TestStepTypes;"
                + " cannot register it again from register()");
  }

  @Test
  void aBlankTypeNameIsRefused() {
    assertThatThrownBy(() -> StepTypeRegistry.builder().register(" ", s -> ctx -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step type name must not be blank");
  }

  @Test
  void aBuiltRegistryIsNotChangedByLaterRegistrations() {
    StepTypeRegistry.Builder builder = StepTypeRegistry.builder().register("a", s -> ctx -> {});
    StepTypeRegistry first = builder.build();

    builder.register("b", s -> ctx -> {});

    assertThat(first.types()).containsExactly("a");
    assertThat(builder.build().types()).containsExactly("a", "b");
    assertThat(first.factory("b")).isEmpty();
  }
}
