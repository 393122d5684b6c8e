package io.etlorchestrator.yaml.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Writes YAML scalars and flow lists safely. Internal: not part of the public API. */
public final class YamlText {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./-]*");
  private static final Set<String> RESERVED =
      Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf");

  private YamlText() {}

  /** {@code value} as a YAML scalar: plain when that reads back as the same text, else quoted. */
  public static String scalar(String value) {
    if (PLAIN.matcher(value).matches() && !RESERVED.contains(value.toLowerCase(Locale.ROOT))) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\r':
          out.append("\\r");
          break;
        default:
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029'
              || c == '\ufeff') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }

  /**
   * {@code {a: 1, b: [x, y], c: {d: true}}}: plain values (text, numbers, booleans, null) and lists
   * and mappings of them as a YAML flow mapping that reads back as the same values, keys in order.
   */
  public static String flowMapping(java.util.Map<String, ?> values) {
    StringBuilder out = new StringBuilder();
    value(values, out);
    return out.toString();
  }

  /** Any plain value (text, number, boolean, null, list, mapping) as a YAML flow value that reads back as the same. */
  public static String flowValue(Object value) {
    StringBuilder out = new StringBuilder();
    value(value, out);
    return out.toString();
  }

  private static void value(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      out.append(scalar((String) value));
    } else if (value instanceof java.util.Map) {
      out.append('{');
      boolean first = true;
      for (java.util.Map.Entry<?, ?> entry : ((java.util.Map<?, ?>) value).entrySet()) {
        if (!first) {
          out.append(", ");
        }
        out.append(scalar(String.valueOf(entry.getKey()))).append(": ");
        value(entry.getValue(), out);
        first = false;
      }
      out.append('}');
    } else if (value instanceof Collection) {
      out.append('[');
      boolean first = true;
      for (Object element : (Collection<?>) value) {
        if (!first) {
          out.append(", ");
        }
        value(element, out);
        first = false;
      }
      out.append(']');
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.append(Double.isNaN(d) ? ".nan" : Double.isInfinite(d) ? (d > 0 ? ".inf" : "-.inf") : String.valueOf(d));
    } else if (value instanceof java.math.BigDecimal) {
      out.append(((java.math.BigDecimal) value).toPlainString());
    } else {
      out.append(value); // booleans, integers
    }
  }

  /** {@code [a, b, c]} with each value written by {@link #scalar(String)}. */
  public static String flowList(Collection<String> values) {
    StringBuilder out = new StringBuilder("[");
    boolean first = true;
    for (String value : values) {
      if (!first) {
        out.append(", ");
      }
      out.append(scalar(value));
      first = false;
    }
    return out.append(']').toString();
  }
}
