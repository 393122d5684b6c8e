package io.etlorchestrator.core.alert;

import java.util.Locale;

/** How urgent an alert is; the names are PagerDuty Events v2's severities. */
public enum AlertSeverity {
  /** The pipeline failed. */
  CRITICAL,
  /** A step failed. */
  ERROR,
  /** A step is being retried, or a run completed with failures. */
  WARNING,
  /** A run succeeded. */
  INFO;

  /** The lowercase name, as PagerDuty expects it: {@code critical}, {@code error}... */
  public String definitionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
