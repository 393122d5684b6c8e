package io.etlorchestrator.test;

import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.internal.Checks;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one step of a run, from {@link RunAssert#step(String)}. Chain them, and go on to
 * another step of the same run with {@link #step(String)}:
 *
 * <pre>{@code
 * assertThat(result)
 *     .step("extract_orders").succeeded().hasAttempts(3).hasRows(52_340)
 *     .step("load_warehouse").wasSkipped().hasReasonContaining("transform_orders");
 * }</pre>
 *
 * Every failure message names the step and ends with the run's step table.
 */
public final class StepAssert extends AbstractAssert<StepAssert, StepRun> {
  private final RunAssert run;
  private final Optional<Throwable> failure;

  StepAssert(StepRun step, RunAssert run, Optional<Throwable> failure) {
    super(step, StepAssert.class);
    this.run = run;
    this.failure = failure;
  }

  /** Checks the step's status at the run's end. */
  public StepAssert hasStatus(StepStatus status) {
    Checks.notNull(status, "status");
    if (actual.status() != status) {
      failStep("to have ended %s, but it ended %s%s", status, actual.status(), detail());
    }
    return this;
  }

  /** Checks that the step ended {@link StepStatus#SUCCESS}. */
  public StepAssert succeeded() {
    return hasStatus(StepStatus.SUCCESS);
  }

  /** Checks that the step ended {@link StepStatus#FAILED} (after its last attempt). */
  public StepAssert failed() {
    return hasStatus(StepStatus.FAILED);
  }

  /** Checks that the step ended {@link StepStatus#SKIPPED}: it never ran in this run. */
  public StepAssert wasSkipped() {
    return hasStatus(StepStatus.SKIPPED);
  }

  /** Checks that the step ended {@link StepStatus#CANCELLED}: it was stopped while running. */
  public StepAssert wasCancelled() {
    return hasStatus(StepStatus.CANCELLED);
  }

  /** Checks how many attempts of the step started, over all runs of it (a resume goes on counting). */
  public StepAssert hasAttempts(int attempts) {
    if (actual.attempts() != attempts) {
      failStep("to have made %d %s, but it made %d", attempts, attempts == 1 ? "attempt" : "attempts", actual.attempts());
    }
    return this;
  }

  /** Checks the rows the step's last attempt reported. */
  public StepAssert hasRows(long rows) {
    if (actual.rows() != rows) {
      failStep("to have reported %d rows, but it reported %d", rows, actual.rows());
    }
    return this;
  }

  /** Checks a metric the step's last attempt reported ({@code StepContext.metric}). */
  public StepAssert hasMetric(String name, double value) {
    Checks.notNull(name, "name");
    Double reported = actual.metrics().get(name);
    if (reported == null) {
      failStep("to have reported metric '%s', but it reported %s", name, actual.metrics().isEmpty() ? "none" : actual.metrics());
    } else if (Double.compare(reported, value) != 0) {
      failStep("to have reported %s = %s, but it reported %s", name, value, reported);
    }
    return this;
  }

  /**
   * Checks that the step ended FAILED and its last attempt threw a {@code type}. For a run from
   * {@link PipelineTester} the exception itself is checked, so a subclass counts; for a bare
   * {@code PipelineRun} (one loaded from a store, say) only the class name that the run recorded
   * in {@link StepRun#error()} is known, and it must be {@code type}'s own.
   */
  public StepAssert failedWith(Class<? extends Throwable> type) {
    Checks.notNull(type, "type");
    requireFailed("to have failed with " + type.getSimpleName());
    if (failure.isPresent()) {
      if (!type.isInstance(failure.get())) {
        failStep("to have failed with %s, but it failed with %s", type.getName(), failure.get());
      }
    } else {
      String error = actual.error().orElse("");
      String name = type.getSimpleName();
      if (!(error.equals(name) || error.startsWith(name + ": ") || error.startsWith(name + " ("))) {
        failStep("to have failed with %s, but its error is \"%s\"", name, error);
      }
    }
    return this;
  }

  /** Checks that the step ended FAILED with an error (class name and message) containing {@code fragment}. */
  public StepAssert failedWith(String fragment) {
    Checks.notNull(fragment, "fragment");
    requireFailed("to have failed with \"" + fragment + "\"");
    String error = actual.error().orElse("");
    if (!error.contains(fragment)) {
      failStep("to have failed with an error containing \"%s\", but its error is \"%s\"", fragment, error);
    }
    return this;
  }

  /** Checks why the step was skipped or cancelled ({@link StepRun#reason()}). */
  public StepAssert hasReasonContaining(String fragment) {
    Checks.notNull(fragment, "fragment");
    Optional<String> reason = actual.reason();
    if (reason.isEmpty() || !reason.get().contains(fragment)) {
      failStep(
          "to have a reason containing \"%s\", but %s",
          fragment, reason.map(r -> "its reason is \"" + r + "\"").orElse("it has no reason (it ended " + actual.status() + ")"));
    }
    return this;
  }

  /** Assertions on another step of the same run. */
  public StepAssert step(String name) {
    return run.step(name);
  }

  private void requireFailed(String expectation) {
    if (actual.status() != StepStatus.FAILED) {
      failStep("%s, but it ended %s%s", expectation, actual.status(), detail());
    }
  }

  private String detail() {
    return actual.error().or(actual::reason).map(text -> " (" + text + ")").orElse("");
  }

  private void failStep(String format, Object... args) {
    failWithMessage("expected step '%s' %s%n%s", actual.name(), String.format(format, args), run.table());
  }
}
