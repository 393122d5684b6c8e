package io.etlorchestrator.core.report;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.report.HtmlRunReport;
import io.etlorchestrator.core.internal.report.MarkdownRunReport;
import io.etlorchestrator.core.internal.report.MermaidGantt;
import io.etlorchestrator.core.internal.report.RunTimeline;
import java.util.List;
import java.util.Optional;

/**
 * The report of one run, as the seed's "Monitoring Output": for people who read (Markdown) and for
 * people who would rather look (a self-contained HTML page with an SVG timeline).
 *
 * <pre>{@code
 * PipelineRun run = executor.run(plan);
 * RunReport report = RunReport.of(run, plan);
 * Files.writeString(Path.of("report.md"), report.markdown());
 * Files.writeString(Path.of("report.html"), report.html());
 * }</pre>
 *
 * <p>{@link #markdown()} starts with exactly the seed's report: title, run id, start time (UTC),
 * status (🟢 success, 🟡 completed with failures, 🔴 failed, ⚪ cancelled), the execution timeline
 * drawn with box-drawing characters (steps grouped by start time, bars proportional to duration,
 * end time and status mark), the step table (duration such as {@code 2m 5s}, rows with thousands
 * separators, status), total duration and total rows. A step that needed more than one attempt
 * says so ({@code ✅ (3 attempts)}); durations and bars are those of its last attempt. Then, when
 * there are any, failures with their errors and skipped steps with the reason; with a plan, the
 * planned critical path against the actual one; and a Mermaid {@code gantt} chart of the timeline,
 * which GitHub renders.
 *
 * <p><b>Short runs.</b> Times are to the second, as the seed writes them, unless the run ran for
 * less than a minute and its times are not whole seconds: then the timeline, the gantt chart and
 * the HTML axis show milliseconds ({@code 10:00:00.012}). Totals under a minute are written to a
 * tenth of a second ({@code 6.8s}).
 *
 * <p><b>Resumed runs.</b> The report of a resumed run covers every invocation: the run's start and
 * each resume, steps that succeeded before a resume with their times from then, and the others
 * with their last attempt's. The total duration is wall time from the run's start to its end;
 * for a resumed run it also says how much of it the run was running and how much it sat idle
 * between invocations ({@code **Total Duration:** 7s (150ms running, 6.9s idle between the run and
 * its resume)}); the timeline has a line where each resume came ({@code 10:00:07.000 ┄┄┄ resumed
 * after 6.9s idle}), the HTML timeline a grey band over the idle time, and an actual critical path
 * that crosses idle time gives its time without it first. An invocation's running time is from
 * its start to the last step time it recorded: the run records no end for an invocation that was
 * later resumed, and a step that ran again after a resume keeps only its last attempt's times, so
 * the attempts the earlier invocation made of it are counted as idle. Attempt numbers go on across
 * a resume while each resume gives a step a fresh retry budget, so a step whose last attempt came
 * after a resume says {@code ✅ (3 attempts, budget renewed on resume)}.
 *
 * <p>Output depends only on the run (and plan), never on the current time or the default locale,
 * so the same run always gives the same text. Times are UTC. Immutable and thread-safe.
 */
public final class RunReport {
  private final RunTimeline timeline;
  private final Optional<ExecutionPlan> plan;

  private RunReport(PipelineRun run, Optional<ExecutionPlan> plan) {
    this.timeline = RunTimeline.of(run);
    this.plan = plan;
  }

  /** The report of {@code run}, without the plan: no critical path comparison. */
  public static RunReport of(PipelineRun run) {
    return new RunReport(Checks.notNull(run, "run"), Optional.empty());
  }

  /**
   * The report of {@code run}, made with {@code plan}: adds the planned and actual critical paths
   * and groups the gantt chart by wave.
   */
  public static RunReport of(PipelineRun run, ExecutionPlan plan) {
    return new RunReport(Checks.notNull(run, "run"), Optional.of(Checks.notNull(plan, "plan")));
  }

  /** The run reported on. */
  public PipelineRun run() {
    return timeline.run();
  }

  /** The report as Markdown (the seed's report, then the sections described above). */
  public String markdown() {
    return MarkdownRunReport.render(timeline, plan);
  }

  /**
   * Just the Mermaid {@code gantt} chart (without the fence): a task per executed step, tagged
   * {@code done}, {@code crit} (failed or cancelled) or {@code active}.
   */
  public String mermaidGantt() {
    return MermaidGantt.render(timeline, plan);
  }

  /**
   * The report as one self-contained HTML page: summary, an SVG timeline with one bar per
   * executed step on a time axis (coloured by status; a dashed outline and {@code ↻n} mark steps
   * that were retried), the step table with errors and skip reasons, and the critical paths when
   * a plan was given. The page loads nothing from elsewhere (no scripts, fonts or stylesheets), so
   * it opens offline, and it is well-formed XML.
   */
  public String html() {
    return HtmlRunReport.render(timeline, plan);
  }

  /**
   * The name a file of this report should have, with {@code extension} ({@code md}, {@code html}):
   * {@code <run id>.md} for a run never resumed, {@code <run id>.resume-<n>.md} after its n-th
   * resume ({@code run_20240115_100000.resume-1.md}), so that the reports of each invocation, written
   * to one directory, replace none of the others. That matters because the report of an invocation
   * that was later resumed is the only record of how it ended: after a resume the run's state keeps
   * only the last attempt of a step that ran again, so its error and its earlier times are gone.
   *
   * <pre>{@code
   * Files.writeString(reports.resolve(report.fileName("md")), report.markdown());
   * }</pre>
   */
  public String fileName(String extension) {
    Checks.notNull(extension, "extension");
    Checks.argument(
        extension.matches("[A-Za-z0-9]+"), "extension must be letters and digits without a dot, such as md, was '%s'",
        extension);
    PipelineRun run = run();
    String base = run.resumeCount() == 0 ? run.runId() : run.runId() + ".resume-" + run.resumeCount();
    return base + "." + extension;
  }

  /**
   * The chain of steps that decided when the run ended, first step first: from the step that
   * finished last, back through the dependency that finished last before it started. Empty
   * without a plan (the dependencies come from it) or when no step ran.
   */
  public List<String> actualCriticalPath() {
    return plan.map(timeline::actualCriticalPath).orElse(List.of());
  }
}
