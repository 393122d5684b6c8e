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
   * The chain of steps that decided when the run ended, first step first: from the step that
   * finished last, back through the dependency that finished last before it started. Empty
   * without a plan (the dependencies come from it) or when no step ran.
   */
  public List<String> actualCriticalPath() {
    return plan.map(timeline::actualCriticalPath).orElse(List.of());
  }
}
