package io.etlorchestrator.core.quality;

import io.etlorchestrator.core.internal.Checks;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A check attached to a step: on a dataset the step writes, run after the step's action returned
 * and before any dependent starts; or on a dataset it reads ({@link #onInput()}: a source's check),
 * run before its action. Built with {@link #builder(String, String)}; a definition file's {@code
 * checks:} become these.
 *
 * <p>Equality compares the definition and ignores the {@link #logic()}, as a step's does its action.
 *
 * @param name how reports and events name the check ({@code row_count}, {@code not_null(sale_date)})
 * @param kind the kind of check ({@code row_count}, {@code drift}, or a host's own)
 * @param dataset the dataset checked
 * @param onInput true for a check on a dataset the step reads, run before its action
 * @param severity what a check that does not pass does to the step
 * @param retry whether a failing check's attempt may be retried (default false: the data would
 *     most likely be the same again)
 * @param params the check's settings as plain values, for plans and reports
 * @param logic the code that checks; a pipeline can be planned without it, not run
 */
public record Check(
    String name,
    String kind,
    String dataset,
    boolean onInput,
    CheckSeverity severity,
    boolean retry,
    Map<String, Object> params,
    Optional<DatasetCheck> logic) {

  /** Checks and copies. */
  public Check {
    Checks.notNull(name, "name");
    Checks.notNull(kind, "kind");
    Checks.notNull(dataset, "dataset");
    Checks.notNull(severity, "severity");
    params = io.etlorchestrator.core.internal.StepParams.freeze(params, "params");
    Checks.notNull(logic, "logic");
  }

  /** A builder for a check of {@code kind} on {@code dataset}. */
  public static Builder builder(String kind, String dataset) {
    return new Builder(kind, dataset);
  }

  /** This check with {@code logic}. */
  public Check withLogic(DatasetCheck logic) {
    return new Check(name, kind, dataset, onInput, severity, retry, params, Optional.of(logic));
  }

  /** Compares every field but the logic. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Check)) {
      return false;
    }
    Check that = (Check) o;
    return onInput == that.onInput
        && retry == that.retry
        && name.equals(that.name)
        && kind.equals(that.kind)
        && dataset.equals(that.dataset)
        && severity == that.severity
        && params.equals(that.params);
  }

  /** Hashes every field but the logic. */
  @Override
  public int hashCode() {
    return Objects.hash(name, kind, dataset, onInput, severity, retry, params);
  }

  @Override
  public String toString() {
    return "Check[" + name + " on " + dataset + "]";
  }

  /** Builds a {@link Check}. */
  public static final class Builder {
    private final String kind;
    private final String dataset;
    private String name;
    private boolean onInput;
    private CheckSeverity severity = CheckSeverity.ERROR;
    private boolean retry;
    private Map<String, Object> params = Map.of();
    private DatasetCheck logic;

    private Builder(String kind, String dataset) {
      this.kind = Checks.notNull(kind, "kind");
      this.dataset = Checks.notNull(dataset, "dataset");
    }

    /** How reports name it (default: its kind). */
    public Builder name(String name) {
      this.name = Checks.notNull(name, "name");
      return this;
    }

    /** A check on a dataset the step reads, run before its action (default: one it writes). */
    public Builder onInput(boolean onInput) {
      this.onInput = onInput;
      return this;
    }

    /** {@link CheckSeverity#ERROR} (the default) or {@link CheckSeverity#WARN}. */
    public Builder severity(CheckSeverity severity) {
      this.severity = Checks.notNull(severity, "severity");
      return this;
    }

    /** Whether an attempt that failed on this check may be retried (default false). */
    public Builder retry(boolean retry) {
      this.retry = retry;
      return this;
    }

    /** The check's settings, for plans and reports. */
    public Builder params(Map<String, ?> params) {
      Checks.notNull(params, "params");
      this.params = io.etlorchestrator.core.internal.StepParams.freeze(new java.util.LinkedHashMap<>(params), "params");
      return this;
    }

    /** The code that checks. */
    public Builder logic(DatasetCheck logic) {
      this.logic = Checks.notNull(logic, "logic");
      return this;
    }

    /** The check. */
    public Check build() {
      return new Check(
          name == null ? kind : name, kind, dataset, onInput, severity, retry, params,
          Optional.ofNullable(logic));
    }
  }
}
