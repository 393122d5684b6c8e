package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import java.time.Duration;
import java.util.List;

/**
 * One execution wave of a plan (the seed's {@code execution_waves}): the steps whose longest chain
 * of dependencies has the same length. Every dependency of a step lies in an earlier wave.
 *
 * @param number 1-based wave number
 * @param steps step names, in definition order
 * @param estimatedDuration the longest estimate among the wave's steps
 * @param parallel whether the wave holds more than one step (the seed's {@code parallel})
 */
public record Wave(int number, List<String> steps, Duration estimatedDuration, boolean parallel) {
  /** Checks and copies. */
  public Wave {
    Checks.argument(number >= 1, "wave number must be at least 1, was %s", number);
    steps = List.copyOf(Checks.notNull(steps, "steps"));
    Checks.notNull(estimatedDuration, "estimatedDuration");
  }
}
