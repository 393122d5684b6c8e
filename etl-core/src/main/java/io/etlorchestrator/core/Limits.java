package io.etlorchestrator.core;

import java.time.Duration;

/**
 * The largest values a pipeline definition may hold, whether built in code or read from a file.
 * They are far beyond what a real pipeline needs and far below what arithmetic on them could
 * overflow, so that no definition can make a run fail, or never end, because a number is too big:
 *
 * <ul>
 *   <li>{@link #MAX_DURATION}, 365 days ({@code 8760h} in a definition file): a step's {@code
 *       estimated_duration} and {@code timeout}, a retry policy's delays, and every other duration
 *       of a definition;
 *   <li>{@link #MAX_COUNT}, 1,000,000: a retry policy's attempts and every other count of a
 *       definition file (concurrency limits, thresholds, permits).
 * </ul>
 *
 * <p>{@link Pipeline.Builder#build()} and {@link RetryPolicy.Builder} refuse larger values, as the
 * YAML reader does with the line of the value; where durations add up (backoff growth, deadlines,
 * estimates along a path), the executor and planner saturate instead of overflowing.
 */
public final class Limits {
  /** The longest duration a definition may hold: 365 days. */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  /** {@link #MAX_DURATION} as a definition file writes it, for messages: {@code 8760h (365 days)}. */
  public static final String MAX_DURATION_TEXT = "8760h (365 days)";

  /** The largest count a definition may hold: 1,000,000. */
  public static final int MAX_COUNT = 1_000_000;

  private Limits() {}
}
