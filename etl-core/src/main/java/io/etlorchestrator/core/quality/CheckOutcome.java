package io.etlorchestrator.core.quality;

import java.util.Locale;

/** How a check came out, best to worst, so that combining outcomes is {@link #max}. */
public enum CheckOutcome {
  /** The data is as expected. */
  PASS,
  /** The data is not as expected, and the check's severity is {@link CheckSeverity#WARN}. */
  WARN,
  /** The data is not as expected, and the check's severity is {@link CheckSeverity#ERROR}. */
  FAIL,
  /** The check itself could not run (an unknown column, an unreadable file): nothing is known. */
  ERROR;

  /** The worse of this and {@code other}. */
  public CheckOutcome max(CheckOutcome other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** {@code pass}, {@code warn}, {@code fail} or {@code error}. */
  public String definitionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
