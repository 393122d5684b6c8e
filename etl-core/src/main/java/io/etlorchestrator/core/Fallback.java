package io.etlorchestrator.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What happens after the last attempt of a step has failed (the seed's {@code fallback}).
 *
 * <p>In every case the step itself ends {@link StepStatus#FAILED}. The fallback decides what happens
 * to the rest of the run:
 *
 * <ul>
 *   <li>{@link #SKIP_DOWNSTREAM}: every step that depends on the failed step, directly or
 *       transitively, ends {@link StepStatus#SKIPPED}; all other steps go on. The run ends {@link
 *       RunStatus#FAILED}.
 *   <li>{@link #FAIL_PIPELINE}: nothing new starts, running steps are cancelled (interrupted) and
 *       end {@link StepStatus#CANCELLED}, steps that never started end {@link StepStatus#SKIPPED}.
 *       The run ends {@link RunStatus#FAILED}. This is the default.
 *   <li>{@link #ALERT_AND_CONTINUE}: a {@code step_failure} alert is raised and the failure is
 *       otherwise ignored for scheduling: dependents still run. The run ends {@link
 *       RunStatus#COMPLETED_WITH_FAILURES} unless something else makes it fail.
 * </ul>
 */
public enum Fallback {
  /** Fail the step and skip everything downstream of it; the rest of the run goes on. */
  SKIP_DOWNSTREAM,
  /** Fail the whole run: stop starting steps and cancel the running ones. */
  FAIL_PIPELINE,
  /** Raise an alert and let dependents run as if the step had succeeded. */
  ALERT_AND_CONTINUE;

  /** The name used in definitions and reports, e.g. {@code skip_downstream}. */
  public String definitionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Looks a fallback up by its definition name ({@code skip_downstream}, {@code fail_pipeline},
   * {@code alert_and_continue}); case-insensitive, dashes accepted for underscores.
   */
  public static Optional<Fallback> fromDefinitionName(String name) {
    String normalized = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> f.name().equals(normalized)).findFirst();
  }

  /** The accepted definition names, comma-separated, for error messages. */
  public static String definitionNames() {
    return Arrays.stream(values()).map(Fallback::definitionName).collect(Collectors.joining(", "));
  }
}
