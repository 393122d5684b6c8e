package io.etlorchestrator.test;

import static io.etlorchestrator.test.EtlAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every assertion passes on a run it describes and fails, with a message naming what was expected
 * and what happened and ending with the run's step table, on one it does not.
 */
@Timeout(60)
class AssertionsTest {
  /** extract_orders fails every attempt (skip_downstream): FAILED, three steps skipped. */
  private static TestRun failed;
  /** every step succeeds; load_warehouse reports a metric. */
  private static TestRun succeeded;

  private static final String TABLE_HEADER = "run run_20240115_100000_";

  @BeforeAll
  static void runThePipelines() {
    failed =
        PipelineTester.of(new SeedRig().pipeline())
            .failingEveryAttempt("extract_orders")
            .failing("extract_customers", 1, () -> new UncheckedIOException(new IOException("connection reset")))
            .run();
    succeeded =
        PipelineTester.of(new SeedRig().pipeline())
            .action("load_warehouse", ctx -> {
              ctx.reportRows(365);
              ctx.metric("bytes", 4096);
            })
            .run();
  }

  @Test
  void hasStatus() {
    assertThat(failed).hasStatus(RunStatus.FAILED).failed();
    assertThat(succeeded).succeeded();

    assertThatThrownBy(() -> assertThat(failed).succeeded())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("expected the run to end SUCCESS, but it ended FAILED\n" + TABLE_HEADER)
        .hasMessageContaining("of pipeline 'daily_sales_etl': FAILED\n")
        .hasMessageFindingMatch("\n  step +status +attempts +rows +error or reason\n")
        .hasMessageFindingMatch("\n  extract_orders +FAILED +3 +0 +InjectedFailure: injected failure of attempt 3 of step 'extract_orders'")
        .hasMessageFindingMatch("\n  transform_orders +SKIPPED +0 +0 +\\S");
    assertThatThrownBy(() -> assertThat(succeeded).completedWithFailures())
        .hasMessageStartingWith("expected the run to end COMPLETED_WITH_FAILURES, but it ended SUCCESS\n");
    assertThatThrownBy(() -> assertThat(succeeded).wasCancelled())
        .hasMessageStartingWith("expected the run to end CANCELLED, but it ended SUCCESS\n");
    assertThatThrownBy(() -> assertThat(succeeded).failed())
        .hasMessageStartingWith("expected the run to end FAILED, but it ended SUCCESS\n");
  }

  @Test
  void hasReasonContaining() {
    TestRun stopped = PipelineTester.of(new SeedRig().pipeline()).failingEveryAttempt("transform_orders").run();
    assertThat(stopped).hasReasonContaining("transform_orders");

    assertThatThrownBy(() -> assertThat(stopped).hasReasonContaining("load_warehouse"))
        .hasMessageStartingWith(
            "expected the run's reason to contain \"load_warehouse\", but it is \"pipeline failed: step"
                + " 'transform_orders' failed\"\n" + TABLE_HEADER)
        .hasMessageContaining(": FAILED (pipeline failed: step 'transform_orders' failed)\n");
    assertThatThrownBy(() -> assertThat(succeeded).hasReasonContaining("x"))
        .hasMessageStartingWith("expected the run's reason to contain \"x\", but the run has no reason\n" + TABLE_HEADER);
  }

  @Test
  void hasTotalRows() {
    assertThat(succeeded).hasTotalRows(SeedRig.TOTAL_ROWS);

    assertThatThrownBy(() -> assertThat(succeeded).hasTotalRows(1))
        .hasMessageStartingWith("expected the run to total 1 rows, but it totals 121060\n" + TABLE_HEADER);
  }

  @Test
  void hasBeenResumed() {
    assertThat(failed).hasBeenResumed(0);

    assertThatThrownBy(() -> assertThat(failed).hasBeenResumed(1))
        .hasMessageStartingWith("expected the run to have been resumed 1 times, but it was resumed 0 times\n");
  }

  @Test
  void stepsWithStatus() {
    assertThat(failed).stepsWithStatus(StepStatus.SKIPPED).containsExactly("transform_orders", "aggregate_sales", "load_warehouse");
    assertThat(failed).stepsWithStatus(StepStatus.CANCELLED).isEmpty();

    assertThatThrownBy(() -> assertThat(failed).stepsWithStatus(StepStatus.SKIPPED).containsExactly("load_warehouse"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("[the steps that ended SKIPPED in\n" + TABLE_HEADER)
        .hasMessageContaining("\"transform_orders\"")
        .hasMessageFindingMatch("extract_orders +FAILED +3");
  }

  @Test
  void stepOfAnUnknownNameSuggestsTheClosest() {
    assertThatThrownBy(() -> assertThat(failed).step("extract_order"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "pipeline 'daily_sales_etl' has no step 'extract_order' (did you mean 'extract_orders'?); its steps:"
                + " extract_orders, extract_customers, extract_products, transform_orders, aggregate_sales, load_warehouse\n"
                + TABLE_HEADER);
  }

  @Test
  void stepHasStatus() {
    assertThat(failed)
        .step("extract_orders").failed().hasStatus(StepStatus.FAILED)
        .step("extract_customers").succeeded()
        .step("load_warehouse").wasSkipped();

    assertThatThrownBy(() -> assertThat(failed).step("load_warehouse").succeeded())
        .hasMessageStartingWith("expected step 'load_warehouse' to have ended SUCCESS, but it ended SKIPPED (")
        .hasMessageContaining(")\n" + TABLE_HEADER);
    assertThatThrownBy(() -> assertThat(succeeded).step("load_warehouse").wasSkipped())
        .hasMessageStartingWith("expected step 'load_warehouse' to have ended SKIPPED, but it ended SUCCESS\n" + TABLE_HEADER);
    assertThatThrownBy(() -> assertThat(succeeded).step("load_warehouse").wasCancelled())
        .hasMessageStartingWith("expected step 'load_warehouse' to have ended CANCELLED, but it ended SUCCESS\n");
    assertThatThrownBy(() -> assertThat(succeeded).step("load_warehouse").failed())
        .hasMessageStartingWith("expected step 'load_warehouse' to have ended FAILED, but it ended SUCCESS\n");
  }

  @Test
  void hasAttempts() {
    assertThat(failed).step("extract_orders").hasAttempts(3).step("extract_customers").hasAttempts(2);

    assertThatThrownBy(() -> assertThat(failed).step("extract_orders").hasAttempts(1))
        .hasMessageStartingWith("expected step 'extract_orders' to have made 1 attempt, but it made 3\n" + TABLE_HEADER);
  }

  @Test
  void hasRows() {
    assertThat(succeeded).step("extract_orders").hasRows(52_340);

    assertThatThrownBy(() -> assertThat(succeeded).step("extract_orders").hasRows(52_341))
        .hasMessageStartingWith("expected step 'extract_orders' to have reported 52341 rows, but it reported 52340\n");
  }

  @Test
  void hasMetric() {
    assertThat(succeeded).step("load_warehouse").hasMetric("bytes", 4096);

    assertThatThrownBy(() -> assertThat(succeeded).step("load_warehouse").hasMetric("bytes", 1))
        .hasMessageStartingWith("expected step 'load_warehouse' to have reported bytes = 1.0, but it reported 4096.0\n");
    assertThatThrownBy(() -> assertThat(succeeded).step("extract_orders").hasMetric("bytes", 1))
        .hasMessageStartingWith("expected step 'extract_orders' to have reported metric 'bytes', but it reported none\n");
  }

  @Test
  void failedWithAType() {
    assertThat(failed).step("extract_orders").failedWith(InjectedFailure.class).failedWith(RuntimeException.class);

    assertThatThrownBy(() -> assertThat(failed).step("extract_orders").failedWith(IOException.class))
        .hasMessageStartingWith(
            "expected step 'extract_orders' to have failed with java.io.IOException, but it failed with"
                + " io.etlorchestrator.test.InjectedFailure: injected failure of attempt 3")
        .hasMessageContaining(TABLE_HEADER);
    assertThatThrownBy(() -> assertThat(failed).step("extract_customers").failedWith(UncheckedIOException.class))
        .hasMessageStartingWith("expected step 'extract_customers' to have failed with UncheckedIOException, but it ended SUCCESS\n");
  }

  @Test
  void failedWithATypeOnARunWithoutItsExceptionsComparesTheRecordedName() {
    PipelineRun bare = failed.store().load(failed.runId()).orElseThrow();

    assertThat(bare).step("extract_orders").failedWith(InjectedFailure.class);

    assertThatThrownBy(() -> assertThat(bare).step("extract_orders").failedWith(RuntimeException.class))
        .hasMessageStartingWith(
            "expected step 'extract_orders' to have failed with RuntimeException, but its error is \"InjectedFailure: injected failure");
  }

  @Test
  void failedWithAMessage() {
    assertThat(failed).step("extract_orders").failedWith("injected failure of attempt 3");

    assertThatThrownBy(() -> assertThat(failed).step("extract_orders").failedWith("disk full"))
        .hasMessageStartingWith(
            "expected step 'extract_orders' to have failed with an error containing \"disk full\", but its error is"
                + " \"InjectedFailure: injected failure of attempt 3");
    assertThatThrownBy(() -> assertThat(succeeded).step("extract_orders").failedWith("disk full"))
        .hasMessageStartingWith("expected step 'extract_orders' to have failed with \"disk full\", but it ended SUCCESS\n");
  }

  @Test
  void hasReasonContainingOfAStep() {
    assertThat(failed).step("transform_orders").wasSkipped().hasReasonContaining("extract_orders");

    assertThatThrownBy(() -> assertThat(failed).step("transform_orders").hasReasonContaining("load"))
        .hasMessageStartingWith("expected step 'transform_orders' to have a reason containing \"load\", but its reason is \"");
    assertThatThrownBy(() -> assertThat(succeeded).step("transform_orders").hasReasonContaining("load"))
        .hasMessageStartingWith(
            "expected step 'transform_orders' to have a reason containing \"load\", but it has no reason (it ended SUCCESS)\n");
  }

  @Test
  void aDescriptionGivenWithAsComesFirst() {
    assertThatThrownBy(() -> assertThat(failed).as("nightly run").succeeded())
        .hasMessageStartingWith("[nightly run] expected the run to end SUCCESS");
  }

  @Test
  void aNullRunIsRefused() {
    assertThatThrownBy(() -> assertThat((PipelineRun) null).succeeded())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting actual not to be null");
  }

  @Test
  void theTableOfARunIsItsToString() {
    assertThat(failed.toString())
        .startsWith(TABLE_HEADER)
        .containsPattern("extract_customers +SUCCESS +2 +12450");
  }
}
