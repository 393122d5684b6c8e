package io.etlorchestrator.core.internal.report;

/** Escapes text for the formats reports are written in. Internal: not part of the public API. */
public final class Escape {
  private Escape() {}

  /** Text safe inside HTML/XML element content and double-quoted attribute values. */
  public static String html(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      switch (c) {
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '&':
          out.append("&amp;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          // XML 1.0 forbids most control characters even as references; drop them.
          if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
            out.append(' ');
          } else {
            out.append(c);
          }
      }
    }
    return out.toString();
  }

  /** Text safe in one cell of a Markdown table: pipes escaped, line breaks flattened. */
  public static String markdownCell(String text) {
    return oneLine(text).replace("|", "\\|");
  }

  /** Text on one line: line breaks and tabs become spaces. */
  public static String oneLine(String text) {
    return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
  }

  /** A Mermaid gantt task or title: the characters Mermaid reads as syntax become look-alikes. */
  public static String mermaidText(String text) {
    return oneLine(text).replace(':', '﹕').replace(';', ',').replace('#', '♯');
  }
}
