package io.etlorchestrator.core.internal;

import java.util.Optional;

/**
 * Characters that a name must not hold: ISO control characters (U+0000 to U+001F, U+007F to
 * U+009F: tabs, line breaks, NUL, escape sequences), which make names that print wrong or not at
 * all, and lone UTF-16 surrogates (half of a pair, which no UTF-8 text can hold), which no file
 * can store and read back. Internal: not part of the public API.
 */
public final class UnsafeText {
  private UnsafeText() {}

  /** The index of the first lone surrogate in {@code text}, or -1 if it has none. */
  public static int loneSurrogate(CharSequence text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++; // a pair
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /** The index of the first character a name must not hold, or -1 if it has none. */
  public static int inName(String name) {
    int n = name.length();
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        return i;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(name.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * What is wrong with {@code name}, if anything: {@code "holds a control character (U+0009) at
   * character 3"}, counting characters as people do (a surrogate pair is one), from 1.
   */
  public static Optional<String> nameProblem(String name) {
    int index = inName(name);
    if (index < 0) {
      return Optional.empty();
    }
    return Optional.of(describe(name, index));
  }

  /**
   * {@code "a control character (U+0009) at character 3"} or {@code "a lone UTF-16 surrogate
   * (U+D800) at character 2"} for the character of {@code text} at {@code index}.
   */
  public static String describe(String text, int index) {
    char c = text.charAt(index);
    return String.format(
        "holds %s (U+%04X) at character %d",
        Character.isSurrogate(c) ? "a lone UTF-16 surrogate" : "a control character",
        (int) c,
        text.codePointCount(0, index) + 1);
  }

  /** {@code text} with each lone surrogate replaced by U+FFFD, the replacement character. */
  public static String withoutLoneSurrogates(String text) {
    int first = loneSurrogate(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text);
    for (int i = first; i < out.length(); i++) {
      char c = out.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < out.length() && Character.isLowSurrogate(out.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        out.setCharAt(i, '\uFFFD');
      }
    }
    return out.toString();
  }
}
