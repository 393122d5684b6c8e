package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One step of a {@link Pipeline}: what it reads and writes, what it waits for, how long it is
 * expected to take, and how it is run (the seed's {@code PipelineStep}).
 *
 * <p>Dependencies come from datasets: a step depends on the step that produces each of its {@link
 * #inputs()}, plus the steps named in {@link #dependsOn()}. A dataset that no step produces is an
 * external source (for example {@code postgres.orders}), available from the start.
 *
 * <p>A step is an immutable value. Its sets keep the order they were given in. The record holds
 * plain values only; whether they fit together (unique names, no negative durations, known
 * dependencies) is checked when the step is added to a pipeline by {@link Pipeline.Builder#build()},
 * which reports every problem at once.
 *
 * <p>{@link #equals(Object)} compares the definition and ignores the {@link #action()}, so a step
 * read from a definition file equals the same step built in code.
 *
 * <p>{@link #params()} and {@link #version()} say what the step does beyond its datasets: its
 * settings (a definition file's {@code params}) and a version of its code. Both are part of the
 * step's {@linkplain ExecutionPlan#stepFingerprint(String) fingerprint}, so a resume sees a step
 * whose settings or code changed as changed, and does not reuse what it produced before.
 *
 * @param name unique within the pipeline
 * @param type free text such as {@code extract}, {@code transform}, {@code load}
 * @param inputs datasets (tables, files) this step reads
 * @param outputs datasets this step produces; each dataset has at most one producer
 * @param dependsOn names of steps that must succeed first, beyond those implied by datasets
 * @param estimatedDuration the planner's estimate; {@link Duration#ZERO} when unknown
 * @param canParallelize false if the step must run with nothing else running
 * @param resources tags for concurrency limits, e.g. {@code postgres}
 * @param retryPolicy overrides the pipeline's default retry policy
 * @param timeout longest time one attempt may take
 * @param fallback overrides the pipeline's default {@link Fallback}
 * @param action the code to run; a pipeline can be planned without actions, not executed
 * @param params the step's settings as plain values: text, numbers, booleans, null, and lists and
 *     mappings of those (a definition file's {@code params}); keys keep their order. Not the run's
 *     parameters, which {@link StepContext#params()} gives
 * @param version a version of what the step does (its code, or whatever the host wants a change of
 *     to count), if it has one
 * @param checks checks on the datasets it writes (run after its action, before any dependent
 *     starts) and on those it reads (run before its action), in order
 */
public record PipelineStep(
    String name,
    String type,
    Set<String> inputs,
    Set<String> outputs,
    Set<String> dependsOn,
    Duration estimatedDuration,
    boolean canParallelize,
    Set<String> resources,
    Optional<RetryPolicy> retryPolicy,
    Optional<Duration> timeout,
    Optional<Fallback> fallback,
    Optional<StepAction> action,
    Map<String, Object> params,
    Optional<String> version,
    List<io.etlorchestrator.core.quality.Check> checks) {

  /** The type of a step that was given none. */
  public static final String DEFAULT_TYPE = "task";

  /** Checks for nulls and copies every collection. */
  public PipelineStep {
    Checks.notNull(name, "name");
    Checks.notNull(type, "type");
    inputs = copy(inputs, "inputs");
    outputs = copy(outputs, "outputs");
    dependsOn = copy(dependsOn, "dependsOn");
    Checks.notNull(estimatedDuration, "estimatedDuration");
    resources = copy(resources, "resources");
    Checks.notNull(retryPolicy, "retryPolicy");
    Checks.notNull(timeout, "timeout");
    Checks.notNull(fallback, "fallback");
    Checks.notNull(action, "action");
    params = io.etlorchestrator.core.internal.StepParams.freeze(params, "params");
    Checks.notNull(version, "version");
    checks = List.copyOf(checks);
  }

  /** A builder for a step named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this step's settings, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.type = type;
    b.inputs = new LinkedHashSet<>(inputs);
    b.outputs = new LinkedHashSet<>(outputs);
    b.dependsOn = new LinkedHashSet<>(dependsOn);
    b.estimatedDuration = estimatedDuration;
    b.canParallelize = canParallelize;
    b.resources = new LinkedHashSet<>(resources);
    b.retryPolicy = retryPolicy.orElse(null);
    b.timeout = timeout.orElse(null);
    b.fallback = fallback.orElse(null);
    b.action = action.orElse(null);
    b.params = new LinkedHashMap<>(params);
    b.version = version.orElse(null);
    b.checks = new java.util.ArrayList<>(checks);
    return b;
  }

  /** Compares every field but the action. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PipelineStep)) {
      return false;
    }
    PipelineStep that = (PipelineStep) o;
    return canParallelize == that.canParallelize
        && name.equals(that.name)
        && type.equals(that.type)
        && inputs.equals(that.inputs)
        && outputs.equals(that.outputs)
        && dependsOn.equals(that.dependsOn)
        && estimatedDuration.equals(that.estimatedDuration)
        && resources.equals(that.resources)
        && retryPolicy.equals(that.retryPolicy)
        && timeout.equals(that.timeout)
        && fallback.equals(that.fallback)
        && params.equals(that.params)
        && version.equals(that.version)
        && checks.equals(that.checks);
  }

  /** Hashes every field but the action. */
  @Override
  public int hashCode() {
    return Objects.hash(
        name, type, inputs, outputs, dependsOn, estimatedDuration, canParallelize, resources,
        retryPolicy, timeout, fallback, params, version, checks);
  }

  @Override
  public String toString() {
    return "PipelineStep[" + name + "]";
  }

  private static Set<String> copy(Set<String> values, String field) {
    Checks.notNull(values, field);
    if (values.isEmpty()) {
      return Set.of();
    }
    LinkedHashSet<String> copy = new LinkedHashSet<>(values.size() * 2);
    for (String value : values) {
      copy.add(Checks.notNull(value, field + " element"));
    }
    return Collections.unmodifiableSet(copy);
  }

  /**
   * Builds a {@link PipelineStep}. Setters that take datasets or names add to what was given
   * before; {@link #build()} copies, so a builder can be reused.
   */
  public static final class Builder {
    private final String name;
    private String type = DEFAULT_TYPE;
    private LinkedHashSet<String> inputs = new LinkedHashSet<>();
    private LinkedHashSet<String> outputs = new LinkedHashSet<>();
    private LinkedHashSet<String> dependsOn = new LinkedHashSet<>();
    private Duration estimatedDuration = Duration.ZERO;
    private boolean canParallelize = true;
    private LinkedHashSet<String> resources = new LinkedHashSet<>();
    private RetryPolicy retryPolicy;
    private Duration timeout;
    private Fallback fallback;
    private StepAction action;
    private LinkedHashMap<String, Object> params = new LinkedHashMap<>();
    private String version;
    private List<io.etlorchestrator.core.quality.Check> checks = new java.util.ArrayList<>();

    private Builder(String name) {
      this.name = Checks.notNull(name, "name");
    }

    /** Free text such as {@code extract}, {@code transform} or {@code load}. */
    public Builder type(String type) {
      this.type = Checks.notNull(type, "type");
      return this;
    }

    /** Adds datasets this step reads. */
    public Builder inputs(String... datasets) {
      return inputs(Arrays.asList(Checks.notNull(datasets, "datasets")));
    }

    /** Adds datasets this step reads. */
    public Builder inputs(Collection<String> datasets) {
      addAll(inputs, datasets, "inputs");
      return this;
    }

    /** Adds datasets this step produces. */
    public Builder outputs(String... datasets) {
      return outputs(Arrays.asList(Checks.notNull(datasets, "datasets")));
    }

    /** Adds datasets this step produces. */
    public Builder outputs(Collection<String> datasets) {
      addAll(outputs, datasets, "outputs");
      return this;
    }

    /** Adds steps that must succeed before this one starts. */
    public Builder dependsOn(String... steps) {
      return dependsOn(Arrays.asList(Checks.notNull(steps, "steps")));
    }

    /** Adds steps that must succeed before this one starts. */
    public Builder dependsOn(Collection<String> steps) {
      addAll(dependsOn, steps, "dependsOn");
      return this;
    }

    /** The planner's estimate of how long the step takes. */
    public Builder estimatedDuration(Duration estimate) {
      this.estimatedDuration = Checks.notNull(estimate, "estimate");
      return this;
    }

    /** False if the step must run with nothing else running (default true). */
    public Builder canParallelize(boolean canParallelize) {
      this.canParallelize = canParallelize;
      return this;
    }

    /** Adds resource tags, used for concurrency limits such as "at most 2 on postgres". */
    public Builder resources(String... tags) {
      addAll(resources, Arrays.asList(Checks.notNull(tags, "tags")), "resources");
      return this;
    }

    /** Overrides the pipeline's default retry policy for this step. */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Checks.notNull(policy, "policy");
      return this;
    }

    /** Limits how long one attempt may run; a late attempt is interrupted and counts as failed. */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.notNull(timeout, "timeout");
      return this;
    }

    /** Overrides the pipeline's default {@link Fallback} for this step. */
    public Builder fallback(Fallback fallback) {
      this.fallback = Checks.notNull(fallback, "fallback");
      return this;
    }

    /** The code to run for this step. */
    public Builder action(StepAction action) {
      this.action = Checks.notNull(action, "action");
      return this;
    }

    /**
     * Sets one of the step's settings (see {@link PipelineStep#params()}); part of its
     * fingerprint.
     *
     * @throws IllegalArgumentException if {@code value} is not text, a number, a boolean, null, or
     *     a list or mapping (with text keys) of those
     */
    public Builder param(String name, Object value) {
      Checks.notNull(name, "name");
      params.put(name, io.etlorchestrator.core.internal.StepParams.freezeValue(value, "params." + name));
      return this;
    }

    /** Sets several of the step's settings; see {@link #param(String, Object)}. */
    public Builder params(Map<String, ?> settings) {
      Checks.notNull(settings, "settings");
      settings.forEach(this::param);
      return this;
    }

    /**
     * A version of what the step does, such as a release number or a hash of its code; part of
     * its fingerprint, so that a resume runs the step again once it changed (with {@link
     * RunOptions.Builder#allowPlanChange(boolean)}) instead of reusing its earlier output.
     */
    public Builder version(String version) {
      this.version = Checks.notNull(version, "version");
      return this;
    }

    /**
     * Adds a check on a dataset the step writes (or, with {@link
     * io.etlorchestrator.core.quality.Check.Builder#onInput(boolean)}, reads); {@link
     * Pipeline.Builder#build()} refuses a check on a dataset the step does not write or read.
     */
    public Builder check(io.etlorchestrator.core.quality.Check check) {
      checks.add(Checks.notNull(check, "check"));
      return this;
    }

    /** Replaces the step's checks with {@code checks} (none: {@code List.of()}). */
    public Builder checks(java.util.Collection<io.etlorchestrator.core.quality.Check> checks) {
      Checks.notNull(checks, "checks");
      this.checks = new java.util.ArrayList<>();
      checks.forEach(this::check);
      return this;
    }

    /**
     * Adds a check of {@code kind} with {@code logic} on {@code dataset}, which the step writes,
     * of severity error:
     *
     * <pre>{@code
     * .check("staging/orders.csv", "not_empty", ctx -> ctx.profile().rows().orElse(0) > 0
     *     ? CheckVerdict.pass("rows", "at least one row")
     *     : CheckVerdict.fail("no rows", "at least one row", "the extract wrote nothing"))
     * }</pre>
     */
    public Builder check(String dataset, String kind, io.etlorchestrator.core.quality.DatasetCheck logic) {
      return check(io.etlorchestrator.core.quality.Check.builder(kind, dataset).logic(logic).build());
    }

    /** A new immutable step with this builder's settings. */
    public PipelineStep build() {
      return new PipelineStep(
          name,
          type,
          inputs,
          outputs,
          dependsOn,
          estimatedDuration,
          canParallelize,
          resources,
          Optional.ofNullable(retryPolicy),
          Optional.ofNullable(timeout),
          Optional.ofNullable(fallback),
          Optional.ofNullable(action),
          params,
          Optional.ofNullable(version),
          checks);
    }

    private static void addAll(Set<String> target, Collection<String> values, String field) {
      Checks.notNull(values, field);
      for (String value : values) {
        target.add(Checks.notNull(value, field + " element"));
      }
    }
  }
}
