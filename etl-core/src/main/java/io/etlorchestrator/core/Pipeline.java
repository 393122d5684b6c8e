package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.DependencyGraph;
import io.etlorchestrator.core.internal.Durations;
import io.etlorchestrator.core.internal.Excerpt;
import io.etlorchestrator.core.internal.StringIndex;
import io.etlorchestrator.core.internal.Suggestions;
import io.etlorchestrator.core.internal.UnsafeText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A validated, immutable pipeline: a name, its steps in definition order, and the policies that
 * apply to steps that do not set their own.
 *
 * <p>Built only through {@link #builder(String)}, whose {@link Builder#build()} checks everything
 * and reports every problem in one {@link PipelineDefinitionException}. A {@code Pipeline} is
 * therefore always plannable: names are unique, every dataset has at most one producer, every
 * {@code dependsOn} names a step of the pipeline, and the dependencies form no cycle.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder("daily_sales_etl")
 *     .step("extract_orders", s -> s.type("extract")
 *         .inputs("postgres.orders").outputs("staging/orders.parquet")
 *         .estimatedDuration(Duration.ofSeconds(120)))
 *     .step("transform_orders", s -> s.type("transform")
 *         .inputs("staging/orders.parquet").outputs("transformed/orders_enriched.parquet"))
 *     .build();
 * }</pre>
 *
 * <p>Equality compares the definition (name, steps without their actions, policies), so a
 * pipeline read from a file equals the same pipeline built in code.
 */
public final class Pipeline {
  private final String name;
  private final List<PipelineStep> steps;
  private final RetryPolicy defaultRetryPolicy;
  private final Fallback defaultFallback;
  private final Map<String, Integer> resourceLimits;
  private final Map<String, String> declarations;
  private final StringIndex indexByName;
  private final List<String> externalSources;
  private final DependencyGraph graph;

  private Pipeline(
      Builder builder,
      List<PipelineStep> steps,
      StringIndex indexByName,
      List<String> externalSources,
      DependencyGraph graph) {
    this.name = builder.name;
    this.steps = steps;
    this.defaultRetryPolicy = builder.defaultRetryPolicy;
    this.defaultFallback = builder.defaultFallback;
    this.resourceLimits = Collections.unmodifiableMap(new LinkedHashMap<>(builder.resourceLimits));
    this.declarations = Collections.unmodifiableMap(new LinkedHashMap<>(builder.declarations));
    this.indexByName = indexByName;
    this.externalSources = externalSources;
    this.graph = graph;
  }

  /** A builder for a pipeline named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The pipeline's name. */
  public String name() {
    return name;
  }

  /** The steps in definition order (unmodifiable). */
  public List<PipelineStep> steps() {
    return steps;
  }

  /** The step named {@code name}, if there is one. */
  public Optional<PipelineStep> step(String name) {
    int index = indexByName.get(name);
    return index < 0 ? Optional.empty() : Optional.of(steps.get(index));
  }

  /** The position of the step named {@code name} in definition order, if there is one. */
  public Optional<Integer> indexOf(String name) {
    int index = indexByName.get(name);
    return index < 0 ? Optional.empty() : Optional.of(index);
  }

  /** The retry policy of steps that set none ({@link RetryPolicy#ofDefaults()} unless set). */
  public RetryPolicy defaultRetryPolicy() {
    return defaultRetryPolicy;
  }

  /** The fallback of steps that set none ({@link Fallback#FAIL_PIPELINE} unless set). */
  public Fallback defaultFallback() {
    return defaultFallback;
  }

  /** The retry policy that applies to {@code step}: its own, or the pipeline's default. */
  public RetryPolicy retryPolicyOf(PipelineStep step) {
    return step.retryPolicy().orElse(defaultRetryPolicy);
  }

  /** The fallback that applies to {@code step}: its own, or the pipeline's default. */
  public Fallback fallbackOf(PipelineStep step) {
    return step.fallback().orElse(defaultFallback);
  }

  /** Resource tag to the most steps carrying it that may run at once. */
  public Map<String, Integer> resourceLimits() {
    return resourceLimits;
  }

  /**
   * Datasets read by some step and produced by none (such as {@code postgres.orders}), in order of
   * first appearance. They are available from the start of a run.
   */
  public List<String> externalSources() {
    return externalSources;
  }

  /** The dependency graph; for the planner and executor. */
  DependencyGraph graph() {
    return graph;
  }

  /**
   * What the pipeline's definition declares that the core does not apply by itself (alert rules,
   * circuit breakers, ...), each with what applies it, in the order declared. An {@link Executor}
   * that runs the pipeline without applying one of them (see {@link
   * Executor.Builder#applying(String...)}) says so in one WARN line when the run starts, so that
   * nothing declared is silently ignored. Not part of equality: it says how to run the pipeline,
   * not what the pipeline is.
   */
  public Map<String, String> declarations() {
    return declarations;
  }

  /**
   * The same pipeline (every setting, its declarations included) with each step's action replaced
   * by what {@code action} gives for the step: for wrapping actions (failure injection, timing,
   * a rehearsal), or for giving a definition read without step types actions of its own.
   *
   * @throws NullPointerException if {@code action} returns null for a step
   */
  public Pipeline withActions(Function<PipelineStep, StepAction> action) {
    Checks.notNull(action, "action");
    return withSteps(
        step -> step.toBuilder().action(Checks.notNull(action.apply(step), "action of step " + step.name())).build());
  }

  /**
   * The same pipeline (every setting, its declarations included) with each step replaced by what
   * {@code change} makes of it (typically {@code step.toBuilder()...build()}): for a rehearsal
   * without checks, say. The result is validated as {@link Builder#build()} validates.
   *
   * @throws NullPointerException if {@code change} returns null for a step
   * @throws IllegalArgumentException if the changed steps do not make a valid pipeline
   */
  public Pipeline withSteps(java.util.function.UnaryOperator<PipelineStep> change) {
    Checks.notNull(change, "change");
    Builder builder =
        builder(name).defaultRetryPolicy(defaultRetryPolicy).defaultFallback(defaultFallback);
    resourceLimits.forEach(builder::resourceLimit);
    declarations.forEach(builder::declare);
    for (PipelineStep step : steps) {
      builder.step(Checks.notNull(change.apply(step), "change of step " + step.name()));
    }
    return builder.build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Pipeline)) {
      return false;
    }
    Pipeline that = (Pipeline) o;
    return name.equals(that.name)
        && steps.equals(that.steps)
        && defaultRetryPolicy.equals(that.defaultRetryPolicy)
        && defaultFallback == that.defaultFallback
        && resourceLimits.equals(that.resourceLimits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, steps, defaultRetryPolicy, defaultFallback, resourceLimits);
  }

  @Override
  public String toString() {
    return "Pipeline[" + name + ", " + steps.size() + " steps]";
  }

  /**
   * Builds a {@link Pipeline}. Collects steps and policies; {@link #build()} validates everything
   * at once. A builder can be reused: {@code build()} copies its state.
   */
  public static final class Builder {
    private final String name;
    private final List<PipelineStep> steps = new ArrayList<>();
    private RetryPolicy defaultRetryPolicy = RetryPolicy.ofDefaults();
    private Fallback defaultFallback = Fallback.FAIL_PIPELINE;
    private final Map<String, Integer> resourceLimits = new LinkedHashMap<>();
    private final Map<String, String> declarations = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = Checks.notNull(name, "name");
    }

    /** Adds a step. */
    public Builder step(PipelineStep step) {
      steps.add(Checks.notNull(step, "step"));
      return this;
    }

    /** Adds a step named {@code name}, configured by {@code configure}. */
    public Builder step(String name, Consumer<PipelineStep.Builder> configure) {
      Checks.notNull(configure, "configure");
      PipelineStep.Builder builder = PipelineStep.builder(name);
      configure.accept(builder);
      return step(builder.build());
    }

    /** Adds steps, in order. */
    public Builder steps(Collection<PipelineStep> steps) {
      Checks.notNull(steps, "steps");
      steps.forEach(this::step);
      return this;
    }

    /** The retry policy of steps that set none. */
    public Builder defaultRetryPolicy(RetryPolicy policy) {
      this.defaultRetryPolicy = Checks.notNull(policy, "policy");
      return this;
    }

    /** The fallback of steps that set none. */
    public Builder defaultFallback(Fallback fallback) {
      this.defaultFallback = Checks.notNull(fallback, "fallback");
      return this;
    }

    /**
     * At most {@code maxConcurrent} steps tagged with {@code resource} run at once.
     *
     * @throws IllegalArgumentException if {@code maxConcurrent < 1}
     */
    public Builder resourceLimit(String resource, int maxConcurrent) {
      Checks.notNull(resource, "resource");
      Checks.argument(!resource.isBlank(), "resource must not be blank");
      Checks.argument(
          maxConcurrent >= 1,
          "limit of resource '%s' must be at least 1, was %s",
          resource,
          maxConcurrent);
      resourceLimits.put(resource, maxConcurrent);
      return this;
    }

    /**
     * Declares that the pipeline's definition has {@code block} (for example {@code
     * failure_policies.alerts}), which {@code appliedBy} applies (for the warning of an executor
     * that does not: {@code "Alerting (PipelineDefinition.executorBuilder())"}); see {@link
     * Pipeline#declarations()}. A definition reader calls this; a pipeline built in code rarely
     * needs it.
     */
    public Builder declare(String block, String appliedBy) {
      Checks.notNull(block, "block");
      Checks.notNull(appliedBy, "appliedBy");
      declarations.put(block, appliedBy);
      return this;
    }

    /**
     * Validates the definition and returns the pipeline.
     *
     * @throws PipelineDefinitionException listing every problem: blank or duplicate step names,
     *     a dataset produced by two steps, a step reading its own output, {@code dependsOn} naming
     *     an unknown step (with the closest name suggested) or the step itself, negative estimated
     *     durations, non-positive timeouts, estimates and timeouts longer than {@link
     *     Limits#MAX_DURATION}, blank datasets or resources, names (of the pipeline, steps, types,
     *     datasets, resources) holding a control character or a lone UTF-16 surrogate (with the
     *     character and its position), and dependency cycles
     */
    public Pipeline build() {
      List<PipelineStep> copy = List.copyOf(steps);
      int n = copy.size();
      // Fast path, two passes over the steps: register names and outputs, noting anything that
      // may be a problem; then build the graph, which also collects the external sources and
      // notes suspect references. Only a definition with a possible problem is validated again
      // by the reporting code below, which lists every problem in definition order.
      StringIndex indexByName = new StringIndex(n);
      StringIndex producerByDataset = new StringIndex(n);
      boolean suspect = name.isBlank() || n == 0 || UnsafeText.inName(name) >= 0;
      long estimates = 0;
      for (int i = 0; i < n; i++) {
        PipelineStep step = copy.get(i);
        suspect |= register(i, step, indexByName, producerByDataset);
        estimates = addEstimate(estimates, step.estimatedDuration());
        suspect |= estimates < 0;
      }
      DependencyGraph graph = DependencyGraph.build(copy, indexByName, producerByDataset);
      if (suspect || graph.hasSuspectReference() || graph.hasCycle()) {
        List<DefinitionProblem> problems = problems(copy, graph);
        if (!problems.isEmpty()) {
          throw new PipelineDefinitionException(name, problems);
        }
      }
      return new Pipeline(this, copy, indexByName, graph.externalSources(), graph);
    }

    /**
     * Registers step {@code i}'s name and outputs (first one wins, as in {@link #checkStep}) and
     * returns whether the step may have a problem that {@link #checkStep} reports. Never misses
     * one; inputs and {@code dependsOn} are checked while the graph is built.
     */
    private static boolean register(
        int i, PipelineStep step, StringIndex indexByName, StringIndex producerByDataset) {
      boolean suspect = false;
      String stepName = step.name();
      if (stepName.isBlank()) {
        suspect = true;
      } else if (indexByName.putIfAbsent(stepName, i) >= 0) {
        suspect = true;
      }
      suspect |= UnsafeText.inName(stepName) >= 0;
      Duration estimate = step.estimatedDuration();
      if (estimate.isNegative() || estimate.compareTo(Limits.MAX_DURATION) > 0) {
        suspect = true;
      }
      Optional<Duration> timeout = step.timeout();
      if (timeout.isPresent()
          && (timeout.get().isNegative()
              || timeout.get().isZero()
              || timeout.get().compareTo(Limits.MAX_DURATION) > 0)) {
        suspect = true;
      }
      if (step.type().isBlank() || UnsafeText.inName(step.type()) >= 0) {
        suspect = true;
      }
      for (String input : step.inputs()) {
        suspect |= UnsafeText.inName(input) >= 0;
      }
      for (io.etlorchestrator.core.quality.Check check : step.checks()) {
        suspect |= !(check.onInput() ? step.inputs() : step.outputs()).contains(check.dataset());
      }
      Set<String> resources = step.resources();
      if (!resources.isEmpty()) {
        for (String resource : resources) {
          suspect |= resource.isBlank() || UnsafeText.inName(resource) >= 0;
        }
      }
      for (String output : step.outputs()) {
        // A blank output is registered too: the reporting code's map holds it as well.
        if (producerByDataset.putIfAbsent(output, i) >= 0) {
          suspect = true;
        }
        suspect |= output.isBlank() || UnsafeText.inName(output) >= 0;
      }
      return suspect;
    }

    /**
     * {@code total} plus {@code estimate} in nanoseconds, or -1 once the sum no longer fits in a
     * {@code long} (the planner adds estimates along chains in nanoseconds). A negative estimate
     * counts as zero here; it is reported on its own.
     */
    private static long addEstimate(long total, Duration estimate) {
      if (total < 0 || estimate.isNegative()) {
        return total;
      }
      if (estimate.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
        return -1;
      }
      long sum = total + estimate.toNanos();
      return sum < 0 ? -1 : sum;
    }

    /**
     * Every problem of the definition, in the order they are reported: the pipeline's own, then
     * each step's in definition order, then unknown or self {@code dependsOn}, then one cycle.
     */
    private List<DefinitionProblem> problems(List<PipelineStep> copy, DependencyGraph graph) {
      List<DefinitionProblem> problems = new ArrayList<>();
      if (name.isBlank()) {
        problems.add(problem(-1, null, "name", null, "name must not be blank"));
      }
      UnsafeText.nameProblem(name)
          .ifPresent(
              p ->
                  problems.add(
                      problem(
                          -1,
                          null,
                          "name",
                          null,
                          String.format(
                              "name '%s' %s; names may not hold control characters or lone"
                                  + " UTF-16 surrogates",
                              Excerpt.of(name),
                              p))));
      if (copy.isEmpty()) {
        problems.add(problem(-1, null, "steps", null, "has no steps; add at least one"));
      }
      int n = copy.size();
      Map<String, Integer> indexByName = new HashMap<>(Math.max(16, n * 2));
      Map<String, Integer> producerByDataset = new HashMap<>(Math.max(16, n * 2));
      long estimates = 0;
      for (int i = 0; i < n; i++) {
        checkStep(i, copy, indexByName, producerByDataset, problems);
        PipelineStep step = copy.get(i);
        if (estimates >= 0 && !step.estimatedDuration().isNegative()) {
          estimates = addEstimate(estimates, step.estimatedDuration());
          if (estimates < 0) {
            problems.add(
                problem(
                    i,
                    step.name(),
                    "estimated_duration",
                    null,
                    "estimated_duration "
                        + Durations.compact(step.estimatedDuration())
                        + " makes the pipeline's estimates add up to more than a plan can hold"
                        + " (about 292 years); estimate in a smaller unit of work"));
          }
        }
      }
      Suggestions suggestions = Suggestions.among(indexByName.keySet());
      for (int i = 0; i < n; i++) {
        checkDependsOn(i, copy.get(i), indexByName, suggestions, problems);
      }
      if (graph.hasCycle()) {
        problems.add(cycleProblem(copy, graph));
      }
      return problems;
    }

    private static void checkStep(
        int i,
        List<PipelineStep> steps,
        Map<String, Integer> indexByName,
        Map<String, Integer> producerByDataset,
        List<DefinitionProblem> problems) {
      PipelineStep step = steps.get(i);
      String stepName = step.name();
      checkCharacters(i, stepName, "name", null, stepName, problems);
      checkCharacters(i, stepName, "type", null, step.type(), problems);
      if (stepName.isBlank()) {
        problems.add(problem(i, stepName, "name", null, "name must not be blank"));
      } else {
        Integer previous = indexByName.putIfAbsent(stepName, i);
        if (previous != null) {
          problems.add(
              problem(
                  i,
                  stepName,
                  "name",
                  stepName,
                  String.format(
                      "name is already used by step #%d; step names must be unique (this is step #%d)",
                      previous + 1,
                      i + 1)));
        }
      }
      if (step.estimatedDuration().isNegative()) {
        problems.add(
            problem(
                i,
                stepName,
                "estimated_duration",
                null,
                "estimated_duration must not be negative, was "
                    + Durations.compact(step.estimatedDuration())));
      } else if (step.estimatedDuration().compareTo(Limits.MAX_DURATION) > 0) {
        problems.add(
            problem(
                i,
                stepName,
                "estimated_duration",
                null,
                tooLong("estimated_duration", step.estimatedDuration())));
      }
      step.timeout()
          .filter(t -> t.isNegative() || t.isZero())
          .ifPresent(
              t ->
                  problems.add(
                      problem(
                          i,
                          stepName,
                          "timeout",
                          null,
                          "timeout must be positive, was " + Durations.compact(t))));
      step.timeout()
          .filter(t -> t.compareTo(Limits.MAX_DURATION) > 0)
          .ifPresent(t -> problems.add(problem(i, stepName, "timeout", null, tooLong("timeout", t))));
      if (step.type().isBlank()) {
        problems.add(problem(i, stepName, "type", null, "type must not be blank"));
      }
      for (io.etlorchestrator.core.quality.Check check : step.checks()) {
        Set<String> datasets = check.onInput() ? step.inputs() : step.outputs();
        if (!datasets.contains(check.dataset())) {
          problems.add(
              problem(
                  i,
                  stepName,
                  "checks",
                  check.dataset(),
                  String.format(
                      "check '%s' is on dataset '%s', which the step does not %s; it %s: %s",
                      Excerpt.of(check.name()),
                      Excerpt.of(check.dataset()),
                      check.onInput() ? "read" : "write",
                      check.onInput() ? "reads" : "writes",
                      datasets.isEmpty() ? "nothing" : String.join(", ", datasets))));
        }
      }
      checkNotBlank(i, step, step.resources(), "resources", problems);
      checkNotBlank(i, step, step.inputs(), "inputs", problems);
      checkNotBlank(i, step, step.outputs(), "outputs", problems);
      for (String resource : step.resources()) {
        checkCharacters(i, stepName, "resources", resource, resource, problems);
      }
      for (String input : step.inputs()) {
        checkCharacters(i, stepName, "inputs", input, input, problems);
      }
      for (String output : step.outputs()) {
        checkCharacters(i, stepName, "outputs", output, output, problems);
      }
      for (String output : step.outputs()) {
        Integer producer = producerByDataset.putIfAbsent(output, i);
        if (producer != null && producer != i) {
          problems.add(
              problem(
                  i,
                  stepName,
                  "outputs",
                  output,
                  String.format(
                      "output '%s' is already produced by step '%s'; a dataset must have exactly one"
                          + " producer",
                      Excerpt.of(output),
                      Excerpt.of(steps.get(producer).name()))));
        }
      }
      for (String input : step.inputs()) {
        if (step.outputs().contains(input)) {
          problems.add(
              problem(
                  i,
                  stepName,
                  "inputs",
                  input,
                  String.format(
                      "input '%s' is also an output of the same step; a step cannot depend on"
                          + " itself",
                      Excerpt.of(input))));
        }
      }
    }

    /**
     * A problem if {@code text}, the step's {@code field} (the value {@code value} of it, for a
     * set), holds a control character or a lone surrogate: a name prints wrong, and the store
     * could not write and read it back.
     */
    private static void checkCharacters(
        int i, String step, String field, String value, String text, List<DefinitionProblem> problems) {
      UnsafeText.nameProblem(text)
          .ifPresent(
              p ->
                  problems.add(
                      problem(
                          i,
                          step,
                          field,
                          value,
                          value == null
                              ? String.format(
                                  "%s %s; names may not hold control characters or lone UTF-16"
                                      + " surrogates",
                                  field,
                                  p)
                              : String.format(
                                  "%s entry '%s' %s; names may not hold control characters or"
                                      + " lone UTF-16 surrogates",
                                  field,
                                  Excerpt.of(text),
                                  p))));
    }

    private static String tooLong(String field, Duration d) {
      return String.format(
          "%s must be at most %s, was %s", field, Limits.MAX_DURATION_TEXT, Durations.compact(d));
    }

    private static void checkNotBlank(
        int i, PipelineStep step, Set<String> values, String field, List<DefinitionProblem> problems) {
      for (String value : values) {
        if (value.isBlank()) {
          problems.add(
              problem(i, step.name(), field, value, field + " must not contain a blank name"));
        }
      }
    }

    private static void checkDependsOn(
        int i,
        PipelineStep step,
        Map<String, Integer> indexByName,
        Suggestions suggestions,
        List<DefinitionProblem> problems) {
      for (String dependency : step.dependsOn()) {
        if (dependency.equals(step.name())) {
          problems.add(
              problem(
                  i,
                  step.name(),
                  "depends_on",
                  dependency,
                  "depends_on names the step itself; a step cannot depend on itself"));
        } else if (!indexByName.containsKey(dependency)) {
          String suggestion =
              suggestions
                  .closest(dependency)
                  .map(s -> " (did you mean '" + Excerpt.of(s) + "'?)")
                  .orElse("");
          problems.add(
              problem(
                  i,
                  step.name(),
                  "depends_on",
                  dependency,
                  "depends_on names unknown step '" + Excerpt.of(dependency) + "'" + suggestion));
        }
      }
    }

    private static DefinitionProblem cycleProblem(List<PipelineStep> steps, DependencyGraph graph) {
      int[] cycle = graph.cycle();
      StringBuilder text = new StringBuilder("dependency cycle: ");
      text.append(Excerpt.of(steps.get(cycle[0]).name()));
      String firstVia = null;
      for (int k = 1; k <= cycle.length; k++) {
        int from = cycle[k - 1];
        int to = cycle[k % cycle.length];
        String via = graph.via(from, to);
        if (k == cycle.length) {
          firstVia = via;
        }
        text.append(" -> ")
            .append(Excerpt.of(steps.get(to).name()))
            .append(via == null ? " (via depends_on)" : " (via " + Excerpt.of(via) + ")");
      }
      text.append("; remove one of these dependencies");
      int first = cycle[0];
      return problem(
          first,
          steps.get(first).name(),
          firstVia == null ? "depends_on" : "inputs",
          firstVia == null ? steps.get(cycle[cycle.length - 1]).name() : firstVia,
          text.toString());
    }

    private static DefinitionProblem problem(
        int index, String step, String field, String value, String message) {
      return new DefinitionProblem(
          index, Optional.ofNullable(step), field, Optional.ofNullable(value), message);
    }
  }
}
