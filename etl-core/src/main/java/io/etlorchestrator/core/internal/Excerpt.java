package io.etlorchestrator.core.internal;

/**
 * A value as error messages echo it: at most {@value #SHOWN} characters of it when it is longer
 * than {@value #LIMIT} ({@code first 200 characters… (2,000,000 characters)}), with control
 * characters, line separators and lone UTF-16 surrogates written as escapes such as <code>&#92;u0001</code>, so
 * that no value, however long or strange, can flood a message or break it over several lines.
 * Every message that shows a value of the user's goes through here. Internal: not part of the
 * public API.
 */
public final class Excerpt {
  /** How many characters of a long value are shown. */
  public static final int SHOWN = 200;

  /**
   * Values up to this many characters are shown whole. Above {@link #SHOWN}, so that an excerpt
   * (its 200 characters and the count) is itself shown whole when echoed again.
   */
  public static final int LIMIT = 256;

  private Excerpt() {}

  /** {@code value} as a message shows it; {@code "null"} for null. */
  public static String of(String value) {
    if (value == null) {
      return "null";
    }
    int length = value.length();
    if (length <= LIMIT && !needsEscape(value)) {
      return value;
    }
    if (length <= LIMIT) {
      return escape(value, length);
    }
    int end = SHOWN;
    if (Character.isHighSurrogate(value.charAt(end - 1)) && Character.isLowSurrogate(value.charAt(end))) {
      end--; // never split a pair
    }
    return String.format(
        "%s… (%,d characters)", escape(value, end), value.codePointCount(0, length));
  }

  /**
   * {@code args} with every {@link CharSequence} replaced by its {@link #of(String) excerpt}, for
   * formatting a message with {@link String#format}; other values are left as they are.
   */
  public static Object[] all(Object... args) {
    Object[] result = args;
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof CharSequence) {
        String text = args[i].toString();
        String shown = of(text);
        if (!shown.equals(text)) {
          if (result == args) {
            result = args.clone();
          }
          result[i] = shown;
        }
      }
    }
    return result;
  }

  private static boolean needsEscape(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (escaped(value, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean escaped(String value, int i) {
    char c = value.charAt(i);
    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
    }
    return false;
  }

  private static String escape(String value, int end) {
    StringBuilder out = new StringBuilder(end + 16);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (escaped(value, i)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
