package io.etlorchestrator.yaml;

import io.etlorchestrator.core.internal.Checks;

/**
 * A step's {@code params} do not give what its step type needs: a parameter is missing, of the
 * wrong kind, out of range, or not one the type knows. Thrown by {@link StepDefinition}'s typed
 * parameter methods ({@link StepDefinition#intParam(String)}, {@link
 * StepDefinition#durationParam(String)}, ...), and by factories for checks of their own.
 *
 * <p>When a {@link StepFactory} lets it propagate while a {@link YamlPipelineReader} reads a file
 * (directly, or as the cause of the exception the factory throws), the reader reports it at the
 * parameter's own position, {@code file:line:column} of its value and the path {@code
 * steps[i].params.name}, together with every other problem of the file:
 *
 * <pre>
 * orders.yaml:9:13: steps[0].params.rows: step type 'extract' rejected step 'extract_orders':
 *     params.rows must be a whole number of at least 1, was text 'lots'
 * </pre>
 *
 * <p>Outside a reader, {@link #getMessage()} names the step and the line where it starts: {@code
 * step 'extract_orders' (line 3): params.rows must be ...}. An {@link IllegalArgumentException},
 * as {@link StepFactory} expects of a rejected definition.
 */
public class StepParameterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String step;
  private final int line;
  private final String parameter;
  private final String reason;

  /**
   * A problem with parameter {@code parameter} of {@code step}.
   *
   * @param step the step whose params are wrong
   * @param parameter the parameter's name, as under {@code params:}
   * @param reason what is wrong and what would be valid, such as {@code params.rows must be a
   *     whole number of at least 1, was text 'lots'}
   */
  public StepParameterException(StepDefinition step, String parameter, String reason) {
    super(message(Checks.notNull(step, "step"), reason));
    this.step = step.name();
    this.line = step.line();
    this.parameter = Checks.notNull(parameter, "parameter");
    this.reason = Checks.notNull(reason, "reason");
  }

  private static String message(StepDefinition step, String reason) {
    return step.line() > 0
        ? String.format(
            "step '%s' (line %d): %s",
            io.etlorchestrator.core.internal.Excerpt.of(step.name()), step.line(), reason)
        : String.format("step '%s': %s", io.etlorchestrator.core.internal.Excerpt.of(step.name()), reason);
  }

  /** The name of the step whose params are wrong. */
  public String step() {
    return step;
  }

  /** The 1-based line where the step starts, 0 when unknown. */
  public int line() {
    return line;
  }

  /** The parameter's name, as written under {@code params:}. */
  public String parameter() {
    return parameter;
  }

  /** What is wrong and what would be valid, without the step's name and line. */
  public String reason() {
    return reason;
  }
}
