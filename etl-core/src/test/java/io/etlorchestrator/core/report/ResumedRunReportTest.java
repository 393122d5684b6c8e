package io.etlorchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reports of a run that failed and was resumed 6.8 s later (issue 21: the idle time between the two
 * invocations was reported as work, and a step with {@code max_attempts: 2} showed {@code ✅ (3
 * attempts)} without saying that the resume renewed its budget).
 */
class ResumedRunReportTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final VirtualTime time = new VirtualTime();
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final Executor executor =
      Executor.builder()
          .parallelism(1)
          .scheduler(time.scheduler)
          .clock(time.clock())
          .checkpointStore(store)
          .build();
  private final AtomicInteger loads = new AtomicInteger();

  @AfterEach
  void close() {
    executor.close();
  }

  /**
   * extract (100 ms) -> load (50 ms a try); load fails its first two attempts, which are all that
   * {@code max_attempts: 2} allows in one invocation, and passes its third.
   */
  private ExecutionPlan plan() {
    return Planner.plan(
        Pipeline.builder("resumable")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(2).fixedBackoff(Duration.ofMillis(10)).build())
            .step("extract", s -> s.outputs("raw").action(ctx -> {
              time.spend(Duration.ofMillis(100));
              ctx.reportRows(10);
            }))
            .step("load", s -> s.inputs("raw").action(ctx -> {
              time.spend(Duration.ofMillis(50));
              if (loads.incrementAndGet() <= 2) {
                throw new IOException("warehouse unreachable");
              }
              ctx.reportRows(10);
            }))
            .build());
  }

  /** Runs until load fails for good at 10:00:00.210, then resumes at 10:00:07. */
  private PipelineRun failedThenResumed(ExecutionPlan plan) throws Exception {
    PipelineRun failed =
        time.scheduler.drive(executor.start(plan, RunOptions.builder().runId("r_resumed").build()), WAIT);
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.finishedAt()).contains(Instant.parse("2024-01-15T10:00:00.210Z"));
    time.spend(Duration.ofMillis(6_790));
    return time.scheduler.drive(executor.startResume(plan, "r_resumed", RunOptions.defaults()), WAIT);
  }

  @Test
  void aResumedRunsTotalDurationSeparatesRunningTimeFromTheIdleGap() throws Exception {
    ExecutionPlan plan = plan();

    PipelineRun run = failedThenResumed(plan);
    RunReport report = RunReport.of(run, plan);

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    // The first invocation's end is the last end among the steps that kept their times (extract's
    // at 0.100): load's two failed attempts (until 0.210) are not recorded after the resume.
    assertThat(report.markdown())
        .contains("**Total Duration:** 7s (150ms running, 6.9s idle between the run and its resume)\n")
        .contains("| Actual | extract → load | 150ms (7s wall, 6.9s of it idle between invocations) |");
    assertThat(report.html())
        .contains("<dt>Total Duration</dt><dd>7s (150ms running, 6.9s idle between the run and its resume)</dd>");
  }

  @Test
  void aResumedRunsTimelineMarksTheResumeAndTheIdleTimeBeforeIt() throws Exception {
    ExecutionPlan plan = plan();

    String markdown = RunReport.of(failedThenResumed(plan), plan).markdown();

    assertThat(markdown)
        .contains(
            """
            ```
            10:00:00.000 ─── extract ──────────────────────────────────────── 10:00:00.100 ✅
            10:00:07.000 ┄┄┄ resumed after 6.9s idle
            10:00:07.000 ─── load ──────────────────── 10:00:07.050 ✅ (3 attempts, budget renewed on resume)
            ```
            """);
  }

  @Test
  void aStepThatRanAgainAfterAResumeSaysItsAttemptBudgetWasRenewed() throws Exception {
    ExecutionPlan plan = plan();

    RunReport report = RunReport.of(failedThenResumed(plan), plan);

    assertThat(report.markdown())
        .contains("| extract | 100ms | 10 | ✅ |")
        .contains("| load | 50ms | 10 | ✅ (3 attempts, budget renewed on resume) |")
        .contains("load ✅ (3 attempts, budget renewed on resume) :done, s1, ");
    assertThat(report.html())
        .contains("<td class=\"num\">3 (budget renewed on resume)</td>")
        .contains("<title>load: success, 10:00:07.000 – 10:00:07.050, 50ms, 10 rows, 3 attempts, budget renewed on resume</title>");
  }

  @Test
  void theSvgShowsTheIdleTimeBetweenInvocations() throws Exception {
    ExecutionPlan plan = plan();

    String html = RunReport.of(failedThenResumed(plan), plan).html();

    assertThat(html)
        .contains("<rect class=\"idle\"")
        .contains("<title>idle 6.9s, 10:00:00.100 – 10:00:07.000, before resume 1</title>");
  }

  @Test
  void aRunResumedTwiceCountsTheIdleTimeBeforeEachResume() {
    PipelineRun run =
        new PipelineRun(
            "r2", "p", "", SeedRuns.at("10:00:00"), Optional.of(SeedRuns.at("10:00:21")), RunStatus.SUCCESS,
            Map.of(),
            List.of(
                SeedRuns.ran("a", StepStatus.SUCCESS, 1, "10:00:00", "10:00:01", 1),
                SeedRuns.ran("b", StepStatus.SUCCESS, 2, "10:00:10", "10:00:11", 1),
                SeedRuns.ran("c", StepStatus.SUCCESS, 1, "10:00:20", "10:00:21", 1)),
            List.of(SeedRuns.at("10:00:10"), SeedRuns.at("10:00:20")),
            Map.of());

    String markdown = RunReport.of(run).markdown();

    assertThat(markdown)
        .contains("**Total Duration:** 21s (3s running, 18s idle between the run and its 2 resumes)\n")
        .contains("10:00:10 ┄┄┄ resumed after 9s idle\n")
        .contains("10:00:20 ┄┄┄ resumed after 9s idle\n")
        .contains("| b | 1s | 1 | ✅ (2 attempts, budget renewed on resume) |")
        .as("a step that ran before any resume keeps the seed's note")
        .doesNotContain("| a | 1s | 1 | ✅ (");
  }

  @Test
  void eachInvocationsReportHasAFileNameOfItsOwn() throws Exception {
    ExecutionPlan plan = plan();

    PipelineRun resumed = failedThenResumed(plan);

    assertThat(RunReport.of(store.load("r_resumed").orElseThrow()).fileName("md")).isEqualTo("r_resumed.resume-1.md");
    assertThat(RunReport.of(resumed, plan).fileName("html")).isEqualTo("r_resumed.resume-1.html");
    assertThat(RunReport.of(SeedRuns.seedRun()).fileName("md")).isEqualTo("run_20240115_100000.md");
    assertThatThrownBy(() -> RunReport.of(resumed).fileName(".md"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("such as md, was '.md'");
  }

  @Test
  void aRunNeverResumedHasNoIdleNote() {
    PipelineRun run = SeedRuns.seedRun();

    assertThat(RunReport.of(run).markdown())
        .contains("**Total Duration:** 7m 42s\n")
        .doesNotContain("idle", "resumed");
  }
}
