package io.etlorchestrator.yaml;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.alert.AlertRule;
import io.etlorchestrator.core.quality.Check;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline read from a YAML definition: the validated core {@link Pipeline} (the same one the
 * builder makes, so the planner and executor treat both alike; its steps carry their checks and
 * those of the sources they read), the step definitions as written (with their {@code params}),
 * the alert rules of {@code failure_policies.alerts} and the connections of {@code connections:}.
 *
 * @param source the file name or other name of the input
 * @param pipeline the pipeline; its steps have actions when read with a {@link StepTypeRegistry}
 * @param steps the steps as written, in definition order
 * @param alerts the alert rules, in file order
 * @param resilience circuit breakers, rate limiters, bulkheads and the attempt timeout of {@code
 *     failure_policies}, for a module that enforces them such as {@code etl-failsafe}
 * @param connections the named JDBC connections of {@code connections:}, in file order, whose
 *     tables are datasets {@code NAME.schema.table} (profiled and checked by {@code etl-quality})
 * @param workingDirectory the directory file datasets ({@code staging/orders.parquet}) are
 *     relative to when checks read them; the empty path, the process's current directory, unless
 *     {@link #withWorkingDirectory} says otherwise
 */
public record PipelineDefinition(
    String source,
    Pipeline pipeline,
    List<StepDefinition> steps,
    List<AlertDefinition> alerts,
    ResilienceDefinition resilience,
    Map<String, ConnectionDefinition> connections,
    Path workingDirectory) {

  /** The name {@code Pipeline.declarations()} gives a definition's checks (of steps and of sources). */
  public static final String CHECKS = "checks";

  /** The name {@code Pipeline.declarations()} gives a definition's {@code connections:}. */
  public static final String CONNECTIONS = "connections";

  /** What applies {@link #CHECKS} and {@link #CONNECTIONS}, for the WARN line of an executor that does not. */
  public static final String CHECKS_APPLIED_BY =
      "etl-quality's profilers of files and tables, wired by PipelineDefinition.executorBuilder() when"
          + " etl-quality is on the class path";

  /** Checks for nulls and copies. */
  public PipelineDefinition {
    Objects.requireNonNull(source, "source must not be null");
    Objects.requireNonNull(pipeline, "pipeline must not be null");
    steps = List.copyOf(steps);
    alerts = List.copyOf(alerts);
    Objects.requireNonNull(resilience, "resilience must not be null");
    connections = Collections.unmodifiableMap(new LinkedHashMap<>(connections));
    Objects.requireNonNull(workingDirectory, "workingDirectory must not be null");
  }

  /** A definition without connections, its files relative to the current directory. */
  public PipelineDefinition(
      String source,
      Pipeline pipeline,
      List<StepDefinition> steps,
      List<AlertDefinition> alerts,
      ResilienceDefinition resilience) {
    this(source, pipeline, steps, alerts, resilience, Map.of(), Path.of(""));
  }

  /** A definition without resilience settings. */
  public PipelineDefinition(
      String source, Pipeline pipeline, List<StepDefinition> steps, List<AlertDefinition> alerts) {
    this(source, pipeline, steps, alerts, ResilienceDefinition.NONE);
  }

  /**
   * This definition with its file datasets relative to {@code directory} (the CLI's {@code
   * --workdir}, say): where the profilers {@link #executorBuilder()} wires read them.
   */
  public PipelineDefinition withWorkingDirectory(Path directory) {
    return new PipelineDefinition(source, pipeline, steps, alerts, resilience, connections,
        Objects.requireNonNull(directory, "directory must not be null"));
  }

  /**
   * The checks of {@code sources:}, by source dataset in the order first read: each is a check on
   * the input of every step that reads the source ({@link Check#onInput()}), run before that
   * step's action.
   */
  public Map<String, List<Check>> sources() {
    Map<String, List<Check>> sources = new LinkedHashMap<>();
    for (io.etlorchestrator.core.PipelineStep step : pipeline.steps()) {
      for (Check check : step.checks()) {
        if (check.onInput()) {
          List<Check> checks = sources.computeIfAbsent(check.dataset(), d -> new ArrayList<>());
          if (!checks.contains(check)) {
            checks.add(check);
          }
        }
      }
    }
    sources.replaceAll((dataset, checks) -> List.copyOf(checks));
    return Collections.unmodifiableMap(sources);
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
   * breakers, rate limiters, bulkheads and attempt timeout; {@code etl-quality} registers the
   * profilers the checks read files and tables with, for the {@link #connections()} and the
   * {@link #workingDirectory()}). Resource limits are part of the
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
