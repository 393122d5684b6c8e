package io.etlorchestrator.yaml;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.Suggestions;
import io.etlorchestrator.core.quality.CheckSeverity;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a definition file's {@code checks:} (of a step, or of a source under {@code
 * sources:}), as a {@link CheckKind} receives it to make the check's logic:
 *
 * <pre>
 * checks:
 *   - row_count: {min: 300, max: 400}      # kind row_count, argument {min=300, max=400}
 *   - not_null: [sale_date, revenue]       # kind not_null, argument [sale_date, revenue]
 *     severity: warn
 * </pre>
 *
 * <p>The {@link #argument()} is the value after the kind as plain Java values, as {@link
 * StepDefinition#params()} holds them: {@code String}, {@code Boolean}, {@code Integer}/{@code
 * Long}/{@code BigInteger}, {@code Double}/{@code BigDecimal}, {@code List}, {@code Map} (keys in
 * file order) and {@code null}.
 *
 * @param kind the check's kind, the entry's key ({@code row_count})
 * @param argument the value written after the kind
 * @param dataset the dataset checked: the step's output (or the one its {@code dataset:} names),
 *     or the source's name
 * @param step the step whose output is checked, empty for a source's check
 * @param severity the entry's {@code severity} ({@code error} unless it says {@code warn})
 * @param retry the entry's {@code retry} (false unless it says true)
 * @param line the 1-based line where the entry starts, for messages
 */
public record CheckDefinition(
    String kind,
    Object argument,
    String dataset,
    Optional<String> step,
    CheckSeverity severity,
    boolean retry,
    int line) {

  /** Checks for nulls. */
  public CheckDefinition {
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(dataset, "dataset must not be null");
    Objects.requireNonNull(step, "step must not be null");
    Objects.requireNonNull(severity, "severity must not be null");
  }

  /** Whether this is a check of a source (under {@code sources:}), run before the steps that read it. */
  public boolean onSource() {
    return step.isEmpty();
  }

  /**
   * The argument as a mapping of fields, refusing fields other than {@code known}.
   *
   * @throws CheckDefinitionException if the argument is not a mapping, or has a field not in
   *     {@code known} (naming the closest known one)
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> fields(String... known) {
    if (!(argument instanceof Map)) {
      throw new CheckDefinitionException("", String.format(
          "%s takes a mapping with %s, found %s", kind, String.join(", ", known), describe(argument)));
    }
    Map<String, Object> fields = (Map<String, Object>) argument;
    List<String> accepted = Arrays.asList(known);
    for (String field : fields.keySet()) {
      if (!accepted.contains(field)) {
        throw CheckDefinitionException.unknownField(field, accepted);
      }
    }
    return fields;
  }

  /**
   * What {@code value} is, for messages, as the reader says it of a file's values: {@code text
   * 'lots'}, {@code the number 5}, {@code the boolean true}, {@code a list}, {@code a mapping},
   * {@code nothing (null)}.
   */
  public static String describe(Object value) {
    if (value == null) {
      return "nothing (null)";
    }
    if (value instanceof String) {
      return "text '" + value + "'";
    }
    if (value instanceof Boolean) {
      return "the boolean " + value;
    }
    if (value instanceof Number) {
      return "the number " + value;
    }
    if (value instanceof Collection) {
      return "a list";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    return value.getClass().getSimpleName();
  }

  /** {@code " (did you mean 'x'?)"} for the closest of {@code candidates} to {@code name}, else empty. */
  static String suggestion(String name, Collection<String> candidates) {
    Checks.notNull(name, "name");
    return Suggestions.closest(name, candidates).map(s -> String.format(" (did you mean '%s'?)", s)).orElse("");
  }
}
