package io.etlorchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.SeedPipeline;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RunReportTest {
  private static final ExecutionPlan SEED_PLAN = Planner.plan(SeedPipeline.pipeline());

  /** The seed's Monitoring Output, as SEED.md writes it. */
  private static final String SEED_REPORT =
      """
      # Pipeline Execution: daily_sales_etl

      **Run ID:** run_20240115_100000
      **Started:** 2024-01-15 10:00:00 UTC
      **Status:** 🟢 SUCCESS

      ## Execution Timeline

      ```
      10:00:00 ─┬─ extract_orders ─────────────────────────────── 10:02:05 ✅
                ├─ extract_customers ─────────── 10:00:58 ✅
                └─ extract_products ─── 10:00:28 ✅
      10:02:05 ─── transform_orders ─────────────────────────────────────── 10:05:12 ✅
      10:05:12 ─── aggregate_sales ─────────────────── 10:06:45 ✅
      10:06:45 ─── load_warehouse ─────────── 10:07:42 ✅
      ```

      ## Step Details

      | Step | Duration | Rows | Status |
      |------|----------|------|--------|
      | extract_orders | 2m 5s | 52,340 | ✅ |
      | extract_customers | 58s | 12,450 | ✅ |
      | extract_products | 28s | 3,200 | ✅ |
      | transform_orders | 3m 7s | 52,340 | ✅ |
      | aggregate_sales | 1m 33s | 365 | ✅ |
      | load_warehouse | 57s | 365 | ✅ |

      **Total Duration:** 7m 42s
      **Total Rows Processed:** 120,695
      """;

  private static final String EXPECTED_SEED_MARKDOWN =
      """
      # Pipeline Execution: daily_sales_etl

      **Run ID:** run_20240115_100000
      **Started:** 2024-01-15 10:00:00 UTC
      **Status:** 🟢 SUCCESS

      ## Execution Timeline

      ```
      10:00:00 ─┬─ extract_orders ─────────────────────────── 10:02:05 ✅
                ├─ extract_customers ──────────── 10:00:58 ✅
                └─ extract_products ────── 10:00:28 ✅
      10:02:05 ─── transform_orders ──────────────────────────────────────── 10:05:12 ✅
      10:05:12 ─── aggregate_sales ──────────────────── 10:06:45 ✅
      10:06:45 ─── load_warehouse ──────────── 10:07:42 ✅
      ```

      ## Step Details

      | Step | Duration | Rows | Status |
      |------|----------|------|--------|
      | extract_orders | 2m 5s | 52,340 | ✅ |
      | extract_customers | 58s | 12,450 | ✅ |
      | extract_products | 28s | 3,200 | ✅ |
      | transform_orders | 3m 7s | 52,340 | ✅ |
      | aggregate_sales | 1m 33s | 365 | ✅ |
      | load_warehouse | 57s | 365 | ✅ |

      **Total Duration:** 7m 42s
      **Total Rows Processed:** 121,060

      ## Critical Path

      | | Path | Duration |
      |---|---|---|
      | Planned | extract_orders → transform_orders → aggregate_sales → load_warehouse | 7m 30s (estimated) |
      | Actual | extract_orders → transform_orders → aggregate_sales → load_warehouse | 7m 42s |

      The run followed the planned critical path.

      ## Gantt

      ```mermaid
      gantt
          title daily_sales_etl (run_20240115_100000)
          dateFormat YYYY-MM-DD HH:mm:ss
          axisFormat %H:%M:%S
          section Wave 1
          extract_orders ✅ :done, s0, 2024-01-15 10:00:00, 2024-01-15 10:02:05
          extract_customers ✅ :done, s1, 2024-01-15 10:00:00, 2024-01-15 10:00:58
          extract_products ✅ :done, s2, 2024-01-15 10:00:00, 2024-01-15 10:00:28
          section Wave 2
          transform_orders ✅ :done, s3, 2024-01-15 10:02:05, 2024-01-15 10:05:12
          section Wave 3
          aggregate_sales ✅ :done, s4, 2024-01-15 10:05:12, 2024-01-15 10:06:45
          section Wave 4
          load_warehouse ✅ :done, s5, 2024-01-15 10:06:45, 2024-01-15 10:07:42
      ```
      """;

  private static final String EXPECTED_FAILED_MARKDOWN =
      """
      # Pipeline Execution: daily_sales_etl

      **Run ID:** run_20240115_100000
      **Started:** 2024-01-15 10:00:00 UTC
      **Status:** 🔴 FAILED

      ## Execution Timeline

      ```
      10:00:00 ─── extract_products ─────────────────── 10:00:28 ✅
      10:00:30 ─── extract_customers ──────────────────────────────────────── 10:01:28 ✅ (2 attempts)
      10:03:00 ─── extract_orders ───────────────────── 10:03:30 ❌ (3 attempts)
      ```

      ## Step Details

      | Step | Duration | Rows | Status |
      |------|----------|------|--------|
      | extract_orders | 30s | 0 | ❌ (3 attempts) |
      | extract_customers | 58s | 12,450 | ✅ (2 attempts) |
      | extract_products | 28s | 3,200 | ✅ |
      | transform_orders | - | - | ⏭️ |
      | aggregate_sales | - | - | ⏭️ |
      | load_warehouse | - | - | ⏭️ |

      **Total Duration:** 3m 30s
      **Total Rows Processed:** 15,650

      ## Failures

      - ❌ extract_orders failed after 3 attempts: IOException: connection <refused> & gone

      ## Skipped Steps

      - ⏭️ transform_orders: upstream step 'extract_orders' failed
      - ⏭️ aggregate_sales: upstream step 'extract_orders' failed
      - ⏭️ load_warehouse: upstream step 'extract_orders' failed

      ## Gantt

      ```mermaid
      gantt
          title daily_sales_etl (run_20240115_100000)
          dateFormat YYYY-MM-DD HH:mm:ss
          axisFormat %H:%M:%S
          section Steps
          extract_products ✅ :done, s2, 2024-01-15 10:00:00, 2024-01-15 10:00:28
          extract_customers ✅ (2 attempts) :done, s1, 2024-01-15 10:00:30, 2024-01-15 10:01:28
          extract_orders ❌ (3 attempts) :crit, s0, 2024-01-15 10:03:00, 2024-01-15 10:03:30
      ```
      """;

  @Test
  void theSeedsRunGivesTheExpectedMarkdown() {
    String markdown = RunReport.of(SeedRuns.seedRun(), SEED_PLAN).markdown();

    assertThat(markdown).isEqualTo(EXPECTED_SEED_MARKDOWN);
  }

  @Test
  void theSeedsRunStartsWithTheSeedsReportUpToBarLengths() {
    String markdown = RunReport.of(SeedRuns.seedRun()).markdown();

    // The seed's bars are drawn by hand (31 dashes for 125s, 39 for 187s); ours are exactly
    // proportional. Its total of 120,695 rows also leaves out one 365-row step: the table sums to
    // 121,060, which is what we print.
    String expected =
        normalizeBars(SEED_REPORT)
            .replace("**Total Rows Processed:** 120,695", "**Total Rows Processed:** 121,060");
    assertThat(normalizeBars(markdown)).startsWith(expected);
  }

  @Test
  void timelineBarsAreProportionalToDurations() {
    String markdown = RunReport.of(SeedRuns.seedRun()).markdown();
    Matcher m = Pattern.compile("─ (\\w+) (─+) \\d\\d:\\d\\d:\\d\\d").matcher(markdown);
    List<String> seen = new ArrayList<>();
    while (m.find()) {
      StepRun step = SeedRuns.seedRun().step(m.group(1)).orElseThrow();
      long seconds = step.duration().orElseThrow().getSeconds();
      assertThat(m.group(2).length())
          .as("bar of %s (%ss) is %s/187 of 40 characters", step.name(), seconds, seconds)
          .isEqualTo(Math.round(seconds * 40.0 / 187));
      seen.add(m.group(1));
    }
    assertThat(seen)
        .containsExactly(
            "extract_orders", "extract_customers", "extract_products", "transform_orders",
            "aggregate_sales", "load_warehouse");
  }

  @Test
  void aFailedRunShowsAttemptsFailuresAndSkippedStepsWithTheirReasons() {
    String markdown = RunReport.of(SeedRuns.failedRun()).markdown();

    assertThat(markdown).isEqualTo(EXPECTED_FAILED_MARKDOWN);
  }

  @Test
  void aRunThatEndedForAReasonItsStepsDoNotShowSaysWhyUnderItsStatus() {
    PipelineRun run = SeedRuns.seedRun();
    PipelineRun failed =
        new PipelineRun(
            run.runId(), run.pipeline(), run.planFingerprint(), run.startedAt(), run.finishedAt(),
            RunStatus.FAILED, run.params(), run.steps(), run.resumedAt(), run.stepFingerprints(),
            java.util.Optional.of("checkpoint failed: the run's end could not be recorded: disk\nfull"));

    RunReport report = RunReport.of(failed);

    assertThat(report.markdown())
        .contains("**Status:** 🔴 FAILED\n**Reason:** checkpoint failed: the run's end could not be recorded: disk full\n\n");
    assertThat(report.html())
        .contains("<dt>Reason</dt><dd>checkpoint failed: the run&#39;s end could not be recorded: disk\nfull</dd>");
    assertThat(RunReport.of(run).markdown()).doesNotContain("**Reason:**");
  }

  @Test
  void statusMarksFollowTheSeed() {
    assertThat(statusLine(RunStatus.SUCCESS)).isEqualTo("**Status:** 🟢 SUCCESS");
    assertThat(statusLine(RunStatus.FAILED)).isEqualTo("**Status:** 🔴 FAILED");
    assertThat(statusLine(RunStatus.COMPLETED_WITH_FAILURES))
        .isEqualTo("**Status:** 🟡 COMPLETED WITH FAILURES");
    assertThat(statusLine(RunStatus.CANCELLED)).isEqualTo("**Status:** ⚪ CANCELLED");
  }

  private static String statusLine(RunStatus status) {
    PipelineRun run = SeedRuns.seedRun();
    PipelineRun changed = run.with(status, run.finishedAt(), run.steps());
    return RunReport.of(changed).markdown().lines().filter(l -> l.startsWith("**Status:**")).findFirst().orElseThrow();
  }

  @Test
  void theActualCriticalPathFollowsTheDependencyThatFinishedLast() {
    // extract_customers finishes after extract_orders, so transform_orders waited for it.
    List<StepRun> steps = new ArrayList<>(SeedRuns.seedRun().steps());
    steps.set(1, SeedRuns.ran("extract_customers", StepStatus.SUCCESS, 1, "10:00:00", "10:02:30", 12_450));
    steps.set(3, SeedRuns.ran("transform_orders", StepStatus.SUCCESS, 1, "10:02:30", "10:05:12", 52_340));
    PipelineRun run = SeedRuns.run(RunStatus.SUCCESS, "10:07:42", steps);

    RunReport report = RunReport.of(run, SEED_PLAN);

    assertThat(report.actualCriticalPath())
        .containsExactly("extract_customers", "transform_orders", "aggregate_sales", "load_warehouse");
    assertThat(report.markdown())
        .contains(
            "| Actual | extract_customers → transform_orders → aggregate_sales → load_warehouse | 7m 42s |")
        .contains("The actual critical path differs from the plan's.");
    assertThat(RunReport.of(run).actualCriticalPath()).as("no plan, no dependencies").isEmpty();
  }

  @Test
  void stepsWithTheSameStartSecondAreGroupedUnderOneTime() {
    List<StepRun> steps = new ArrayList<>(SeedRuns.seedRun().steps());
    steps.set(1, SeedRuns.ran("extract_customers", StepStatus.SUCCESS, 1, "10:00:01", "10:00:58", 12_450));
    String markdown = RunReport.of(SeedRuns.run(RunStatus.SUCCESS, "10:07:42", steps)).markdown();

    assertThat(markdown)
        .contains("10:00:00 ─┬─ extract_orders ")
        .contains("          └─ extract_products ")
        .contains("10:00:01 ─── extract_customers ");
  }

  @Test
  void aRunOverMidnightShowsDatesOnTheTimeline() {
    PipelineRun run =
        new PipelineRun(
            "r1", "nightly", "", java.time.Instant.parse("2024-01-15T23:59:00Z"),
            java.util.Optional.of(java.time.Instant.parse("2024-01-16T00:01:00Z")),
            RunStatus.SUCCESS, java.util.Map.of(),
            List.of(
                new StepRun(
                    "only", StepStatus.SUCCESS, 1,
                    java.util.Optional.of(java.time.Instant.parse("2024-01-15T23:59:00Z")),
                    java.util.Optional.of(java.time.Instant.parse("2024-01-16T00:01:00Z")),
                    1_234_567, java.util.Map.of(), java.util.Optional.empty(), java.util.Optional.empty())));

    String markdown = RunReport.of(run).markdown();

    assertThat(markdown)
        .contains("01-15 23:59:00 ─── only ──────────────────────────────────────── 01-16 00:01:00 ✅")
        .contains("| only | 2m 0s | 1,234,567 | ✅ |");
  }

  @Test
  void outputDoesNotDependOnTheDefaultLocaleOrTimeZone() {
    String before = RunReport.of(SeedRuns.failedRun(), SEED_PLAN).markdown();
    String beforeHtml = RunReport.of(SeedRuns.failedRun(), SEED_PLAN).html();
    Locale locale = Locale.getDefault();
    TimeZone zone = TimeZone.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
      assertThat(RunReport.of(SeedRuns.failedRun(), SEED_PLAN).markdown()).isEqualTo(before);
      assertThat(RunReport.of(SeedRuns.failedRun(), SEED_PLAN).html()).isEqualTo(beforeHtml);
    } finally {
      Locale.setDefault(locale);
      TimeZone.setDefault(zone);
    }
    assertThat(before).contains("12,450").doesNotContain("12.450");
  }

  @Test
  void markdownTableCellsEscapePipes() {
    List<StepRun> steps = List.of(SeedRuns.ran("a|b", StepStatus.SUCCESS, 1, "10:00:00", "10:00:05", 1));
    String markdown = RunReport.of(SeedRuns.run(RunStatus.SUCCESS, "10:00:05", steps)).markdown();

    assertThat(markdown).contains("| a\\|b | 5s | 1 | ✅ |");
  }

  @Test
  void aRunThatIsStillRunningSaysSo() {
    PipelineRun run =
        new PipelineRun(
            "r1", "p", "", SeedRuns.at("10:00:00"), java.util.Optional.empty(), RunStatus.RUNNING,
            java.util.Map.of(),
            List.of(
                SeedRuns.ran("a", StepStatus.SUCCESS, 1, "10:00:00", "10:00:10", 5),
                new StepRun(
                    "b", StepStatus.RUNNING, 1, java.util.Optional.of(SeedRuns.at("10:00:10")),
                    java.util.Optional.empty(), 0, java.util.Map.of(), java.util.Optional.empty(),
                    java.util.Optional.empty())));

    String markdown = RunReport.of(run).markdown();

    assertThat(markdown)
        .contains("**Status:** 🔵 RUNNING")
        .contains("10:00:10 ─── b ─ running ⏳")
        .contains("**Total Duration:** 10s (still running)");
  }

  @Test
  void theMermaidGanttHasATaskPerExecutedStep() {
    String gantt = RunReport.of(SeedRuns.failedRun()).mermaidGantt();

    assertThat(gantt).startsWith("gantt\n");
    assertThat(gantt.lines().filter(l -> l.matches("    \\S.* :(done|crit|active), s\\d+, .*"))).hasSize(3);
    assertThat(gantt).doesNotContain("transform_orders");
  }

  @Test
  void mermaidTextCannotBreakTheChartSyntax() {
    List<StepRun> steps = List.of(SeedRuns.ran("load: a;b#c", StepStatus.SUCCESS, 1, "10:00:00", "10:00:05", 1));
    String gantt = RunReport.of(SeedRuns.run(RunStatus.SUCCESS, "10:00:05", steps)).mermaidGantt();

    String task = gantt.lines().filter(l -> l.contains(":done")).findFirst().orElseThrow();
    assertThat(task.substring(0, task.indexOf(" :done"))).doesNotContain(":", ";", "#");
  }

  @Test
  void aReportOfARunWhereNothingRanStillRenders() {
    PipelineRun run =
        SeedRuns.run(RunStatus.CANCELLED, "10:00:00", List.of(SeedRuns.skipped("a", "the run was cancelled")));

    assertThat(RunReport.of(run).markdown()).contains("(no step ran)").contains("- ⏭️ a: the run was cancelled");
    assertThat(RunReport.of(run).html()).contains("</svg>");
  }

  private static String normalizeBars(String text) {
    return text.replaceAll("─{2,}(?= \\d\\d:\\d\\d:\\d\\d)", "─");
  }
}
