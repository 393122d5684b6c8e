package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineValidationTest {

  @Test
  void reportsEveryProblemAtOnceNamingStepAndField() {
    Pipeline.Builder builder =
        Pipeline.builder("broken")
            .step("extract_orders", s -> s.outputs("staging/orders.parquet"))
            .step("extract_orders", s -> s.outputs("staging/other.parquet"))
            .step(" ", s -> s.outputs("x"))
            .step("copy_orders", s -> s.outputs("staging/orders.parquet"))
            .step(
                "transform_orders",
                s -> s.dependsOn("extract_order").estimatedDuration(Duration.ofSeconds(-5)))
            .step("loop", s -> s.dependsOn("loop"));

    PipelineDefinitionException e =
        catchThrowableOfType(PipelineDefinitionException.class, builder::build);

    assertThat(e.pipeline()).isEqualTo("broken");
    assertThat(e.problems())
        .extracting(DefinitionProblem::describe)
        .containsExactly(
            "step 'extract_orders': name is already used by step #1; step names must be unique"
                + " (this is step #2)",
            "step #3: name must not be blank",
            "step 'copy_orders': output 'staging/orders.parquet' is already produced by step"
                + " 'extract_orders'; a dataset must have exactly one producer",
            "step 'transform_orders': estimated_duration must not be negative, was -5s",
            "step 'transform_orders': depends_on names unknown step 'extract_order' (did you mean"
                + " 'extract_orders'?)",
            "step 'loop': depends_on names the step itself; a step cannot depend on itself");
    assertThat(e.getMessage())
        .startsWith("pipeline 'broken' is invalid (6 problems):\n  - step 'extract_orders': ");
  }

  @Test
  void problemsCarryStructuredLocation() {
    PipelineDefinitionException e =
        catchThrowableOfType(
            PipelineDefinitionException.class,
            () ->
                Pipeline.builder("p")
                    .step("a", s -> s.outputs("x"))
                    .step("b", s -> s.dependsOn("a", "c"))
                    .build());
    DefinitionProblem problem = e.problems().get(0);
    assertThat(problem.stepIndex()).isEqualTo(1);
    assertThat(problem.step()).contains("b");
    assertThat(problem.field()).isEqualTo("depends_on");
    assertThat(problem.value()).contains("c");
  }

  @Test
  void unknownDependencyWithoutCloseNameHasNoSuggestion() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("p")
                    .step("extract", s -> {})
                    .step("load", s -> s.dependsOn("completely_different"))
                    .build())
        .isInstanceOf(PipelineDefinitionException.class)
        .hasMessageEndingWith(
            "step 'load': depends_on names unknown step 'completely_different'");
  }

  @Test
  void stepReadingItsOwnOutputIsRejected() {
    assertThatThrownBy(() -> Pipeline.builder("p").step("a", s -> s.inputs("t").outputs("t")).build())
        .hasMessageEndingWith(
            "step 'a': input 't' is also an output of the same step; a step cannot depend on"
                + " itself");
  }

  @Test
  void nonPositiveTimeoutIsRejected() {
    assertThatThrownBy(
            () -> Pipeline.builder("p").step("a", s -> s.timeout(Duration.ZERO)).build())
        .hasMessageEndingWith("step 'a': timeout must be positive, was 0s");
  }

  @Test
  void blankPipelineNameAndNoStepsAreRejected() {
    PipelineDefinitionException e =
        catchThrowableOfType(PipelineDefinitionException.class, Pipeline.builder(" ")::build);
    assertThat(e.problems())
        .extracting(DefinitionProblem::describe)
        .containsExactly(
            "pipeline: name must not be blank", "pipeline: has no steps; add at least one");
  }

  @Test
  void blankDatasetsAndResourcesAreRejected() {
    PipelineDefinitionException e =
        catchThrowableOfType(
            PipelineDefinitionException.class,
            () -> Pipeline.builder("p").step("a", s -> s.inputs("").resources(" ")).build());
    assertThat(e.problems())
        .extracting(DefinitionProblem::describe)
        .containsExactly(
            "step 'a': resources must not contain a blank name",
            "step 'a': inputs must not contain a blank name");
  }

  @Test
  void cycleThroughDatasetsNamesEveryStepAndLinkInOrder() {
    PipelineDefinitionException e =
        catchThrowableOfType(
            PipelineDefinitionException.class,
            () ->
                Pipeline.builder("p")
                    .step("start", s -> s.outputs("s.out"))
                    .step("a", s -> s.inputs("s.out", "c.out").outputs("a.out"))
                    .step("b", s -> s.inputs("a.out").outputs("b.out"))
                    .step("c", s -> s.inputs("b.out").outputs("c.out"))
                    .step("after", s -> s.inputs("c.out"))
                    .build());
    assertThat(e.problems())
        .extracting(DefinitionProblem::describe)
        .containsExactly(
            "step 'a': dependency cycle: a -> b (via a.out) -> c (via b.out) -> a (via c.out);"
                + " remove one of these dependencies");
    assertThat(e.problems().get(0).field()).isEqualTo("inputs");
    assertThat(e.problems().get(0).value()).contains("c.out");
  }

  @Test
  void cycleThroughDependsOnSaysSo() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("p")
                    .step("x", s -> s.dependsOn("y"))
                    .step("y", s -> s.dependsOn("x"))
                    .build())
        .hasMessageEndingWith(
            "step 'x': dependency cycle: x -> y (via depends_on) -> x (via depends_on); remove"
                + " one of these dependencies");
  }

  @Test
  void neverReportsTheSeedsBareCircularDependencyMessage() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("p")
                    .step("x", s -> s.inputs("b").outputs("a"))
                    .step("y", s -> s.inputs("a").outputs("b"))
                    .build())
        .hasMessageNotContaining("Circular dependency detected")
        .hasMessageContaining("x -> y (via a) -> x (via b)");
  }

  @Test
  void builtPipelineKeepsDefinitionOrderAndLooksStepsUp() {
    Pipeline pipeline = SeedPipeline.pipeline();
    assertThat(pipeline.steps())
        .extracting(PipelineStep::name)
        .containsExactly(
            "extract_orders",
            "extract_customers",
            "extract_products",
            "transform_orders",
            "aggregate_sales",
            "load_warehouse");
    assertThat(pipeline.step("transform_orders").map(PipelineStep::inputs))
        .contains(
            new java.util.LinkedHashSet<>(
                List.of("staging/orders.parquet", "staging/customers.parquet")));
    assertThat(pipeline.step("nope")).isEmpty();
    assertThat(pipeline.indexOf("aggregate_sales")).contains(4);
  }

  @Test
  @SuppressWarnings("unchecked")
  void stepsAreImmutableCopies() {
    java.util.Set<String> inputs = new java.util.LinkedHashSet<>(List.of("a"));
    java.util.List<Object> nested = new java.util.ArrayList<>(List.of("x"));
    java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();
    params.put("tables", nested);
    PipelineStep step =
        new PipelineStep(
            "s",
            "extract",
            inputs,
            java.util.Set.of(),
            java.util.Set.of(),
            Duration.ZERO,
            true,
            java.util.Set.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            params,
            Optional.empty(),
            List.of());
    inputs.add("b");
    nested.add("y");
    params.put("other", 1);
    assertThat(step.inputs()).containsExactly("a");
    assertThatThrownBy(() -> step.inputs().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(step.params()).containsExactly(java.util.Map.entry("tables", List.of("x")));
    assertThatThrownBy(() -> ((List<Object>) step.params().get("tables")).add("z"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withActionsKeepsEverySettingAndDeclarationAndReplacesOnlyTheActions() {
    Pipeline pipeline = Pipeline.builder("p")
        .defaultRetryPolicy(RetryPolicy.none()).defaultFallback(Fallback.SKIP_DOWNSTREAM)
        .resourceLimit("db", 2).declare("failure_policies.alerts", "Alerting")
        .step("a", s -> s.outputs("x").param("table", "orders").version("3"))
        .step("b", s -> s.inputs("x"))
        .build();
    StepAction replaced = ctx -> ctx.reportRows(1);

    Pipeline copy = pipeline.withActions(step -> replaced);

    assertThat(copy).isEqualTo(pipeline);
    assertThat(copy.declarations()).isEqualTo(pipeline.declarations()).containsKey("failure_policies.alerts");
    assertThat(copy.steps()).allSatisfy(step -> assertThat(step.action()).containsSame(replaced));
    assertThat(pipeline.steps()).allSatisfy(step -> assertThat(step.action()).isEmpty());
  }

  @Test
  void aStepsSettingsMustBePlainValues() {
    assertThatThrownBy(() -> PipelineStep.builder("s").param("when", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("params.when: a value of type java.lang.Object; accepted: text, numbers, booleans, null");
    assertThatThrownBy(() -> PipelineStep.builder("s").param("m", java.util.Map.of(1, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("params.m: a mapping's keys must be text, was Integer");
  }

  @Test
  void stepEqualityIgnoresTheAction() {
    PipelineStep withAction = PipelineStep.builder("s").action(ctx -> {}).build();
    PipelineStep without = PipelineStep.builder("s").build();
    assertThat(withAction).isEqualTo(without).hasSameHashCodeAs(without);
    assertThat(withAction.toBuilder().type("load").build()).isNotEqualTo(without);
  }

  @Test
  void policiesFallBackToThePipelineDefaults() {
    RetryPolicy once = RetryPolicy.none();
    Pipeline pipeline =
        Pipeline.builder("p")
            .defaultFallback(Fallback.SKIP_DOWNSTREAM)
            .step("a", s -> {})
            .step("b", s -> s.retryPolicy(once).fallback(Fallback.ALERT_AND_CONTINUE))
            .build();
    PipelineStep a = pipeline.steps().get(0);
    PipelineStep b = pipeline.steps().get(1);
    assertThat(pipeline.retryPolicyOf(a)).isEqualTo(RetryPolicy.ofDefaults());
    assertThat(pipeline.fallbackOf(a)).isEqualTo(Fallback.SKIP_DOWNSTREAM);
    assertThat(pipeline.retryPolicyOf(b)).isEqualTo(once);
    assertThat(pipeline.fallbackOf(b)).isEqualTo(Fallback.ALERT_AND_CONTINUE);
  }

  @Test
  void resourceLimitMustBePositive() {
    assertThatThrownBy(() -> Pipeline.builder("p").resourceLimit("postgres", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit of resource 'postgres' must be at least 1, was 0");
  }

  @Test
  void builderIsReusableAfterBuild() {
    Pipeline.Builder builder = Pipeline.builder("p").step("a", s -> {});
    Pipeline first = builder.build();
    Pipeline second = builder.step("b", s -> s.dependsOn("a")).build();
    assertThat(first.steps()).hasSize(1);
    assertThat(second.steps()).hasSize(2);
  }

  @Test
  void estimatesThatAddUpBeyondWhatAPlanCanHoldAreRejectedNotOverflowed() {
    // Each estimate is at most a year; 293 of them add up to more than 292 years of nanoseconds.
    Pipeline.Builder builder = Pipeline.builder("p");
    for (int i = 1; i <= 300; i++) {
      builder.step("s" + i, s -> s.estimatedDuration(Limits.MAX_DURATION));
    }
    PipelineDefinitionException e = catchThrowableOfType(PipelineDefinitionException.class, builder::build);
    assertThat(e.getMessage())
        .contains("step 's293'")
        .contains("makes the pipeline's estimates add up to more than a plan can hold");
    assertThat(e.problems()).extracting(DefinitionProblem::field).containsExactly("estimated_duration");
  }
}
