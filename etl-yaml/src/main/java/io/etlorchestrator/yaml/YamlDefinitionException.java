package io.etlorchestrator.yaml;

import io.etlorchestrator.core.DefinitionProblem;
import io.etlorchestrator.core.PipelineDefinitionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML definition is invalid: malformed YAML, wrong types, unknown or missing fields, bad
 * durations, or a pipeline the model rejects. Carries every problem of the file, each located by
 * line, column and field path; {@link #getMessage()} is the report to show a user, one problem per
 * line:
 *
 * <pre>
 * daily.yaml: pipeline 'daily_sales_etl' is invalid (2 problems):
 *   daily.yaml:7:5: steps[1].dependson: unknown field 'dependson' (did you mean 'depends_on'?)
 *   daily.yaml:21:9: steps[3].estimated_duration: '3 minutes' is not a duration; write ...
 * </pre>
 *
 * <p>A {@link PipelineDefinitionException}, so callers can handle definitions from code and from
 * files alike; {@link #problems()} gives the same problems in the core's terms (the field being
 * the path).
 */
public class YamlDefinitionException extends PipelineDefinitionException {
  private static final long serialVersionUID = 1L;
  /** The most problems {@link #getMessage()} lists; {@link #yamlProblems()} holds them all. */
  public static final int MAX_REPORTED = 100;

  private static final Pattern STEP_PATH = Pattern.compile("^steps\\[(\\d+)]");

  private final String source;
  private final transient List<YamlProblem> yamlProblems;
  private final String report;

  /**
   * An exception for the definition read from {@code source} with at least one problem.
   *
   * @param source the file name or other name of the input
   * @param pipeline the pipeline's name, or an empty string when the file does not give one
   * @param problems every problem, in the order to report them
   */
  public YamlDefinitionException(String source, String pipeline, List<YamlProblem> problems) {
    super(pipeline, coreProblems(problems));
    this.source = source;
    this.yamlProblems = List.copyOf(problems);
    this.report = report(source, pipeline, this.yamlProblems);
  }

  /** The file name or other name of the input. */
  public String source() {
    return source;
  }

  /** Every problem, ordered by position in the file. */
  public List<YamlProblem> yamlProblems() {
    return yamlProblems;
  }

  /**
   * The report: a header line, then one line per problem (at most {@value #MAX_REPORTED}, then a
   * count of the rest).
   */
  @Override
  public String getMessage() {
    return report;
  }

  private static String report(String source, String pipeline, List<YamlProblem> problems) {
    StringBuilder text = new StringBuilder(source).append(": ");
    text.append(
        pipeline.isBlank()
            ? "pipeline definition"
            : String.format("pipeline '%s'", io.etlorchestrator.core.internal.Excerpt.of(pipeline)));
    text.append(
        String.format(
            " is invalid (%d problem%s):", problems.size(), problems.size() == 1 ? "" : "s"));
    int shown = Math.min(problems.size(), MAX_REPORTED);
    for (int i = 0; i < shown; i++) {
      text.append("\n  ").append(problems.get(i).describe());
    }
    if (shown < problems.size()) {
      text.append(
          String.format(
              "\n  ... and %d more (see YamlDefinitionException.yamlProblems())",
              problems.size() - shown));
    }
    return text.toString();
  }

  private static List<DefinitionProblem> coreProblems(List<YamlProblem> problems) {
    List<DefinitionProblem> result = new ArrayList<>(problems.size());
    for (YamlProblem problem : problems) {
      Matcher m = STEP_PATH.matcher(problem.path());
      int index = m.find() ? Integer.parseInt(m.group(1)) : -1;
      result.add(
          new DefinitionProblem(
              index,
              Optional.empty(),
              problem.path().isEmpty() ? "file" : problem.path(),
              Optional.empty(),
              problem.line() > 0
                  ? String.format("line %d: %s", problem.line(), problem.message())
                  : problem.message()));
    }
    return result;
  }
}
