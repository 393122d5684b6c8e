package io.etlorchestrator.test.readme;

// The example of README.md's "Testing your pipelines", exactly: ReadmeTest checks that the README
// shows the lines between the markers, and this class runs them.
// --- README testing start ---
import static io.etlorchestrator.test.EtlAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.test.InjectedFailure;
import io.etlorchestrator.test.PipelineTester;
import io.etlorchestrator.test.TestRun;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DailySalesPipelineTest {
  // Your pipeline, as your application builds it (in full here, so that the example compiles).
  static Pipeline pipeline() {
    return Pipeline.builder("daily_sales_etl")
        .defaultRetryPolicy(RetryPolicy.ofDefaults())   // 3 attempts, backoff 30s then 60s
        .step("extract_orders", s -> s.inputs("postgres.orders").outputs("staging/orders.parquet")
            .fallback(Fallback.SKIP_DOWNSTREAM)
            .action(ctx -> ctx.reportRows(52_340)))
        .step("extract_customers", s -> s.inputs("postgres.customers").outputs("staging/customers.parquet")
            .action(ctx -> ctx.reportRows(12_450)))
        .step("aggregate_sales", s -> s.inputs("staging/orders.parquet", "staging/customers.parquet")
            .outputs("marts/daily_sales.parquet")
            .action(ctx -> ctx.reportRows(365)))
        .build();
  }

  @Test
  void retriesAFlakyExtractWithoutWaitingForItsBackoff() {
    TestRun result = PipelineTester.of(pipeline())
        .failing("extract_orders", 2)   // attempts 1 and 2 throw, attempt 3 runs the action
        .run();                         // 90 s of backoff on virtual time: milliseconds

    assertThat(result).succeeded().hasTotalRows(65_155)
        .step("extract_orders").hasAttempts(3).hasRows(52_340);
    assertThat(result.retryDelays("extract_orders"))
        .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  @Test
  void skipsTheAggregateWhenAnExtractKeepsFailing() {
    TestRun result = PipelineTester.of(pipeline()).failingEveryAttempt("extract_orders").run();

    assertThat(result).failed()
        .step("extract_orders").failedWith(InjectedFailure.class).hasAttempts(3)
        .step("extract_customers").succeeded()
        .step("aggregate_sales").wasSkipped();
    assertThat(result).stepsWithStatus(StepStatus.SKIPPED).containsExactly("aggregate_sales");
  }

  @Test
  void aResumeRunsOnlyWhatDidNotSucceed() {
    PipelineTester tester = PipelineTester.of(pipeline()).failing("aggregate_sales", 3);
    TestRun failed = tester.run();                     // the aggregate fails its 3 attempts
    TestRun resumed = tester.resume(failed.runId());   // and its attempt 4 succeeds

    assertThat(failed).failed();
    assertThat(resumed).succeeded().hasBeenResumed(1)
        .step("extract_orders").hasAttempts(1)
        .step("aggregate_sales").hasAttempts(4);
  }
}
// --- README testing end ---
