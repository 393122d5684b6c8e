package io.etlorchestrator.failsafe;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.RateLimiter;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.spi.AttemptPolicy;
import io.etlorchestrator.core.spi.StepAttempts;
import io.etlorchestrator.failsafe.internal.FailsafeStepAttempts;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.ResilienceDefinition;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AttemptPolicy} backed by Failsafe: retries decided by a Failsafe {@link
 * dev.failsafe.RetryPolicy} (by default the step's core policy mapped with {@link
 * FailsafeRetries#of}), circuit breakers, rate limiters and bulkheads shared by every step of a
 * resource or source, and a timeout per attempt. Register it with {@code
 * Executor.builder().attemptPolicy(policy)}; one policy (and so one breaker per key) can serve
 * many runs.
 *
 * <p><b>Keys.</b> A breaker, limiter or bulkhead registered under {@code key} governs every step
 * that has the resource tag {@code key}, or reads or writes a dataset named {@code key} or
 * starting with {@code key.} — so {@code postgres} covers {@code postgres.orders} and {@code
 * postgres.customers}.
 *
 * <ul>
 *   <li><b>Circuit breaker</b>: while open, attempts of its steps are rejected without running
 *       (an {@code AttemptRejected} event carrying a {@link CircuitOpenException}, and a failed
 *       attempt whose error says the circuit was open); the retry policy then decides as for any
 *       failure. Every attempt that ran is recorded as a success or failure; a cancelled attempt
 *       is not recorded.
 *   <li><b>Rate limiter</b>: an attempt waits (on the executor's scheduler, holding no thread)
 *       until the limiter has a permit for it.
 *   <li><b>Bulkhead</b>: at most so many attempts at once; a step that finds it full is asked
 *       again after {@link Builder#bulkheadRecheck} (default 50 ms), holding no thread.
 *   <li><b>Attempt timeout</b>: the longest an attempt may take; the step's own timeout wins when
 *       shorter.
 * </ul>
 */
public final class FailsafeAttemptPolicy implements AttemptPolicy {
  private static final Logger log = LoggerFactory.getLogger(FailsafeAttemptPolicy.class);

  private final Map<String, CircuitBreaker<Object>> breakers;
  private final Map<String, RateLimiter<Object>> limiters;
  private final Map<String, Bulkhead<Object>> bulkheads;
  private final Optional<Duration> attemptTimeout;
  private final Duration bulkheadRecheck;
  private final Function<PipelineStep, Optional<dev.failsafe.RetryPolicy<Object>>> retries;

  private FailsafeAttemptPolicy(Builder builder) {
    this.breakers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.breakers));
    this.limiters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.limiters));
    this.bulkheads = Collections.unmodifiableMap(new LinkedHashMap<>(builder.bulkheads));
    this.attemptTimeout = Optional.ofNullable(builder.attemptTimeout);
    this.bulkheadRecheck = builder.bulkheadRecheck;
    Map<String, dev.failsafe.RetryPolicy<Object>> perStep = new LinkedHashMap<>(builder.stepRetries);
    dev.failsafe.RetryPolicy<Object> all = builder.retries;
    this.retries =
        step -> Optional.ofNullable(perStep.getOrDefault(step.name(), all));
  }

  /** A builder with nothing registered: retries follow each step's core policy. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The policy a definition's {@code failure_policies} describe ({@code circuit_breakers}, {@code
   * rate_limiters}, {@code bulkheads}, {@code attempt_timeout}); retries follow each step's core
   * policy, mapped onto Failsafe's.
   */
  public static FailsafeAttemptPolicy from(PipelineDefinition definition) {
    return builder().configure(definition.resilience()).build();
  }

  @Override
  public StepAttempts forStep(PipelineStep step, RetryPolicy retryPolicy) {
    dev.failsafe.RetryPolicy<Object> retry =
        retries.apply(step).orElseGet(() -> FailsafeRetries.of(retryPolicy));
    return new FailsafeStepAttempts(
        step.name(),
        retry,
        matching(breakers, step),
        matching(limiters, step),
        matching(bulkheads, step),
        attemptTimeout,
        bulkheadRecheck);
  }

  /** The circuit breaker registered under {@code key}, to watch or trip it by hand. */
  public Optional<CircuitBreaker<Object>> circuitBreaker(String key) {
    return Optional.ofNullable(breakers.get(key));
  }

  /** Whether a breaker, limiter or bulkhead under {@code key} governs {@code step}. */
  public static boolean governs(String key, PipelineStep step) {
    if (step.resources().contains(key)) {
      return true;
    }
    String prefix = key.endsWith(".") ? key : key + ".";
    for (java.util.Collection<String> datasets : List.of(step.inputs(), step.outputs())) {
      for (String dataset : datasets) {
        if (dataset.equals(key) || dataset.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  private static <T> Map<String, T> matching(Map<String, T> byKey, PipelineStep step) {
    Map<String, T> result = new LinkedHashMap<>();
    byKey.forEach(
        (key, value) -> {
          if (governs(key, step)) {
            result.put(key, value);
          }
        });
    return result;
  }

  @Override
  public String toString() {
    return "FailsafeAttemptPolicy{breakers=" + breakers.keySet() + ", rateLimiters="
        + limiters.keySet() + ", bulkheads=" + bulkheads.keySet() + "}";
  }

  /** Builds a {@link FailsafeAttemptPolicy}. */
  public static final class Builder {
    private final Map<String, CircuitBreaker<Object>> breakers = new LinkedHashMap<>();
    private final Map<String, RateLimiter<Object>> limiters = new LinkedHashMap<>();
    private final Map<String, Bulkhead<Object>> bulkheads = new LinkedHashMap<>();
    private final Map<String, dev.failsafe.RetryPolicy<Object>> stepRetries = new LinkedHashMap<>();
    private dev.failsafe.RetryPolicy<Object> retries;
    private Duration attemptTimeout;
    private Duration bulkheadRecheck = Duration.ofMillis(50);

    private Builder() {}

    /** Every step retries as {@code policy} says, instead of its core retry policy. */
    public Builder retryPolicy(dev.failsafe.RetryPolicy<Object> policy) {
      this.retries = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The step named {@code step} retries as {@code policy} says. */
    public Builder retryPolicy(String step, dev.failsafe.RetryPolicy<Object> policy) {
      stepRetries.put(Objects.requireNonNull(step, "step"), Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /** One circuit breaker shared by every step {@code key} governs (see the class comment). */
    public Builder circuitBreaker(String key, CircuitBreaker<Object> breaker) {
      breakers.put(checkKey(key), Objects.requireNonNull(breaker, "breaker"));
      return this;
    }

    /**
     * A circuit breaker for {@code key} that opens after {@code failures} failures in a row, lets
     * an attempt through after {@code delay}, and closes after {@code successes} successes;
     * state changes are logged.
     */
    public Builder circuitBreaker(String key, int failures, Duration delay, int successes) {
      String name = checkKey(key);
      return circuitBreaker(
          name,
          CircuitBreaker.builder()
              .withFailureThreshold(failures)
              .withDelay(delay)
              .withSuccessThreshold(successes)
              .onOpen(e -> log.warn("circuit breaker '{}' opened", name))
              .onHalfOpen(e -> log.info("circuit breaker '{}' half-open: letting an attempt through", name))
              .onClose(e -> log.info("circuit breaker '{}' closed", name))
              .build());
    }

    /** One rate limiter shared by every step {@code key} governs. */
    public Builder rateLimiter(String key, RateLimiter<Object> limiter) {
      limiters.put(checkKey(key), Objects.requireNonNull(limiter, "limiter"));
      return this;
    }

    /** At most {@code permits} attempts of {@code key}'s steps start per {@code period}, evenly spread. */
    public Builder rateLimiter(String key, long permits, Duration period) {
      return rateLimiter(key, RateLimiter.smoothBuilder(permits, period).build());
    }

    /** One bulkhead shared by every step {@code key} governs. */
    public Builder bulkhead(String key, Bulkhead<Object> bulkhead) {
      bulkheads.put(checkKey(key), Objects.requireNonNull(bulkhead, "bulkhead"));
      return this;
    }

    /** At most {@code maxConcurrent} attempts of {@code key}'s steps at once. */
    public Builder bulkhead(String key, int maxConcurrent) {
      return bulkhead(key, Bulkhead.of(maxConcurrent));
    }

    /** How long a step that found its bulkhead full waits before asking again (default 50 ms). */
    public Builder bulkheadRecheck(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("bulkheadRecheck must be positive, was " + interval);
      }
      this.bulkheadRecheck = interval;
      return this;
    }

    /** The longest any attempt may take (a step's own shorter timeout wins). */
    public Builder attemptTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("attemptTimeout must be positive, was " + timeout);
      }
      this.attemptTimeout = timeout;
      return this;
    }

    /** Adds what {@code resilience} (a YAML definition's {@code failure_policies}) describes. */
    public Builder configure(ResilienceDefinition resilience) {
      resilience
          .circuitBreakers()
          .forEach((key, b) -> circuitBreaker(key, b.failureThreshold(), b.delay(), b.successThreshold()));
      resilience.rateLimiters().forEach((key, l) -> rateLimiter(key, l.permits(), l.per()));
      resilience.bulkheads().forEach((key, b) -> bulkhead(key, b.maxConcurrent()));
      resilience.attemptTimeout().ifPresent(this::attemptTimeout);
      return this;
    }

    private static String checkKey(String key) {
      Objects.requireNonNull(key, "key");
      if (key.isBlank()) {
        throw new IllegalArgumentException("a key (resource tag or source prefix) must not be blank");
      }
      return key;
    }

    /** The policy. */
    public FailsafeAttemptPolicy build() {
      return new FailsafeAttemptPolicy(this);
    }
  }
}
