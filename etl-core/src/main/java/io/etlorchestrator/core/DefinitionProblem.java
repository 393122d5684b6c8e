package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import java.util.Optional;

/**
 * One thing wrong with a pipeline definition, located by step and field so that a definition
 * reader (such as the YAML module) can map it back to a line of the file.
 *
 * @param stepIndex position of the step in definition order (0-based), or -1 for the pipeline
 *     itself
 * @param step the step's name, when it has one
 * @param field the field concerned, in definition vocabulary: {@code name}, {@code inputs}, {@code
 *     outputs}, {@code depends_on}, {@code estimated_duration}, {@code timeout}, {@code resources},
 *     {@code steps}
 * @param value the offending value within the field (a dataset or step name), when there is one
 * @param message what is wrong and what would be valid, without the step prefix
 */
public record DefinitionProblem(
    int stepIndex, Optional<String> step, String field, Optional<String> value, String message) {

  /** Checks for nulls. */
  public DefinitionProblem {
    Checks.notNull(step, "step");
    Checks.notNull(field, "field");
    Checks.notNull(value, "value");
    Checks.notNull(message, "message");
  }

  /**
   * The problem as one line, prefixed with where it is: {@code step 'transform_orders':
   * depends_on names unknown step 'extract_order' (did you mean 'extract_orders'?)}. A step name
   * over 256 characters shows as its first 200, and control characters as escapes.
   */
  public String describe() {
    if (step.isPresent() && !step.get().isBlank()) {
      return "step '" + io.etlorchestrator.core.internal.Excerpt.of(step.get()) + "': " + message;
    }
    if (stepIndex >= 0) {
      return "step #" + (stepIndex + 1) + ": " + message;
    }
    return "pipeline: " + message;
  }

  @Override
  public String toString() {
    return describe();
  }
}
