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

  /** The name {@code Pipeline.declarations()} gives the definition's alert rules. */
  public static final String ALERTS = "failure_policies.alerts";

  /**
   * An {@link io.etlorchestrator.core.alert.Alerting} builder with the definition's alert rules,
   * whose channels nobody registers go to the {@code log} channel (one log line at build says
   * which). Register the real channels before building:
   *
   * <pre>{@code
   * Alerting alerting = definition.alertingBuilder()
   *     .channel("slack", WebhookChannel.slack(URI.create(url)).build())
   *     .build();
   * Executor.Builder executor = definition.executorBuilder(alerting);
   * }</pre>
   */
  public io.etlorchestrator.core.alert.Alerting.Builder alertingBuilder() {
    return io.etlorchestrator.core.alert.Alerting.builder()
        .rules(alertRules())
        .unregisteredChannelsTo(io.etlorchestrator.core.alert.Alerting.LOG_CHANNEL);
  }

  /**
   * An executor builder that applies everything the definition declares: its alert rules (every
   * channel to the log; see {@link #executorBuilder(io.etlorchestrator.core.alert.Alerting)} for
   * real channels), and, through the {@link io.etlorchestrator.yaml.spi.ExecutorContributor}s on
   * the class path, the blocks of other modules ({@code etl-failsafe} applies the circuit
   * breakers, rate limiters, bulkheads and attempt timeout). Resource limits are part of the
   * pipeline and need nothing. Add the store, listeners, pool and parallelism of your own:
   *
   * <pre>{@code
   * PipelineDefinition definition = YamlPipelineReader.withStepTypes(types).read(path);
   * try (Executor executor = definition.executorBuilder().checkpointStore(store).build()) {
   *   executor.run(definition.plan());
   * }
   * }</pre>
   *
   * The executor owns the {@code Alerting} it made: {@link io.etlorchestrator.core.Executor#close()}
   * closes it (which delivers the alerts still queued). A block the definition declares that
   * nothing on the class path applies is named in a WARN line when a run starts.
   */
  public io.etlorchestrator.core.Executor.Builder executorBuilder() {
    io.etlorchestrator.core.Executor.Builder builder = io.etlorchestrator.core.Executor.builder();
    if (!alerts.isEmpty()) {
      io.etlorchestrator.core.alert.Alerting alerting = alertingBuilder().build();
      builder.listener(alerting).closeWith(alerting).applying(ALERTS);
    }
    contribute(builder);
    return builder;
  }

  /**
   * As {@link #executorBuilder()}, with alerts delivered by {@code alerting} (made with {@link
   * #alertingBuilder()} and the host's channels), which the host owns and closes.
   */
  public io.etlorchestrator.core.Executor.Builder executorBuilder(
      io.etlorchestrator.core.alert.Alerting alerting) {
    Objects.requireNonNull(alerting, "alerting must not be null");
    io.etlorchestrator.core.Executor.Builder builder =
        io.etlorchestrator.core.Executor.builder().listener(alerting).applying(ALERTS);
    contribute(builder);
    return builder;
  }

  private void contribute(io.etlorchestrator.core.Executor.Builder builder) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = PipelineDefinition.class.getClassLoader();
    }
    for (io.etlorchestrator.yaml.spi.ExecutorContributor contributor :
        java.util.ServiceLoader.load(io.etlorchestrator.yaml.spi.ExecutorContributor.class, loader)) {
      contributor.contribute(this, builder);
    }
  }

  /** The pipeline's plan: {@code Planner.plan(pipeline())}. */
  public ExecutionPlan plan() {
    return Planner.plan(pipeline);
  }
}
