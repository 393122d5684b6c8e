package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How often a failing step is attempted and how long to wait between attempts (the seed's {@code
 * failure_policies.retry}).
 *
 * <p>The delay before attempt {@code n + 1} (after {@code n} failures) is {@code initialDelay} for
 * {@link Backoff#FIXED}, and {@code initialDelay * 2^(n-1)} for {@link Backoff#EXPONENTIAL}, in
 * both cases capped at {@code maxDelay}. With a jitter of {@code j} (between 0 and 1) the delay is
 * then multiplied by a random factor in {@code [1 - j, 1 + j]} and capped at {@code maxDelay} again,
 * so a delay never exceeds {@code maxDelay}.
 *
 * <p>An exception is retried when it is an instance of one of the {@link #retryOn()} classes (by
 * default {@link Exception}) and of none of the {@link #abortOn()} classes (by default {@link
 * PermanentStepException}). Errors ({@link Error}) are never retried unless listed in {@code
 * retryOn}.
 *
 * <p>Immutable and thread-safe. Example:
 *
 * <pre>{@code
 * RetryPolicy retry = RetryPolicy.builder()
 *     .maxAttempts(5)
 *     .exponentialBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1))
 *     .jitter(0.2)
 *     .build();
 * }</pre>
 */
public final class RetryPolicy {
  /** How the delay grows between attempts. */
  public enum Backoff {
    /** The same delay before every retry. */
    FIXED,
    /** The delay doubles after every failed attempt. */
    EXPONENTIAL
  }

  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Backoff backoff;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double jitter;
  private final List<Class<? extends Throwable>> retryOn;
  private final List<Class<? extends Throwable>> abortOn;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.backoff = builder.backoff;
    this.initialDelay = builder.initialDelay;
    this.maxDelay = builder.maxDelay;
    this.jitter = builder.jitter;
    this.retryOn = List.copyOf(builder.retryOn);
    this.abortOn = List.copyOf(builder.abortOn);
  }

  /**
   * The seed's defaults: 3 attempts, exponential backoff from 30 s, at most 300 s between attempts,
   * no jitter; every {@link Exception} but {@link PermanentStepException} is retried.
   */
  public static RetryPolicy ofDefaults() {
    return DEFAULTS;
  }

  /** A policy of a single attempt: failures are never retried. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** A builder starting from the {@linkplain #ofDefaults() defaults}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this policy's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.backoff = backoff;
    b.initialDelay = initialDelay;
    b.maxDelay = maxDelay;
    b.jitter = jitter;
    b.retryOn = new ArrayList<>(retryOn);
    b.abortOn = new ArrayList<>(abortOn);
    return b;
  }

  /** The total number of attempts, including the first (at least 1). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** How the delay grows between attempts. */
  public Backoff backoff() {
    return backoff;
  }

  /** The delay before the second attempt. */
  public Duration initialDelay() {
    return initialDelay;
  }

  /** The longest delay between two attempts. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** The jitter fraction, between 0 (none) and 1. */
  public double jitter() {
    return jitter;
  }

  /** Exception classes that are retried (subclasses included). */
  public List<Class<? extends Throwable>> retryOn() {
    return retryOn;
  }

  /** Exception classes that are never retried (subclasses included); they win over {@link #retryOn()}. */
  public List<Class<? extends Throwable>> abortOn() {
    return abortOn;
  }

  /** Whether {@code failure} may be retried under this policy (ignoring the attempt count). */
  public boolean isRetryable(Throwable failure) {
    for (Class<? extends Throwable> type : abortOn) {
      if (type.isInstance(failure)) {
        return false;
      }
    }
    for (Class<? extends Throwable> type : retryOn) {
      if (type.isInstance(failure)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The delay before the next attempt after {@code failedAttempts} failures, without jitter.
   *
   * @throws IllegalArgumentException if {@code failedAttempts < 1}
   */
  public Duration baseDelay(int failedAttempts) {
    Checks.argument(failedAttempts >= 1, "failedAttempts must be at least 1, was %s", failedAttempts);
    if (backoff == Backoff.FIXED) {
      return min(initialDelay, maxDelay);
    }
    Duration delay = initialDelay;
    // Doubling reaches maxDelay (at most a year) within 60-odd steps, unless there is nothing to
    // double: then the loop would run once per failed attempt, a million times.
    for (int i = 1; i < failedAttempts && delay.compareTo(maxDelay) < 0 && !delay.isZero(); i++) {
      delay = delay.multipliedBy(2);
    }
    return min(delay, maxDelay);
  }

  /**
   * The delay before the next attempt after {@code failedAttempts} failures, with jitter applied
   * using {@code random}, a value in {@code [0, 1)} (pass a fixed value for deterministic results).
   */
  public Duration delay(int failedAttempts, double random) {
    Duration base = baseDelay(failedAttempts);
    if (jitter == 0.0) {
      return base;
    }
    double factor = 1.0 - jitter + 2.0 * jitter * random;
    // A double times a long of nanoseconds: the cast saturates, it never overflows.
    long nanos = (long) (io.etlorchestrator.core.internal.Durations.saturatedNanos(base) * factor);
    return min(Duration.ofNanos(Math.max(0, nanos)), maxDelay);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RetryPolicy)) {
      return false;
    }
    RetryPolicy that = (RetryPolicy) o;
    return maxAttempts == that.maxAttempts
        && Double.compare(jitter, that.jitter) == 0
        && backoff == that.backoff
        && initialDelay.equals(that.initialDelay)
        && maxDelay.equals(that.maxDelay)
        && retryOn.equals(that.retryOn)
        && abortOn.equals(that.abortOn);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, backoff, initialDelay, maxDelay, jitter, retryOn, abortOn);
  }

  @Override
  public String toString() {
    return String.format(
        "RetryPolicy[maxAttempts=%d, backoff=%s, initialDelay=%s, maxDelay=%s, jitter=%s]",
        maxAttempts, backoff.name().toLowerCase(java.util.Locale.ROOT), initialDelay, maxDelay, jitter);
  }

  /** Builds a {@link RetryPolicy}; {@link #build()} copies, so a builder can be reused. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Backoff backoff = Backoff.EXPONENTIAL;
    private Duration initialDelay = Duration.ofSeconds(30);
    private Duration maxDelay = Duration.ofSeconds(300);
    private double jitter;
    private List<Class<? extends Throwable>> retryOn = new ArrayList<>(List.of(Exception.class));
    private List<Class<? extends Throwable>> abortOn =
        new ArrayList<>(List.of(PermanentStepException.class));

    private Builder() {}

    /**
     * Total attempts including the first.
     *
     * @throws IllegalArgumentException unless from 1 to {@link Limits#MAX_COUNT}
     */
    public Builder maxAttempts(int maxAttempts) {
      Checks.argument(
          maxAttempts >= 1 && maxAttempts <= Limits.MAX_COUNT,
          "maxAttempts must be from 1 to %,d, was %s",
          Limits.MAX_COUNT,
          maxAttempts);
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The same delay before every retry.
     *
     * @throws IllegalArgumentException if {@code delay} is negative or longer than {@link
     *     Limits#MAX_DURATION}
     */
    public Builder fixedBackoff(Duration delay) {
      checkDelay(delay, "delay");
      this.backoff = Backoff.FIXED;
      this.initialDelay = delay;
      if (maxDelay.compareTo(delay) < 0) {
        this.maxDelay = delay;
      }
      return this;
    }

    /**
     * A delay that doubles after each failure, from {@code initialDelay} up to {@code maxDelay}.
     *
     * @throws IllegalArgumentException if a delay is negative or longer than {@link
     *     Limits#MAX_DURATION}, or {@code maxDelay < initialDelay}
     */
    public Builder exponentialBackoff(Duration initialDelay, Duration maxDelay) {
      checkDelay(initialDelay, "initialDelay");
      checkDelay(maxDelay, "maxDelay");
      Checks.argument(
          maxDelay.compareTo(initialDelay) >= 0,
          "maxDelay (%s) must not be shorter than initialDelay (%s)",
          maxDelay,
          initialDelay);
      this.backoff = Backoff.EXPONENTIAL;
      this.initialDelay = initialDelay;
      this.maxDelay = maxDelay;
      return this;
    }

    /**
     * Sets backoff, initial and maximum delay at once, as a definition file states them.
     *
     * @throws IllegalArgumentException if a delay is negative or longer than {@link
     *     Limits#MAX_DURATION}, or {@code maxDelay < initialDelay}
     */
    public Builder backoff(Backoff backoff, Duration initialDelay, Duration maxDelay) {
      Checks.notNull(backoff, "backoff");
      exponentialBackoff(initialDelay, maxDelay);
      this.backoff = backoff;
      return this;
    }

    /** Random jitter as a fraction of the delay, between 0 (none) and 1. */
    public Builder jitter(double fraction) {
      Checks.argument(
          fraction >= 0.0 && fraction <= 1.0, "jitter must be between 0 and 1, was %s", fraction);
      this.jitter = fraction;
      return this;
    }

    /** Replaces the exception classes that are retried (default: {@link Exception}). */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      this.retryOn = copyTypes(types, "retryOn");
      return this;
    }

    /** Replaces the exception classes never retried (default: {@link PermanentStepException}). */
    @SafeVarargs
    public final Builder abortOn(Class<? extends Throwable>... types) {
      this.abortOn = copyTypes(types, "abortOn");
      return this;
    }

    /** A new immutable policy with this builder's settings. */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private static List<Class<? extends Throwable>> copyTypes(
        Class<? extends Throwable>[] types, String name) {
      Checks.notNull(types, name);
      List<Class<? extends Throwable>> copy = new ArrayList<>(types.length);
      for (Class<? extends Throwable> type : types) {
        copy.add(Checks.notNull(type, name + " element"));
      }
      return copy;
    }

    private static void checkDelay(Duration delay, String name) {
      Checks.notNull(delay, name);
      Checks.argument(!delay.isNegative(), "%s must not be negative, was %s", name, delay);
      Checks.argument(
          delay.compareTo(Limits.MAX_DURATION) <= 0,
          "%s must be at most %s, was %s",
          name,
          Limits.MAX_DURATION_TEXT,
          io.etlorchestrator.core.internal.Durations.compact(delay));
    }
  }
}
