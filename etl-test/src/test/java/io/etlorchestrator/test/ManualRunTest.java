package io.etlorchestrator.test;

import static io.etlorchestrator.test.EtlAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ManualRunTest {
  private final SeedRig seed = new SeedRig();

  @Test
  void aRetryStartsWhenItsBackoffIsOverAndNotBefore() {
    try (ManualRun run = PipelineTester.of(seed.pipeline()).failing("extract_orders", 1).start()) {
      run.awaitIdle();
      assertThat(run.eventLog()).contains("retry extract_orders#1 in 30s: InjectedFailure: injected failure of attempt 1"
          + " of step 'extract_orders' (failing(\"extract_orders\", 1))");

      run.advance(Duration.ofSeconds(29));
      assertThat(run.eventLog()).doesNotContain("started extract_orders#2");

      run.advance(Duration.ofSeconds(1));
      assertThat(run.eventLog()).contains("started extract_orders#2", "run finished SUCCESS");
      assertThat(run.scheduler().elapsed()).isEqualTo(Duration.ofSeconds(30));
      assertThat(run.finish()).succeeded().step("extract_orders").hasAttempts(2);
    }
  }

  @Test
  void advanceStopsAtEachRetrySoThatLaterBackoffsCountFromWhenTheyWereScheduled() {
    try (ManualRun run = PipelineTester.of(seed.pipeline()).failing("extract_orders", 2).start()) {
      // One move of 90 s covers the retry at 30 s and the one at 30 + 60 s.
      run.advance(Duration.ofSeconds(90));

      TestRun result = run.finish();
      assertThat(result).succeeded().step("extract_orders").hasAttempts(3);
      assertThat(result.run().duration()).contains(Duration.ofSeconds(90));
    }
  }

  @Test
  void runNextMovesTheClockToTheNextTask() {
    try (ManualRun run = PipelineTester.of(seed.pipeline()).failing("extract_orders", 2).start()) {
      assertThat(run.runNext()).isEqualTo(Duration.ofSeconds(30));
      assertThat(run.runNext()).isEqualTo(Duration.ofSeconds(60));
      assertThat(run.finish()).succeeded();
    }
  }

  @Test
  void runNextWithNothingScheduledSaysSo() {
    try (ManualRun run = PipelineTester.of(seed.pipeline()).hanging("extract_orders", 1).start()) {
      assertThatThrownBy(run::runNext)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("nothing is scheduled in virtual time, so there is no next task to run")
          .hasMessageFindingMatch("extract_orders +RUNNING +1");
      run.cancel();
      assertThat(run.finish()).wasCancelled().step("extract_orders").wasCancelled();
    }
  }

  @Test
  void finishingARunThatWaitsForTheClockSaysWhatItWaitsFor() {
    try (ManualRun run = PipelineTester.of(seed.pipeline()).failing("extract_orders", 1).start()) {
      assertThatThrownBy(run::finish)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining(
              "has not ended: it waits for virtual time (the next of 1 scheduled tasks falls due in 30s, at"
                  + " 2024-01-15T10:00:30Z); move the clock with advance(...) or runNext(), or let runToEnd() move it")
          .hasMessageFindingMatch("extract_orders +PENDING +1 +0 +InjectedFailure");

      assertThat(run.runToEnd()).succeeded();
    }
  }

  @Test
  void closingARunThatHasNotEndedCancelsIt() {
    PipelineTester tester = PipelineTester.of(seed.pipeline()).failing("extract_orders", 1);
    String runId;
    try (ManualRun run = tester.start()) {
      run.awaitIdle();
      runId = run.runId();
    }

    assertThat(tester.store().load(runId)).hasValueSatisfying(run -> assertThat(run).wasCancelled());
  }

  @Test
  void aStepTakingVirtualTimeIsStillRunningUntilTheClockGetsThere() {
    Pipeline pipeline =
        Pipeline.builder("slow").defaultRetryPolicy(RetryPolicy.none()).step("load", s -> s.action(ctx -> ctx.reportRows(5))).build();
    try (ManualRun run = PipelineTester.of(pipeline).taking("load", Duration.ofMinutes(2)).start()) {
      run.advance(Duration.ofSeconds(119));
      assertThat(run.eventLog()).containsExactly("run started", "started load#1");

      run.advance(Duration.ofSeconds(1));
      assertThat(run.finish()).succeeded().step("load").hasRows(5);
    }
  }

  @Test
  void aTesterHasOneOpenRunAtATime() {
    PipelineTester tester = PipelineTester.of(seed.pipeline()).failing("extract_orders", 1);
    ManualRun first = tester.start();
    try {
      assertThatThrownBy(tester::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "run " + first.runId() + " of this tester is still open: finish or close it before starting another"
                  + " (the runs of a tester share its clock)");
    } finally {
      first.close();
    }
    assertThatThrownBy(() -> first.advance(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("run " + first.runId() + " is closed; start another with PipelineTester.start()");
    assertThat(tester.run()).succeeded();
  }
}
