package io.etlorchestrator.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a {@link DatasetEngine#query query} returned: its columns, how many rows it has, and the
 * first few of them with every value as text ({@code null} for SQL NULL).
 *
 * @param columns the result's column names, in order
 * @param count how many rows the query returns in all
 * @param rows the first rows (at most the {@code maxRows} asked for), each a list of values
 */
public record QueryResult(List<String> columns, long count, List<List<String>> rows) {
  /** Copies. */
  public QueryResult {
    columns = List.copyOf(columns);
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    List<List<String>> copy = new ArrayList<>(rows.size());
    for (List<String> row : rows) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }

  /** The first rows as {@code (a=1, b=x); (a=2, b=y)}, for messages. */
  public String describeRows() {
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append('(');
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        out.append(i < columns.size() ? columns.get(i) : "?").append('=').append(row.get(i));
      }
      out.append(')');
    }
    return out.toString();
  }
}
