package io.etlorchestrator.yaml.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as definitions write them: {@code 120s}, {@code 5m}, {@code 1h30m}, {@code
 * 250ms}, {@code 1m30s500ms}, and ISO-8601 such as {@code PT2M}. Internal: not part of the public
 * API.
 */
public final class DurationText {
  /** The accepted formats, for error messages. */
  public static final String FORMATS =
      "a whole number with a unit (250ms, 30s, 5m, 2h) or several in descending order (1h30m,"
          + " 2m30s), or ISO-8601 (PT2M, PT1H30M)";

  private static final Pattern UNITS =
      Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

  /** ISO-8601 durations as {@link Duration#parse} reads them, for {@link #isWellFormed}. */
  private static final Pattern ISO =
      Pattern.compile(
          "[-+]?P(?:[-+]?[0-9]+D)?(T(?:[-+]?[0-9]+H)?(?:[-+]?[0-9]+M)?(?:[-+]?[0-9]+(?:[.,][0-9]{0,9})?S)?)?",
          Pattern.CASE_INSENSITIVE);

  private DurationText() {}

  /**
   * Whether {@code text} is written in one of the accepted formats, whatever its size: true for
   * {@code 99999999999999999999h}, which {@link #parse} cannot hold.
   */
  public static boolean isWellFormed(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      return false;
    }
    if (t.charAt(0) == 'P' || t.charAt(0) == 'p') {
      return ISO.matcher(t).matches() && t.chars().anyMatch(Character::isDigit);
    }
    return UNITS.matcher(t).matches();
  }

  /**
   * The duration written as {@code text}, or empty if it is none of the accepted formats or too
   * long for a {@link Duration} (see {@link #isWellFormed}).
   */
  public static Optional<Duration> parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    if (t.charAt(0) == 'P' || t.charAt(0) == 'p') {
      try {
        return Optional.of(Duration.parse(t));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    Matcher m = UNITS.matcher(t);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      Duration d = Duration.ZERO;
      if (m.group(1) != null) {
        d = d.plus(Duration.ofHours(Long.parseLong(m.group(1))));
      }
      if (m.group(2) != null) {
        d = d.plus(Duration.ofMinutes(Long.parseLong(m.group(2))));
      }
      if (m.group(3) != null) {
        d = d.plus(Duration.ofSeconds(Long.parseLong(m.group(3))));
      }
      if (m.group(4) != null) {
        d = d.plus(Duration.ofMillis(Long.parseLong(m.group(4))));
      }
      return Optional.of(d);
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
