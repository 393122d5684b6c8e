package io.etlorchestrator.core.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The attempts of one step in one run, as an {@link AttemptPolicy} governs them. Attempt numbers
 * count from 1 over the life of the run, across resumes; {@code made} counts the attempts made
 * since the run (or its latest resume) began, so a resumed step gets a fresh retry budget.
 */
public interface StepAttempts {
  /**
   * Whether attempt number {@code attempt} may start now. Called just before it would start;
   * must not block. A {@linkplain Admission#reject rejected} attempt counts as a failed attempt
   * whose action never ran; a {@linkplain Admission#delay delayed} one is asked again later.
   */
  default Admission admit(int attempt) {
    return Admission.proceed();
  }

  /** The longest attempt {@code attempt} may take, on top of the step's own timeout (the shorter wins). */
  default Optional<Duration> timeout(int attempt) {
    return Optional.empty();
  }

  /**
   * An admitted attempt ended. Called exactly once for every admitted attempt, however it ended
   * (an {@code Error} in the action, a scheduler that refused its timeout and a run given up on
   * included), so permits can be released. {@code failure} is null when it succeeded; a {@link
   * java.util.concurrent.TimeoutException} when it timed out; a {@link
   * java.util.concurrent.CancellationException} when the run stopped it, before it began or while
   * it ran (then with what the interrupted action threw as its cause): a stop says nothing about
   * the step's source; otherwise what the action threw.
   */
  default void ended(int attempt, Throwable failure) {}

  /**
   * After a failed or rejected attempt: how long to wait before the next attempt, or empty to give
   * up (the step's fallback then applies).
   *
   * @param made attempts made since the run or its latest resume began, the failed one included
   * @param failure why the attempt failed
   * @param random the executor's random source, for jitter
   */
  Optional<Duration> retryDelay(int made, Throwable failure, RandomGenerator random);
}
