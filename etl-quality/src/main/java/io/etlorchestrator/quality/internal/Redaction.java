package io.etlorchestrator.quality.internal;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it is printed: passwords in JDBC URLs ({@code
 * password=...}, {@code user:secret@host}) and any of the known secret values. Internal: not part
 * of the public API.
 */
public final class Redaction {
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)((?:password|pwd|passwd)=)[^&;\\s]*");
  private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]+@");

  private Redaction() {}

  /** {@code text} with URL passwords and every value of {@code secrets} replaced by {@code ***}. */
  public static String redact(String text, Collection<String> secrets) {
    if (text == null) {
      return null;
    }
    String result = URL_PASSWORD.matcher(text).replaceAll("$1***");
    result = URL_USERINFO.matcher(result).replaceAll("$1***@");
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        result = result.replace(secret, "***");
      }
    }
    return result;
  }
}
