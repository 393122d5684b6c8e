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
  PIPELINE_SUCCESS;

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
