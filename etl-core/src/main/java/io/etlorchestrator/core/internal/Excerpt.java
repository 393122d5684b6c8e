package io.etlorchestrator.core.internal;

/**
 * A value as an error message may echo it: control characters and lone UTF-16 surrogates written
 * as {@code \}{@code uXXXX} escapes (so a message stays one readable line), and at most {@link
 * #LIMIT} characters of it, then how long it was ({@code … (2,097,152 characters)}), so that a
 * hostile input of megabytes never comes back whole in a message.
 */
public final class Excerpt {
  /** The most characters of a value echoed. */
  public static final int LIMIT = 200;

  private Excerpt() {}

  /** {@code value}, escaped and cut to {@link #LIMIT} characters. */
  public static String of(String value) {
    if (value == null) {
      return "null";
    }
    int shown = Math.min(value.length(), LIMIT);
    StringBuilder out = null;
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      boolean escape = Character.isISOControl(c)
          || (Character.isHighSurrogate(c) && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))))
          || (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1))));
      if (escape && out == null) {
        out = new StringBuilder(shown + 16).append(value, 0, i);
      }
      if (out != null) {
        if (escape) {
          out.append(String.format("\\u%04X", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    String text = out != null ? out.toString() : value.substring(0, shown);
    if (value.length() > LIMIT) {
      text += String.format(java.util.Locale.ROOT, "… (%,d characters)", value.length());
    }
    return text;
  }
}
