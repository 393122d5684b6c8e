package io.etlorchestrator.quality;

import java.util.List;

/**
 * A check names a column the dataset does not have. Its message lists the columns that exist (and
 * the closest one); the check's outcome is {@link io.etlorchestrator.core.quality.CheckOutcome#ERROR}.
 */
public class UnknownColumnException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String dataset;
  private final String column;
  private final List<String> columns;

  /** {@code dataset} has no column {@code column}; it has {@code columns}. */
  public UnknownColumnException(String dataset, String column, List<String> columns) {
    super(message(dataset, column, columns));
    this.dataset = dataset;
    this.column = column;
    this.columns = List.copyOf(columns);
  }

  private static String message(String dataset, String column, List<String> columns) {
    String suggestion = io.etlorchestrator.core.internal.Suggestions.closest(column, columns)
        .map(s -> String.format(" (did you mean '%s'?)", s)).orElse("");
    return String.format("%s has no column '%s'%s; its columns: %s", dataset, column, suggestion,
        columns.isEmpty() ? "none" : String.join(", ", columns));
  }

  /** The dataset. */
  public String dataset() {
    return dataset;
  }

  /** The column the check named. */
  public String column() {
    return column;
  }

  /** The columns the dataset has, in order. */
  public List<String> columns() {
    return columns;
  }
}
