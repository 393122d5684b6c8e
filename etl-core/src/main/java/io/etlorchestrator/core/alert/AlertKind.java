package io.etlorchestrator.core.alert;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an alert is about: the {@code on:} of the seed's {@code alerts:} rules. */
public enum AlertKind {
  /**
   * A step failed after its last attempt, whatever its fallback (with {@code
   * alert_and_continue} this alert is the fallback's "alert").
   */
  STEP_FAILURE,
  /** An attempt of a step failed and another attempt is scheduled. */
  STEP_RETRY,
  /**
   * A run ended {@code FAILED}, or {@code COMPLETED_WITH_FAILURES} (severity warning). A run its
   * caller cancelled raises no alert.
   */
  PIPELINE_FAILURE,
  /** A run ended {@code SUCCESS}. */
  PIPELINE_SUCCESS,
  /**
   * A data-quality check of severity error failed or could not run (severity error): its step's
   * attempt failed on it.
   */
  CHECK_FAILURE,
  /** A data-quality check of severity warn did not pass (severity warning); the run went on. */
  CHECK_WARNING,
  /**
   * A {@code drift} check did not pass: a dataset moved away from its own history (severity error
   * or warning, as the check's). Raised beside {@link #CHECK_FAILURE} or {@link #CHECK_WARNING}.
   */
  DRIFT_DETECTED;

  /** The name used in definitions: {@code step_failure}, {@code pipeline_success}... */
  public String definitionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Looks a kind up by its definition name ({@code step_failure}...); case-insensitive, dashes
   * accepted for underscores.
   */
  public static Optional<AlertKind> fromDefinitionName(String name) {
    String normalized = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(k -> k.name().equals(normalized)).findFirst();
  }

  /** The accepted definition names, comma-separated, for error messages. */
  public static String definitionNames() {
    return Arrays.stream(values()).map(AlertKind::definitionName).collect(Collectors.joining(", "));
  }
}
