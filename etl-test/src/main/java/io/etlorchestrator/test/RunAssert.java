package io.etlorchestrator.test;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.test.internal.RunTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/**
 * Assertions on a whole run, from {@link EtlAssertions#assertThat(TestRun)} or {@link
 * EtlAssertions#assertThat(PipelineRun)}. Every failure message ends with the run's step table
 * (status, attempts, rows, error or reason of each step), so a failing test shows what happened.
 *
 * <pre>{@code
 * assertThat(result).hasStatus(RunStatus.FAILED).hasTotalRows(64_790);
 * assertThat(result).stepsWithStatus(StepStatus.SKIPPED).containsExactly("aggregate_sales", "load_warehouse");
 * assertThat(result).step("extract_orders").failedWith(InjectedFailure.class).hasAttempts(3);
 * }</pre>
 */
public final class RunAssert extends AbstractAssert<RunAssert, PipelineRun> {
  private final Map<String, Throwable> failures;

  RunAssert(PipelineRun run, Map<String, Throwable> failures) {
    super(run, RunAssert.class);
    this.failures = Map.copyOf(failures);
  }

  /** Checks the run's status. */
  public RunAssert hasStatus(RunStatus status) {
    Checks.notNull(status, "status");
    isNotNull();
    if (actual.status() != status) {
      failWithMessage("expected the run to end %s, but it ended %s%n%s", status, actual.status(), table());
    }
    return this;
  }

  /** Checks that the run ended {@link RunStatus#SUCCESS}: every step succeeded. */
  public RunAssert succeeded() {
    return hasStatus(RunStatus.SUCCESS);
  }

  /** Checks that the run ended {@link RunStatus#FAILED}. */
  public RunAssert failed() {
    return hasStatus(RunStatus.FAILED);
  }

  /** Checks that the run ended {@link RunStatus#COMPLETED_WITH_FAILURES} ({@code alert_and_continue}). */
  public RunAssert completedWithFailures() {
    return hasStatus(RunStatus.COMPLETED_WITH_FAILURES);
  }

  /** Checks that the run ended {@link RunStatus#CANCELLED}. */
  public RunAssert wasCancelled() {
    return hasStatus(RunStatus.CANCELLED);
  }

  /** Checks that the run's {@link PipelineRun#reason()} contains {@code fragment}. */
  public RunAssert hasReasonContaining(String fragment) {
    Checks.notNull(fragment, "fragment");
    isNotNull();
    Optional<String> reason = actual.reason();
    if (reason.isEmpty() || !reason.get().contains(fragment)) {
      failWithMessage(
          "expected the run's reason to contain \"%s\", but %s%n%s",
          fragment, reason.map(r -> "it is \"" + r + "\"").orElse("the run has no reason"), table());
    }
    return this;
  }

  /** Checks the rows all steps reported together ({@link PipelineRun#totalRows()}). */
  public RunAssert hasTotalRows(long rows) {
    isNotNull();
    if (actual.totalRows() != rows) {
      failWithMessage("expected the run to total %d rows, but it totals %d%n%s", rows, actual.totalRows(), table());
    }
    return this;
  }

  /** Checks how many times the run was resumed. */
  public RunAssert hasBeenResumed(int times) {
    isNotNull();
    if (actual.resumeCount() != times) {
      failWithMessage(
          "expected the run to have been resumed %d times, but it was resumed %d times%n%s",
          times, actual.resumeCount(), table());
    }
    return this;
  }

  /**
   * Assertions on step {@code name}.
   *
   * @throws AssertionError if the run has no such step (naming the closest one)
   */
  public StepAssert step(String name) {
    Checks.notNull(name, "name");
    isNotNull();
    Optional<StepRun> step = actual.step(name);
    if (step.isEmpty()) {
      failWithMessage("%s%n%s", TestRun.unknownStep(actual, name), table());
    }
    return new StepAssert(step.get(), this, Optional.ofNullable(failures.get(name)));
  }

  /**
   * The names of the steps that ended in {@code status}, in definition order, as an AssertJ list
   * assertion: {@code stepsWithStatus(SKIPPED).containsExactly("aggregate_sales", "load_warehouse")}.
   * Its failure messages start with the run's step table.
   */
  public ListAssert<String> stepsWithStatus(StepStatus status) {
    Checks.notNull(status, "status");
    isNotNull();
    List<String> names = new ArrayList<>();
    for (StepRun step : actual.steps()) {
      if (step.status() == status) {
        names.add(step.name());
      }
    }
    return Assertions.assertThat(names).as("the steps that ended %s in%n%s%n", status, table());
  }

  /** The run's step table, for messages. */
  String table() {
    return RunTable.of(actual);
  }
}
