package io.etlorchestrator.yaml;

import io.etlorchestrator.core.internal.Checks;
import java.util.List;

/**
 * A check's entry in a definition file does not give what its {@link CheckKind} needs: a field is
 * missing, unknown, of the wrong kind or out of range. Thrown by {@link CheckKind#create} (and by
 * {@link CheckDefinition#fields}); the reader reports it with the file's other problems, at the
 * {@code file:line:column} of the value (or the key of an unknown field) it names:
 *
 * <pre>
 * daily.yaml:12:30: steps[2].checks[0].row_count.max: max must be a whole number of at least 0, was text 'lots'
 * </pre>
 */
public class CheckDefinitionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String reason;
  private final boolean atKey;

  /**
   * A problem with {@code field} of the check's argument.
   *
   * @param field where in the argument: {@code ""} for the whole of it, {@code max}, {@code
   *     values[2]}, {@code columns.sale_date}
   * @param reason what is wrong and what would be valid
   */
  public CheckDefinitionException(String field, String reason) {
    this(field, reason, false);
  }

  private CheckDefinitionException(String field, String reason, boolean atKey) {
    super(Checks.notNull(reason, "reason"));
    this.field = Checks.notNull(field, "field");
    this.reason = reason;
    this.atKey = atKey;
  }

  /**
   * The argument has a field {@code field} ({@code mx}, or a path to it: {@code baseline.lats}) not
   * among {@code known}: reported at its key, with the closest known one.
   */
  public static CheckDefinitionException unknownField(String field, List<String> known) {
    String name = field.substring(field.lastIndexOf('.') + 1);
    String suggestion = CheckDefinition.suggestion(name, known);
    return new CheckDefinitionException(
        field,
        String.format("unknown field '%s'%s; known fields: %s", name, suggestion, String.join(", ", known)),
        true);
  }

  /** Where in the check's argument the problem is; {@code ""} for the whole argument. */
  public String field() {
    return field;
  }

  /** What is wrong and what would be valid. */
  public String reason() {
    return reason;
  }

  /** Whether the problem is the field's key (an unknown field) rather than its value. */
  public boolean atKey() {
    return atKey;
  }
}
