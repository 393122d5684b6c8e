package io.etlorchestrator.yaml;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.alert.AlertRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline read from a YAML definition: the validated core {@link Pipeline} (the same one the
 * builder makes, so the planner and executor treat both alike), the step definitions as written
 * (with their {@code params}) and the alert rules of {@code failure_policies.alerts}.
 *
 * @param source the file name or other name of the input
 * @param pipeline the pipeline; its steps have actions when read with a {@link StepTypeRegistry}
 * @param steps the steps as written, in definition order
 * @param alerts the alert rules, in file order
 * @param resilience circuit breakers, rate limiters, bulkheads and the attempt timeout of {@code
 *     failure_policies}, for a module that enforces them such as {@code etl-failsafe}
 */
public record PipelineDefinition(
    String source,
    Pipeline pipeline,
    List<StepDefinition> steps,
    List<AlertDefinition> alerts,
    ResilienceDefinition resilience) {

  /** Checks for nulls and copies. */
  public PipelineDefinition {
    Objects.requireNonNull(source, "source must not be null");
    Objects.requireNonNull(pipeline, "pipeline must not be null");
    steps = List.copyOf(steps);
    alerts = List.copyOf(alerts);
    Objects.requireNonNull(resilience, "resilience must not be null");
  }

  /** A definition without resilience settings. */
  public PipelineDefinition(
      String source, Pipeline pipeline, List<StepDefinition> steps, List<AlertDefinition> alerts) {
    this(source, pipeline, steps, alerts, ResilienceDefinition.NONE);
  }

  /** The definition of the step named {@code name}, if there is one. */
  public Optional<StepDefinition> step(String name) {
    return pipeline.indexOf(name).map(steps::get);
  }

  /**
   * The alert rules as the core's {@link AlertRule}s, one per event of each rule, in file order:
   * what {@code io.etlorchestrator.core.alert.Alerting.builder().rules(...)} takes.
   */
  public List<AlertRule> alertRules() {
    List<AlertRule> rules = new ArrayList<>();
    for (AlertDefinition alert : alerts) {
      rules.addAll(alert.rules());
    }
    return rules;
  }

  /** The pipeline's plan: {@code Planner.plan(pipeline())}. */
  public ExecutionPlan plan() {
    return Planner.plan(pipeline);
  }
}
