package io.etlorchestrator.core.report;

import io.etlorchestrator.core.Dependency;
import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepTiming;
import io.etlorchestrator.core.Wave;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.report.Escape;
import io.etlorchestrator.core.internal.report.Marks;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link ExecutionPlan} as Markdown, for a pull request or a wiki: the totals, the critical
 * path, external sources, the waves with their estimates, and every step's schedule and slack.
 *
 * <pre>{@code
 * System.out.println(PlanReport.markdown(Planner.plan(pipeline)));
 * }</pre>
 *
 * <p>Deterministic for a given plan. Stateless and thread-safe.
 */
public final class PlanReport {
  private PlanReport() {}

  /**
   * The plan as Markdown. For the seed's pipeline it starts:
   *
   * <pre>
   * # Execution Plan: daily_sales_etl
   *
   * **Steps:** 6 in 4 waves
   * **Total Estimated Duration:** 7m 30s (sum of wave estimates)
   * **Critical Path:** 7m 30s: extract_orders → transform_orders → aggregate_sales → load_warehouse
   * </pre>
   */
  public static String markdown(ExecutionPlan plan) {
    Checks.notNull(plan, "plan");
    StringBuilder out = new StringBuilder();
    int steps = plan.pipeline().steps().size();
    int waves = plan.waves().size();
    out.append("# Execution Plan: ").append(Escape.oneLine(plan.pipeline().name())).append("\n\n");
    out.append("**Steps:** ")
        .append(steps)
        .append(" in ")
        .append(waves)
        .append(waves == 1 ? " wave" : " waves")
        .append('\n');
    out.append("**Total Estimated Duration:** ")
        .append(Marks.duration(plan.totalEstimatedDuration()))
        .append(" (sum of wave estimates)\n");
    out.append("**Critical Path:** ")
        .append(Marks.duration(plan.criticalPathDuration()))
        .append(": ")
        .append(Escape.oneLine(String.join(" → ", plan.criticalPath())))
        .append('\n');

    out.append("\n## External Sources\n\n");
    if (plan.externalSources().isEmpty()) {
      out.append("None: every input is produced by a step.\n");
    } else {
      for (String source : plan.externalSources()) {
        out.append("- ").append(Escape.oneLine(source)).append('\n');
      }
    }

    out.append("\n## Waves\n\n");
    out.append("| Wave | Steps | Parallel | Estimate |\n");
    out.append("|------|-------|----------|----------|\n");
    for (Wave wave : plan.waves()) {
      out.append("| ")
          .append(wave.number())
          .append(" | ")
          .append(Escape.markdownCell(String.join(", ", wave.steps())))
          .append(" | ")
          .append(wave.parallel() ? "yes" : "no")
          .append(" | ")
          .append(Marks.duration(wave.estimatedDuration()))
          .append(" |\n");
    }

    out.append("\n## Steps\n\n");
    out.append("| Step | Type | Wave | Estimate | Earliest Start | Latest Start | Slack | After |\n");
    out.append("|------|------|------|----------|----------------|--------------|-------|-------|\n");
    for (PipelineStep step : plan.pipeline().steps()) {
      StepTiming timing = plan.timing(step.name());
      List<String> after = new ArrayList<>();
      for (Dependency dependency : plan.dependenciesOf(step.name())) {
        after.add(dependency.from());
      }
      out.append("| ")
          .append(Escape.markdownCell(step.name()))
          .append(" | ")
          .append(Escape.markdownCell(step.type()))
          .append(" | ")
          .append(timing.wave())
          .append(" | ")
          .append(Marks.duration(timing.estimatedDuration()))
          .append(" | ")
          .append(Marks.duration(timing.earliestStart()))
          .append(" | ")
          .append(Marks.duration(timing.latestStart()))
          .append(" | ")
          .append(timing.isCritical() ? "0s (critical)" : Marks.duration(timing.slack()))
          .append(" | ")
          .append(after.isEmpty() ? "-" : Escape.markdownCell(String.join(", ", after)))
          .append(" |\n");
    }
    return out.toString();
  }
}
