package io.etlorchestrator.core;

import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.internal.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of one run: its id, its parameters and listeners for this run only.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.builder().param("date", "2024-01-15").build();
 * }</pre>
 */
public final class RunOptions {
  private static final RunOptions DEFAULTS = builder().build();

  private final Optional<String> runId;
  private final Map<String, String> params;
  private final List<RunListener> listeners;
  private final boolean allowPlanChange;
  private final Map<String, Boolean> rerun;

  private RunOptions(Builder builder) {
    this.allowPlanChange = builder.allowPlanChange;
    this.rerun = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.rerun));
    this.runId = Optional.ofNullable(builder.runId);
    this.params = Map.copyOf(builder.params);
    this.listeners = List.copyOf(builder.listeners);
  }

  /** No parameters, a generated run id, no extra listeners. */
  public static RunOptions defaults() {
    return DEFAULTS;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The run id to use; generated ({@code run_yyyyMMdd_HHmmss_xxxx}, UTC) when empty. */
  public Optional<String> runId() {
    return runId;
  }

  /** The run's parameters, handed to every step through {@link StepContext#params()}. */
  public Map<String, String> params() {
    return params;
  }

  /** Listeners for this run, called after the executor's own listeners. */
  public List<RunListener> listeners() {
    return listeners;
  }

  /**
   * Whether a resume may go ahead although the pipeline changed since the checkpoint (default
   * false). Changed steps run again, and so does everything downstream of them (their inputs
   * changed); other steps that succeeded are not run again; new steps run; removed steps are
   * dropped from the run.
   */
  public boolean allowPlanChange() {
    return allowPlanChange;
  }

  /**
   * Steps a resume runs again although they succeeded (Airflow's "clear"), each with whether
   * everything downstream of it runs again too; in the order given. Empty by default.
   */
  public Map<String, Boolean> rerun() {
    return rerun;
  }

  /** Builds {@link RunOptions}. */
  public static final class Builder {
    private String runId;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final List<RunListener> listeners = new ArrayList<>();
    private boolean allowPlanChange;
    private final Map<String, Boolean> rerun = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Makes a resume run {@code step} again even if it succeeded, and with {@code withDownstream}
     * every step that depends on it, directly or not: for when its output was wrong or has to be
     * made anew. Attempt numbers go on counting. A step the pipeline does not have makes the
     * resume fail with an {@link IllegalArgumentException} naming it.
     */
    public Builder rerun(String step, boolean withDownstream) {
      Checks.notNull(step, "step");
      rerun.merge(step, withDownstream, Boolean::logicalOr);
      return this;
    }

    /** Lets a resume go ahead although the pipeline changed; see {@link RunOptions#allowPlanChange()}. */
    public Builder allowPlanChange(boolean allow) {
      this.allowPlanChange = allow;
      return this;
    }

    /**
     * Uses {@code runId} instead of a generated id: letters, digits, {@code _}, {@code -} and
     * {@code .}, at most 128 characters, so it can name files and directories.
     */
    public Builder runId(String runId) {
      Checks.notNull(runId, "runId");
      Checks.argument(
          runId.matches("[A-Za-z0-9_.-]{1,128}") && !runId.startsWith("."),
          "run id '%s' must be 1 to 128 letters, digits, '_', '-' or '.', not starting with '.'",
          runId);
      this.runId = runId;
      return this;
    }

    /**
     * Adds a parameter.
     *
     * @throws IllegalArgumentException if the name holds a control character, or the name or the
     *     value a lone UTF-16 surrogate (the checkpoint records parameters, and could not read
     *     such text back)
     */
    public Builder param(String name, String value) {
      Checks.notNull(name, "name");
      Checks.notNull(value, "value");
      int bad = io.etlorchestrator.core.internal.UnsafeText.inName(name);
      Checks.argument(
          bad < 0,
          "parameter name '%s' %s; names may not hold control characters or lone UTF-16 surrogates",
          name,
          bad < 0 ? "" : io.etlorchestrator.core.internal.UnsafeText.describe(name, bad));
      int lone = io.etlorchestrator.core.internal.UnsafeText.loneSurrogate(value);
      Checks.argument(
          lone < 0,
          "the value of parameter '%s' %s, which no checkpoint can store",
          name,
          lone < 0 ? "" : io.etlorchestrator.core.internal.UnsafeText.describe(value, lone));
      params.put(name, value);
      return this;
    }

    /** Adds parameters. */
    public Builder params(Map<String, String> params) {
      Checks.notNull(params, "params").forEach(this::param);
      return this;
    }

    /** Adds a listener for this run. */
    public Builder listener(RunListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /** The options. */
    public RunOptions build() {
      return new RunOptions(this);
    }
  }
}
