package io.etlorchestrator.yaml.internal;

import java.util.LinkedHashMap;
import java.time.Duration;
import io.etlorchestrator.yaml.ResilienceDefinition;
import io.etlorchestrator.core.DefinitionProblem;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineDefinitionException;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.internal.Errors;
import io.etlorchestrator.core.internal.Excerpt;
import io.etlorchestrator.core.internal.Suggestions;
import io.etlorchestrator.yaml.AlertDefinition;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.StepDefinition;
import io.etlorchestrator.yaml.StepFactory;
import io.etlorchestrator.yaml.StepParameterException;
import io.etlorchestrator.yaml.StepTypeRegistry;
import io.etlorchestrator.yaml.internal.StepReader.StepInfo;
import io.etlorchestrator.yaml.internal.Values.Located;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the {@link Node} tree of a definition file into a {@link PipelineDefinition}, collecting
 * every problem: those of the file (types, unknown and missing fields, durations, fallbacks,
 * alerts, step types) and those the core model finds ({@link Pipeline.Builder#build()}), each
 * mapped back to the line of the step and value concerned. Internal: not part of the public API.
 */
public final class DefinitionParser {
  /** Top-level fields. The plan's own fields are accepted so a written plan reads back. */
  public static final List<String> TOP_FIELDS =
      List.of(
          "pipeline",
          "generated",
          "steps",
          "execution_waves",
          "total_estimated_duration",
          "critical_path",
          "failure_policies",
          "resource_limits",
          "connections",
          "sources");

  /** Fields of {@code failure_policies}. */
  public static final List<String> POLICY_FIELDS =
      List.of(
          "retry",
          "default_fallback",
          "on_failure",
          "alerts",
          "circuit_breakers",
          "rate_limiters",
          "bulkheads",
          "attempt_timeout");

  private static final List<String> ON_FAILURE_FIELDS = List.of("action", "fallback");
  private static final List<String> ACTIONS = List.of("retry");
  private static final List<String> ALERT_FIELDS = List.of("on", "channels");
  private static final List<String> FALLBACKS =
      Arrays.stream(Fallback.values()).map(Fallback::definitionName).toList();
  private static final List<String> EVENTS =
      java.util.Arrays.stream(io.etlorchestrator.core.alert.AlertKind.values())
          .map(io.etlorchestrator.core.alert.AlertKind::definitionName)
          .collect(java.util.stream.Collectors.toUnmodifiableList());

  private final String source;
  private final Optional<StepTypeRegistry> registry;
  private final io.etlorchestrator.yaml.CheckKindRegistry checkKinds;
  private final Values values = new Values();
  private String pipelineName = "";

  /**
   * A parser of the definition read from {@code source}; with a registry, every step's type must
   * be registered and gets its action, without one the pipeline is for planning only.
   */
  public DefinitionParser(String source, Optional<StepTypeRegistry> registry) {
    this(source, registry, io.etlorchestrator.yaml.CheckKindRegistry.discovered());
  }

  /** As above, making the logic of checks with {@code checkKinds}. */
  public DefinitionParser(
      String source, Optional<StepTypeRegistry> registry, io.etlorchestrator.yaml.CheckKindRegistry checkKinds) {
    this.source = source;
    this.registry = registry;
    this.checkKinds = checkKinds;
  }

  /** The pipeline's name as far as it could be read; empty if the file gives none. */
  public String pipelineName() {
    return pipelineName;
  }

  /** Every problem found, ordered by position in the file. */
  public List<Problem> problems() {
    List<Problem> sorted = new ArrayList<>(values.problems());
    sorted.sort(
        Comparator.comparingInt((Problem p) -> p.mark().line())
            .thenComparingInt(p -> p.mark().column()));
    return sorted;
  }

  /** The definition, or empty if {@link #problems()} is not empty. */
  public Optional<PipelineDefinition> parse(Node root) {
    if (root == null || (root instanceof Node.Scalar && ((Node.Scalar) root).isNull())) {
      values.problem(
          Mark.FILE,
          "",
          "the file holds no definition; expected 'pipeline:' with the pipeline's name and"
              + " 'steps:' with its steps");
      return Optional.empty();
    }
    Node.Mapping top =
        values.mapping(root, "", "a mapping with 'pipeline:' (the name) and 'steps:'");
    if (top == null) {
      return Optional.empty();
    }
    values.checkFields(top, "", TOP_FIELDS);
    Node nameNode = values.required(top, "", "pipeline", "give the pipeline's name");
    if (nameNode != null) {
      String name = values.text(nameNode, "pipeline");
      pipelineName = name == null ? "" : name;
    }
    Node stepsNode = values.required(top, "", "steps", "list the pipeline's steps");
    List<Node> stepNodes = List.of();
    if (stepsNode != null) {
      if (stepsNode instanceof Node.Sequence) {
        stepNodes = ((Node.Sequence) stepsNode).items();
      } else {
        values.problem(
            stepsNode.mark(), "steps", "expected a list of steps, found %s", stepsNode.describe());
        stepsNode = null;
      }
    }
    Set<String> stepNames = new LinkedHashSet<>();
    for (Node node : stepNodes) {
      if (node instanceof Node.Mapping && ((Node.Mapping) node).get("name") instanceof Node.Scalar) {
        stepNames.add(((Node.Scalar) ((Node.Mapping) node).get("name")).text());
      }
    }

    RetryPolicy defaultRetry = RetryPolicy.ofDefaults();
    Fallback defaultFallback = Fallback.FAIL_PIPELINE;
    Map<String, Fallback> fallbacks = new HashMap<>();
    List<AlertDefinition> alerts = new ArrayList<>();
    ResilienceDefinition resilience = ResilienceDefinition.NONE;
    Node policiesNode = top.get("failure_policies");
    Node.Mapping policies =
        policiesNode == null
            ? null
            : values.mapping(
                policiesNode, "failure_policies", "a mapping with retry, on_failure and alerts");
    if (policies != null) {
      values.checkFields(policies, "failure_policies", POLICY_FIELDS);
      Node retry = policies.get("retry");
      if (retry != null) {
        defaultRetry = RetryReader.read(values, retry, "failure_policies.retry", defaultRetry);
      }
      Node fallback = policies.get("default_fallback");
      if (fallback != null) {
        String name =
            values.oneOf(fallback, "failure_policies.default_fallback", "fallback", FALLBACKS);
        if (name != null) {
          defaultFallback = Fallback.fromDefinitionName(name).orElseThrow();
        }
      }
      Node onFailure = policies.get("on_failure");
      if (onFailure != null) {
        readOnFailure(onFailure, stepNames, fallbacks);
      }
      Node alertsNode = policies.get("alerts");
      if (alertsNode != null) {
        readAlerts(alertsNode, alerts);
      }
      resilience = readResilience(policies);
    }
    Pipeline.Builder builder =
        Pipeline.builder(pipelineName).defaultRetryPolicy(defaultRetry).defaultFallback(defaultFallback);
    Node limits = top.get("resource_limits");
    if (limits != null) {
      readResourceLimits(limits, builder);
    }
    if (!alerts.isEmpty()) {
      builder.declare(PipelineDefinition.ALERTS, "Alerting, wired by PipelineDefinition.executorBuilder()");
    }
    for (String block : resilience.blocks()) {
      builder.declare(
          block,
          "an attempt policy such as etl-failsafe's FailsafeAttemptPolicy, wired by"
              + " PipelineDefinition.executorBuilder() when etl-failsafe is on the class path");
    }

    List<StepInfo> steps = new ArrayList<>(stepNodes.size());
    for (int i = 0; i < stepNodes.size(); i++) {
      steps.add(StepReader.read(values, stepNodes.get(i), i, defaultRetry, fallbacks));
    }
    registry.ifPresent(r -> createActions(r, steps));
    CheckReader checks = new CheckReader(values, checkKinds);
    steps.forEach(checks::readStepChecks);
    Node sources = top.get("sources");
    if (sources != null) {
      checks.readSources(sources, steps);
    }
    Map<String, io.etlorchestrator.yaml.ConnectionDefinition> connections = new LinkedHashMap<>();
    Node connectionsNode = top.get("connections");
    if (connectionsNode != null) {
      connections = checks.readConnections(connectionsNode);
    }
    boolean anyCheck = false;
    for (StepInfo step : steps) {
      anyCheck |= step.builder() != null && step.hasChecks();
    }
    if (anyCheck) {
      builder.declare(PipelineDefinition.CHECKS, PipelineDefinition.CHECKS_APPLIED_BY);
    }
    if (!connections.isEmpty()) {
      builder.declare(PipelineDefinition.CONNECTIONS, PipelineDefinition.CHECKS_APPLIED_BY);
    }
    for (StepInfo step : steps) {
      builder.step(step.builder() != null ? step.builder().build() : PipelineStep.builder("").build());
    }
    Pipeline pipeline = null;
    if (stepsNode != null) {
      try {
        pipeline = builder.build();
      } catch (PipelineDefinitionException e) {
        for (DefinitionProblem problem : e.problems()) {
          reportModelProblem(problem, steps, top);
        }
      }
    }
    if (!values.problems().isEmpty() || pipeline == null) {
      return Optional.empty();
    }
    List<StepDefinition> definitions = new ArrayList<>(steps.size());
    steps.forEach(s -> definitions.add(s.definition()));
    return Optional.of(new PipelineDefinition(
        source, pipeline, definitions, alerts, resilience, connections, java.nio.file.Path.of("")));
  }

  private void readOnFailure(Node node, Set<String> stepNames, Map<String, Fallback> fallbacks) {
    String path = "failure_policies.on_failure";
    Node.Mapping m = values.mapping(node, path, "a mapping from step name to action and fallback");
    if (m == null) {
      return;
    }
    Suggestions suggestions = null;
    for (Node.Entry entry : m.entries().values()) {
      String stepPath = Paths.key(path, entry.key());
      if (!stepNames.contains(entry.key())) {
        if (suggestions == null) {
          suggestions = Suggestions.among(stepNames);
        }
        String suggestion =
            suggestions
                .closest(entry.key())
                .map(s -> String.format(" (did you mean '%s'?)", Excerpt.of(s)))
                .orElse("");
        values.problem(
            entry.keyMark(),
            stepPath,
            "names unknown step '%s'%s",
            Excerpt.of(entry.key()),
            suggestion);
      }
      Node.Mapping policy =
          values.mapping(entry.value(), stepPath, "a mapping with action and fallback");
      if (policy == null) {
        continue;
      }
      values.checkFields(policy, stepPath, ON_FAILURE_FIELDS);
      Node action = policy.get("action");
      if (action != null) {
        values.oneOf(action, Paths.key(stepPath, "action"), "action", ACTIONS);
      }
      Node fallback = policy.get("fallback");
      if (fallback != null) {
        String name = values.oneOf(fallback, Paths.key(stepPath, "fallback"), "fallback", FALLBACKS);
        if (name != null) {
          fallbacks.put(entry.key(), Fallback.fromDefinitionName(name).orElseThrow());
        }
      }
    }
  }

  private void readAlerts(Node node, List<AlertDefinition> alerts) {
    String path = "failure_policies.alerts";
    if (!(node instanceof Node.Sequence)) {
      values.problem(node.mark(), path, "expected a list of alerts, found %s", node.describe());
      return;
    }
    List<Node> items = ((Node.Sequence) node).items();
    for (int i = 0; i < items.size(); i++) {
      String alertPath = Paths.index(path, i);
      Node.Mapping m = values.mapping(items.get(i), alertPath, "an alert with 'on' and 'channels'");
      if (m == null) {
        continue;
      }
      values.checkFields(m, alertPath, ALERT_FIELDS);
      List<String> on = new ArrayList<>();
      Node onNode = values.required(m, alertPath, "on", "name the events: " + String.join(", ", EVENTS));
      if (onNode != null) {
        for (Located event : values.textList(onNode, Paths.key(alertPath, "on"))) {
          String name = values.oneOf(event.node(), event.path(), "alert event", EVENTS);
          if (name != null) {
            on.add(name);
          }
        }
      }
      List<String> channels = new ArrayList<>();
      Node channelsNode = values.required(m, alertPath, "channels", "name where alerts go");
      if (channelsNode != null) {
        List<Located> named = values.textList(channelsNode, Paths.key(alertPath, "channels"));
        for (Located channel : named) {
          if (channel.value().isBlank()) {
            values.problem(channel.node().mark(), channel.path(), "a channel name must not be blank");
          } else {
            channels.add(channel.value());
          }
        }
        if (named.isEmpty() && !values.hasProblemAt(Paths.key(alertPath, "channels"))) {
          values.problem(
              channelsNode.mark(), Paths.key(alertPath, "channels"), "name at least one channel");
        }
      }
      if (!on.isEmpty() && !channels.isEmpty()) {
        alerts.add(new AlertDefinition(on, channels, m.mark().line()));
      }
    }
  }

  private static final List<String> BREAKER_FIELDS =
      List.of("failure_threshold", "delay", "success_threshold");
  private static final List<String> LIMITER_FIELDS = List.of("permits", "per");
  private static final List<String> BULKHEAD_FIELDS = List.of("max_concurrent");

  /** {@code circuit_breakers}, {@code rate_limiters}, {@code bulkheads}, {@code attempt_timeout}. */
  private ResilienceDefinition readResilience(Node.Mapping policies) {
    Map<String, ResilienceDefinition.CircuitBreaker> breakers = new LinkedHashMap<>();
    readKeyed(policies, "circuit_breakers", "failure_threshold, delay and success_threshold", BREAKER_FIELDS,
        (m, path) -> {
          Integer failures = integerField(m, path, "failure_threshold", 1, null);
          Duration delay = positiveDuration(m, path, "delay", Duration.ofMinutes(1));
          Integer successes = integerField(m, path, "success_threshold", 1, 1);
          return failures == null || delay == null || successes == null
              ? null
              : new ResilienceDefinition.CircuitBreaker(failures, delay, successes);
        },
        breakers);
    Map<String, ResilienceDefinition.RateLimiter> limiters = new LinkedHashMap<>();
    readKeyed(policies, "rate_limiters", "permits and per", LIMITER_FIELDS,
        (m, path) -> {
          Integer permits = integerField(m, path, "permits", 1, null);
          Duration per = positiveDuration(m, path, "per", null);
          return permits == null || per == null ? null : new ResilienceDefinition.RateLimiter(permits, per);
        },
        limiters);
    Map<String, ResilienceDefinition.Bulkhead> bulkheads = new LinkedHashMap<>();
    readKeyed(policies, "bulkheads", "max_concurrent", BULKHEAD_FIELDS,
        (m, path) -> {
          Integer max = integerField(m, path, "max_concurrent", 1, null);
          return max == null ? null : new ResilienceDefinition.Bulkhead(max);
        },
        bulkheads);
    Optional<Duration> attemptTimeout = Optional.empty();
    Node timeout = policies.get("attempt_timeout");
    if (timeout != null) {
      Duration d = values.duration(timeout, "failure_policies.attempt_timeout");
      if (d != null && (d.isZero() || d.isNegative())) {
        values.problem(
            timeout.mark(),
            "failure_policies.attempt_timeout",
            "must be positive, was %s",
            Excerpt.of(((Node.Scalar) timeout).text()));
      } else if (d != null) {
        attemptTimeout = Optional.of(d);
      }
    }
    return new ResilienceDefinition(breakers, limiters, bulkheads, attemptTimeout);
  }

  private <T> void readKeyed(
      Node.Mapping policies,
      String field,
      String what,
      List<String> fields,
      java.util.function.BiFunction<Node.Mapping, String, T> reader,
      Map<String, T> into) {
    Node node = policies.get(field);
    if (node == null) {
      return;
    }
    String path = "failure_policies." + field;
    Node.Mapping m = values.mapping(node, path, "a mapping from resource tag or source prefix to " + what);
    if (m == null) {
      return;
    }
    for (Node.Entry entry : m.entries().values()) {
      String entryPath = Paths.key(path, entry.key());
      if (entry.key().isBlank()) {
        values.problem(entry.keyMark(), entryPath, "a resource tag or source prefix must not be blank");
        continue;
      }
      Node.Mapping settings = values.mapping(entry.value(), entryPath, "a mapping with " + what);
      if (settings == null) {
        continue;
      }
      values.checkFields(settings, entryPath, fields);
      T value = reader.apply(settings, entryPath);
      if (value != null) {
        into.put(entry.key(), value);
      }
    }
  }

  /** A whole number field of at least {@code min}; {@code fallback} when absent (null: required). */
  private Integer integerField(Node.Mapping m, String path, String key, int min, Integer fallback) {
    Node node = fallback == null ? values.required(m, path, key, "give a whole number of at least " + min) : m.get(key);
    if (node == null) {
      return fallback;
    }
    return values.integer(node, Paths.key(path, key), min);
  }

  /** A positive duration field; {@code fallback} when absent (null: required). */
  private Duration positiveDuration(Node.Mapping m, String path, String key, Duration fallback) {
    Node node = fallback == null ? values.required(m, path, key, "give a duration such as 1s") : m.get(key);
    if (node == null) {
      return fallback;
    }
    Duration d = values.duration(node, Paths.key(path, key));
    if (d != null && (d.isZero() || d.isNegative())) {
      values.problem(
          node.mark(),
          Paths.key(path, key),
          "must be positive, was %s",
          node instanceof Node.Scalar ? Excerpt.of(((Node.Scalar) node).text()) : d);
      return null;
    }
    return d;
  }

  private void readResourceLimits(Node node, Pipeline.Builder builder) {
    Node.Mapping m =
        values.mapping(node, "resource_limits", "a mapping from resource tag to a number of steps");
    if (m == null) {
      return;
    }
    for (Node.Entry entry : m.entries().values()) {
      String path = Paths.key("resource_limits", entry.key());
      if (entry.key().isBlank()) {
        values.problem(entry.keyMark(), path, "a resource tag must not be blank");
        continue;
      }
      Integer limit = values.integer(entry.value(), path, 1);
      if (limit != null) {
        builder.resourceLimit(entry.key(), limit);
      }
    }
  }

  private void createActions(StepTypeRegistry registry, List<StepInfo> steps) {
    for (StepInfo step : steps) {
      if (step.definition() == null) {
        continue;
      }
      Located type = step.field("type");
      Optional<StepFactory> factory = registry.factory(step.type());
      if (factory.isEmpty()) {
        if (values.hasProblemAt(type.path())) {
          continue;
        }
        String known =
            registry.types().isEmpty()
                ? "no step types are registered"
                : "registered types: " + String.join(", ", registry.types());
        String suggestion =
            Suggestions.closest(step.type(), registry.types())
                .map(s -> String.format(" (did you mean '%s'?)", s))
                .orElse("");
        String what =
            !step.has("type")
                ? String.format(
                    "step '%s' has no type, so it is of type '%s', which is not registered",
                    Excerpt.of(step.name()), step.type())
                : String.format("unknown step type '%s'%s", Excerpt.of(step.type()), suggestion);
        values.problem(type.node().mark(), type.path(), "%s; %s", what, known);
        continue;
      }
      Located params = step.has("params") ? step.field("params") : step.self();
      try {
        StepAction action = factory.get().create(step.definition());
        if (action == null) {
          values.problem(
              params.node().mark(),
              params.path(),
              "step type '%s' made no action for step '%s' (its factory returned null)",
              step.type(),
              Excerpt.of(step.name()));
        } else {
          step.builder().action(action);
          java.util.Optional<String> code = factory.get().version(step.definition());
          if (code != null && code.isPresent()) {
            // The file's version and the code's together: a change of either counts.
            step.builder().version(step.version().map(v -> v + "+" + code.get()).orElse(code.get()));
          }
        }
      } catch (RuntimeException e) {
        Optional<StepParameterException> parameter = parameterProblem(e);
        Located at = parameter.map(p -> parameter(step, params, p.parameter())).orElse(params);
        String reason =
            e instanceof StepParameterException
                ? ((StepParameterException) e).reason() // the step is named below
                : e.getMessage() == null ? Errors.describe(e) : e.getMessage();
        values.problem(
            at.node().mark(),
            at.path(),
            "step type '%s' rejected step '%s': %s",
            step.type(),
            Excerpt.of(step.name()),
            reason);
      }
    }
  }

  /** The {@link StepParameterException} that {@code e} is or was caused by, if any. */
  private static Optional<StepParameterException> parameterProblem(Throwable e) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof StepParameterException) {
        return Optional.of((StepParameterException) t);
      }
    }
    return Optional.empty();
  }

  /**
   * Where parameter {@code name} of {@code step} is written: its value; for a parameter the step
   * does not set, the step's {@code params} (or the step itself when it has none).
   */
  private static Located parameter(StepInfo step, Located params, String name) {
    String path = Paths.key(step.has("params") ? params.path() : Paths.key(step.path(), "params"), name);
    Node.Entry entry =
        params.node() instanceof Node.Mapping ? ((Node.Mapping) params.node()).entry(name) : null;
    return new Located(name, entry == null ? params.node() : entry.value(), path);
  }

  private void reportModelProblem(DefinitionProblem problem, List<StepInfo> steps, Node.Mapping top) {
    Located at;
    String message;
    if (problem.stepIndex() < 0 || problem.stepIndex() >= steps.size()) {
      String key = problem.field().equals("name") ? "pipeline" : problem.field();
      Node.Entry entry = top.entry(key);
      at = entry == null ? new Located(key, top, key) : new Located(key, entry.value(), key);
      message = problem.message();
    } else {
      StepInfo step = steps.get(problem.stepIndex());
      at = problem.value().isPresent()
          ? step.value(problem.field(), problem.value().get())
          : step.field(problem.field());
      message = problem.describe();
    }
    if (values.hasProblemAt(at.path())) {
      return; // already reported in the file's terms
    }
    values.problem(at.node().mark(), at.path(), "%s", message);
  }
}
