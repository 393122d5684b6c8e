package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.Durations;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Renders an {@link ExecutionPlan} for people: plain text for a terminal, and a Mermaid {@code
 * flowchart} that GitHub and most wikis draw as a diagram. Output is deterministic for a given
 * plan. Stateless and thread-safe.
 */
public final class PlanRenderer {
  private PlanRenderer() {}

  /**
   * The plan as plain text: one block per wave with each step's estimate, slack and dependencies,
   * then the totals and the critical path. For example:
   *
   * <pre>
   * Plan: daily_sales_etl (6 steps, 4 waves)
   * External sources: postgres.orders, postgres.customers, postgres.products
   *
   * Wave 1 (parallel, 120s)
   *   extract_orders       120s  slack 0s    critical
   *   ...
   * </pre>
   */
  public static String text(ExecutionPlan plan) {
    Checks.notNull(plan, "plan");
    Pipeline pipeline = plan.pipeline();
    int width = 4;
    for (PipelineStep step : pipeline.steps()) {
      width = Math.max(width, step.name().length());
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "Plan: %s (%d step%s, %d wave%s)\n",
            pipeline.name(),
            pipeline.steps().size(),
            pipeline.steps().size() == 1 ? "" : "s",
            plan.waves().size(),
            plan.waves().size() == 1 ? "" : "s"));
    if (!plan.externalSources().isEmpty()) {
      out.append("External sources: ")
          .append(String.join(", ", plan.externalSources()))
          .append('\n');
    }
    for (Wave wave : plan.waves()) {
      out.append('\n')
          .append(
              String.format(
                  "Wave %d (%s%s)\n",
                  wave.number(),
                  wave.parallel() ? "parallel, " : "",
                  Durations.compact(wave.estimatedDuration())));
      for (String name : wave.steps()) {
        StepTiming timing = plan.timing(name);
        StringJoiner after = new StringJoiner(", ", "  after ", "").setEmptyValue("");
        for (Dependency dependency : plan.dependenciesOf(name)) {
          after.add(dependency.from());
        }
        String line =
            String.format(
                "  %-" + width + "s  %8s  slack %-8s%s%s",
                name,
                Durations.compact(timing.estimatedDuration()),
                Durations.compact(timing.slack()),
                timing.isCritical() ? "critical" : "        ",
                after);
        out.append(line.stripTrailing()).append('\n');
      }
    }
    out.append('\n')
        .append("Total estimated duration (sum of waves): ")
        .append(Durations.compact(plan.totalEstimatedDuration()))
        .append('\n')
        .append("Critical path (")
        .append(Durations.compact(plan.criticalPathDuration()))
        .append("): ")
        .append(String.join(" -> ", plan.criticalPath()))
        .append('\n');
    return out.toString();
  }

  /**
   * The plan as a Mermaid {@code flowchart LR}: a node per step (with its estimate), a cylinder per
   * external source, an edge per dependency labelled with its dataset, and the critical path drawn
   * in bold red.
   */
  public static String mermaid(ExecutionPlan plan) {
    Checks.notNull(plan, "plan");
    Pipeline pipeline = plan.pipeline();
    List<PipelineStep> steps = pipeline.steps();
    StringBuilder out = new StringBuilder("flowchart LR\n");
    Map<String, String> sourceIds = new HashMap<>();
    for (String source : plan.externalSources()) {
      String id = "src" + sourceIds.size();
      sourceIds.put(source, id);
      out.append("  ").append(id).append("[(\"").append(escape(source)).append("\")]\n");
    }
    for (int i = 0; i < steps.size(); i++) {
      PipelineStep step = steps.get(i);
      out.append("  s")
          .append(i)
          .append("[\"")
          .append(escape(step.name()))
          .append("<br/>")
          .append(Durations.compact(step.estimatedDuration()))
          .append("\"]\n");
    }
    for (int i = 0; i < steps.size(); i++) {
      for (String input : steps.get(i).inputs()) {
        String source = sourceIds.get(input);
        if (source != null) {
          out.append("  ").append(source).append(" --> s").append(i).append('\n');
        }
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      for (Dependency dependency : plan.dependenciesOf(steps.get(i).name())) {
        out.append("  s").append(pipeline.indexOf(dependency.from()).orElseThrow());
        dependency
            .dataset()
            .ifPresentOrElse(
                d -> out.append(" -->|\"").append(escape(d)).append("\"| "),
                () -> out.append(" -.-> "));
        out.append('s').append(i).append('\n');
      }
    }
    List<String> critical = plan.criticalPath();
    if (!critical.isEmpty()) {
      Set<String> seen = new HashSet<>();
      StringJoiner ids = new StringJoiner(",");
      for (String name : critical) {
        if (seen.add(name)) {
          ids.add("s" + pipeline.indexOf(name).orElseThrow());
        }
      }
      out.append("  classDef critical stroke:#d33,stroke-width:3px\n");
      out.append("  class ").append(ids).append(" critical\n");
    }
    return out.toString();
  }

  private static String escape(String text) {
    return text.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
  }
}
