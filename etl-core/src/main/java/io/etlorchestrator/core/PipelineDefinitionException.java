package io.etlorchestrator.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A pipeline definition is invalid. Carries every problem found, not just the first; the message
 * lists them one per line.
 */
public class PipelineDefinitionException extends EtlException {
  private static final long serialVersionUID = 1L;

  private final String pipeline;
  private final transient List<DefinitionProblem> problems;

  /** An exception for pipeline {@code pipeline} with at least one problem. */
  public PipelineDefinitionException(String pipeline, List<DefinitionProblem> problems) {
    super(format(pipeline, problems));
    this.pipeline = pipeline;
    this.problems = List.copyOf(problems);
  }

  /** The name of the pipeline whose definition is invalid (may be blank if that is the problem). */
  public String pipeline() {
    return pipeline;
  }

  /** Every problem found, in definition order. */
  public List<DefinitionProblem> problems() {
    return problems;
  }

  private static String format(String pipeline, List<DefinitionProblem> problems) {
    String header =
        String.format(
            "pipeline '%s' is invalid (%d problem%s):",
            io.etlorchestrator.core.internal.Excerpt.of(pipeline),
            problems.size(),
            problems.size() == 1 ? "" : "s");
    return problems.stream()
        .map(p -> "  - " + p.describe())
        .collect(Collectors.joining("\n", header + "\n", ""));
  }
}
