package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of one step in a run.
 *
 * @param name the step's name
 * @param status where the step is
 * @param attempts how many attempts started (0 if the step never ran)
 * @param startedAt when the last attempt started
 * @param finishedAt when the step reached its terminal state after running
 * @param rows rows reported by the last attempt
 * @param metrics named metrics reported by the last attempt
 * @param error the last attempt's error ({@code ExceptionClass: message}), if it failed
 * @param reason why a step was skipped or cancelled, for people
 * @param failures its failed attempts, oldest first (the last {@value #KEPT_FAILURES} of them),
 *     across resumes
 * @param checks how the checks of its last attempt came out, in order
 * @param profiles the profiles of the datasets its last attempt's checks looked at (or that it
 *     reported), kept for drift checks of later runs
 */
public record StepRun(
    String name,
    StepStatus status,
    int attempts,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    long rows,
    Map<String, Double> metrics,
    Optional<String> error,
    Optional<String> reason,
    List<AttemptFailure> failures,
    List<io.etlorchestrator.core.quality.CheckResult> checks,
    List<io.etlorchestrator.core.quality.DatasetProfile> profiles) {

  /** How many failed attempts a step's state keeps: the latest. */
  public static final int KEPT_FAILURES = 10;

  /** Checks and copies. */
  public StepRun {
    Checks.notNull(name, "name");
    Checks.notNull(status, "status");
    Checks.argument(attempts >= 0, "attempts must not be negative, was %s", attempts);
    Checks.notNull(startedAt, "startedAt");
    Checks.notNull(finishedAt, "finishedAt");
    Checks.argument(rows >= 0, "rows must not be negative, was %s", rows);
    metrics = metrics.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    Checks.notNull(error, "error");
    Checks.notNull(reason, "reason");
    failures =
        failures.size() <= KEPT_FAILURES
            ? List.copyOf(failures)
            : List.copyOf(failures.subList(failures.size() - KEPT_FAILURES, failures.size()));
    checks = List.copyOf(checks);
    profiles = List.copyOf(profiles);
  }

  /** A step's state without check results or profiles. */
  public StepRun(
      String name,
      StepStatus status,
      int attempts,
      Optional<Instant> startedAt,
      Optional<Instant> finishedAt,
      long rows,
      Map<String, Double> metrics,
      Optional<String> error,
      Optional<String> reason,
      List<AttemptFailure> failures) {
    this(name, status, attempts, startedAt, finishedAt, rows, metrics, error, reason, failures, List.of(), List.of());
  }

  /** The profile of {@code dataset} this state keeps, if it keeps one. */
  public Optional<io.etlorchestrator.core.quality.DatasetProfile> profile(String dataset) {
    return profiles.stream().filter(p -> p.dataset().equals(dataset)).findFirst();
  }

  /** A step's state without a record of failed attempts. */
  public StepRun(
      String name,
      StepStatus status,
      int attempts,
      Optional<Instant> startedAt,
      Optional<Instant> finishedAt,
      long rows,
      Map<String, Double> metrics,
      Optional<String> error,
      Optional<String> reason) {
    this(name, status, attempts, startedAt, finishedAt, rows, metrics, error, reason, List.of());
  }

  /** A step that has not started. */
  public static StepRun pending(String name) {
    return new StepRun(
        name, StepStatus.PENDING, 0, Optional.empty(), Optional.empty(), 0, Map.of(),
        Optional.empty(), Optional.empty());
  }

  /** How long the last attempt took, when it has both a start and an end. */
  public Optional<Duration> duration() {
    if (startedAt.isPresent() && finishedAt.isPresent()) {
      return Optional.of(Duration.between(startedAt.get(), finishedAt.get()));
    }
    return Optional.empty();
  }
}
