package io.etlorchestrator.core.quality;

import java.util.Locale;

/** What a check that does not pass does to its step (dbt's {@code severity}). */
public enum CheckSeverity {
  /** The default: a failing check fails the step's attempt; its fallback applies. */
  ERROR,
  /** A failing check is recorded, reported and alerted; the step and the run go on. */
  WARN;

  /** {@code error} or {@code warn}, as definitions write it. */
  public String definitionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
