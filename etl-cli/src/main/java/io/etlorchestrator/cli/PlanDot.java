package io.etlorchestrator.cli;

import io.etlorchestrator.core.Dependency;
import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link ExecutionPlan} as a Graphviz {@code digraph} ({@code etl plan --format dot | dot -Tsvg
 * > plan.svg}): a box per step labelled with its name and estimate, a cylinder per external
 * source, an edge per dependency labelled with its dataset (dashed for an explicit {@code
 * depends_on} without one), one cluster per wave, and the critical path in bold red. Node ids are
 * generated ({@code s0}, {@code src0}), and every name is written as an escaped quoted string, so
 * any step or dataset name is safe. Deterministic for a given plan.
 */
final class PlanDot {
  private PlanDot() {}

  static String render(ExecutionPlan plan) {
    Pipeline pipeline = plan.pipeline();
    List<PipelineStep> steps = pipeline.steps();
    Set<String> critical = new HashSet<>(plan.criticalPath());
    Set<String> criticalEdges = new HashSet<>();
    List<String> path = plan.criticalPath();
    for (int i = 1; i < path.size(); i++) {
      criticalEdges.add(path.get(i - 1) + "\n" + path.get(i));
    }
    StringBuilder out = new StringBuilder();
    out.append("digraph ").append(quote(pipeline.name())).append(" {\n");
    out.append("  rankdir=LR;\n");
    out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    out.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    Map<String, String> sourceIds = new HashMap<>();
    for (String source : plan.externalSources()) {
      String id = "src" + sourceIds.size();
      sourceIds.put(source, id);
      out.append("  ").append(id).append(" [shape=cylinder, label=").append(quote(source)).append("];\n");
    }
    for (var wave : plan.waves()) {
      out.append("  subgraph cluster_wave").append(wave.number()).append(" {\n");
      out.append("    label=")
          .append(quote("wave " + wave.number() + " (" + DurationText.compact(wave.estimatedDuration()) + ")"))
          .append(";\n    style=dashed;\n");
      for (String name : wave.steps()) {
        PipelineStep step = pipeline.step(name).orElseThrow();
        out.append("    s")
            .append(pipeline.indexOf(name).orElseThrow())
            .append(" [label=")
            .append(quote(name + "\n" + DurationText.compact(step.estimatedDuration())))
            .append(critical.contains(name) ? ", color=\"#d33\", penwidth=3" : "")
            .append("];\n");
      }
      out.append("  }\n");
    }
    for (int i = 0; i < steps.size(); i++) {
      for (String input : steps.get(i).inputs()) {
        String source = sourceIds.get(input);
        if (source != null) {
          out.append("  ").append(source).append(" -> s").append(i).append(";\n");
        }
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      String to = steps.get(i).name();
      for (Dependency dependency : plan.dependenciesOf(to)) {
        out.append("  s").append(pipeline.indexOf(dependency.from()).orElseThrow()).append(" -> s").append(i);
        StringBuilder attributes = new StringBuilder();
        dependency.dataset().ifPresentOrElse(
            d -> attributes.append("label=").append(quote(d)),
            () -> attributes.append("style=dashed"));
        if (criticalEdges.contains(dependency.from() + "\n" + to)) {
          attributes.append(", color=\"#d33\", penwidth=3");
        }
        out.append(" [").append(attributes).append("];\n");
      }
    }
    out.append("}\n");
    return out.toString();
  }

  /** {@code text} as a DOT quoted string: backslashes and quotes escaped, line breaks as {@code \n}. */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\':
          quoted.append("\\\\");
          break;
        case '"':
          quoted.append("\\\"");
          break;
        case '\n':
          quoted.append("\\n");
          break;
        case '\r':
          break;
        default:
          quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
