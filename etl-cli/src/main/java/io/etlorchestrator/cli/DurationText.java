package io.etlorchestrator.cli;

import java.time.Duration;

/** Durations as the command line prints them. */
final class DurationText {
  private DurationText() {}

  /** As a definition writes it: {@code 120s}, {@code 250ms}. */
  static String compact(Duration d) {
    if (d.getNano() == 0) {
      return d.getSeconds() + "s";
    }
    if (d.getNano() % 1_000_000 == 0) {
      return d.toMillis() + "ms";
    }
    return d.toString();
  }

  /** For people: {@code 2m 5s}, {@code 1h 3m}, {@code 850ms}, {@code 0s}. */
  static String human(Duration d) {
    long seconds = d.getSeconds();
    if (seconds == 0) {
      long millis = d.toMillis();
      return millis == 0 ? "0s" : millis + "ms";
    }
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    if (h > 0) {
      return h + "h " + m + "m";
    }
    if (m > 0) {
      return s == 0 ? m + "m" : m + "m " + s + "s";
    }
    return s + "s";
  }
}
