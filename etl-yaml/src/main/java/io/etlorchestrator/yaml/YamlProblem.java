package io.etlorchestrator.yaml;

import java.util.Objects;

/**
 * One problem of a YAML definition, located in its file.
 *
 * @param source the file name (as given to the reader) or another name for the input
 * @param line 1-based line, or 0 when the problem concerns the whole file
 * @param column 1-based column, or 0 when the problem concerns the whole file
 * @param path the field concerned, such as {@code steps[3].depends_on[1]} (list indexes are
 *     0-based); empty for the document as a whole
 * @param message what is wrong and what would be valid
 */
public record YamlProblem(String source, int line, int column, String path, String message) {
  /** Checks for nulls. */
  public YamlProblem {
    Objects.requireNonNull(source, "source must not be null");
    Objects.requireNonNull(path, "path must not be null");
    Objects.requireNonNull(message, "message must not be null");
  }

  /**
   * The problem as one line in the form compilers use, so editors can jump to it: {@code
   * daily.yaml:12:17: steps[3].depends_on[1]: step 'transform_orders': depends_on names unknown
   * step 'extract_order' (did you mean 'extract_orders'?)}.
   */
  public String describe() {
    StringBuilder text = new StringBuilder(source);
    if (line > 0) {
      text.append(':').append(line).append(':').append(column);
    }
    text.append(": ");
    if (!path.isEmpty()) {
      text.append(path).append(": ");
    }
    return text.append(message).toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
