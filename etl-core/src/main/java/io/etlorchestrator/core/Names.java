package io.etlorchestrator.core;

/**
 * What a name of a pipeline, step or dataset may hold: any text a checkpoint can store and read
 * back, which rules out a lone UTF-16 surrogate (no UTF-8 encoding exists for it) and control
 * characters (a tab, a newline, NUL: invisible in reports and logs, and in the way of every tool
 * that reads them by line).
 */
final class Names {
  private Names() {}

  /** The index of the first character of {@code name} that no name may hold, or -1. */
  static int unstorable(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        return i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Why {@code name} cannot be one, e.g. {@code has a control character (U+0009) at index 3; names
   * must be printable text}; for a name with {@link #unstorable} at least 0.
   */
  static String describeUnstorable(String name) {
    int at = unstorable(name);
    char c = name.charAt(at);
    String what = Character.isSurrogate(c) ? "a lone UTF-16 surrogate" : "a control character";
    return String.format(
        "has %s (U+%04X) at index %d; names must be printable text that a checkpoint can store", what, (int) c, at);
  }
}
