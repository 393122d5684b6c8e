package io.etlorchestrator.cli;

/** YAML scalars the command line writes by hand: keys and double-quoted strings. */
final class YamlText {
  private YamlText() {}

  /** {@code value} as a double-quoted YAML string. */
  static String quoted(String value) {
    StringBuilder out = new StringBuilder("\"");
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
        default:
          if (c < 0x20) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }

  /** {@code key} plain when it is safe to write so ({@code postgres.orders}), quoted otherwise. */
  static String key(String key) {
    return key.matches("[A-Za-z0-9_][A-Za-z0-9_./-]*") ? key : quoted(key);
  }
}
