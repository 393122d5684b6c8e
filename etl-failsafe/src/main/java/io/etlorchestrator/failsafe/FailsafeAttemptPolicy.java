package io.etlorchestrator.failsafe;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.RateLimiter;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.spi.AttemptPolicy;
import io.etlorchestrator.core.spi.StepAttempts;
import io.etlorchestrator.failsafe.internal.BreakerPermits;
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
 *       failure. While half-open it lets its trial attempts through and rejects the others until
 *       one of them ends. What an attempt tells the breaker is described below.
 *   <li><b>Rate limiter</b>: an attempt waits (on the executor's scheduler, holding no thread)
 *       until the limiter has a permit for it.
 *   <li><b>Bulkhead</b>: at most so many attempts at once; a step that finds it full is asked
 *       again after {@link Builder#bulkheadRecheck} (default 50 ms), holding no thread.
 *   <li><b>Attempt timeout</b>: the longest an attempt may take; the step's own timeout wins when
 *       shorter.
 * </ul>
 *
 * <p><b>What counts as a failure of the source.</b> When an attempt ends, its bulkhead permits
 * are returned and its breakers hear one of three things:
 *
 * <ul>
 *   <li>the action returned normally: a <b>success</b>;
 *   <li>the action threw, or the attempt ran out of time (the executor reports a {@link
 *       java.util.concurrent.TimeoutException}): a <b>failure</b>, recorded with {@code
 *       recordException}, so a breaker built with its own {@code handle}/{@code handleIf}
 *       conditions judges it (by default every exception, {@link Error}s included, is one);
 *   <li>the run stopped the attempt (cancelled, or failed by another step, a listener or the
 *       checkpoint): <b>nothing</b>. The breaker's permit is returned without a result, so a
 *       half-open breaker's trial is not used up and a cancelled run opens no breaker. An attempt
 *       counts as stopped when its failure, or one of that failure's causes, is a {@link
 *       java.util.concurrent.CancellationException} (the executor's, for an attempt admitted but
 *       stopped before its action was called), an {@link InterruptedException} or a {@link
 *       java.nio.channels.ClosedByInterruptException} (how an action ends when the stop
 *       interrupts it). An action that catches the interrupt and throws an exception of its own
 *       without that cause is counted as a failure: keep the cause, or let the interrupt out.
 * </ul>
 *
 * <p>Permits are returned whichever way an attempt ends, also when one breaker gave the attempt
 * a permit and another breaker of the step then rejected it, or a bulkhead or rate limiter held
 * it back: limiters are asked first, then bulkheads, then breakers, and whatever was taken for an
 * attempt that does not start is given back at once. Failsafe's {@code CircuitBreaker} has no
 * call that returns a permit without a result; this policy keeps such a half-open permit and
 * hands it to the next attempt the breaker would otherwise refuse, until the breaker leaves that
 * half-open state. A breaker driven by hand or by other code at the same time may then let one
 * more trial through than configured. A rate limiter's reserved turn cannot be given back: a run
 * stopped while its steps wait for their turns leaves those turns spent.
 */
public final class FailsafeAttemptPolicy implements AttemptPolicy {
  private static final Logger log = LoggerFactory.getLogger(FailsafeAttemptPolicy.class);

  private final Map<String, CircuitBreaker<Object>> breakers;
  private final Map<String, BreakerPermits> permits;
  private final Map<String, RateLimiter<Object>> limiters;
  private final Map<String, Bulkhead<Object>> bulkheads;
  private final Optional<Duration> attemptTimeout;
  private final Duration bulkheadRecheck;
  private final Function<PipelineStep, Optional<dev.failsafe.RetryPolicy<Object>>> retries;

  private FailsafeAttemptPolicy(Builder builder) {
    this.breakers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.breakers));
    Map<String, BreakerPermits> byKey = new LinkedHashMap<>();
    breakers.forEach((key, breaker) -> byKey.put(key, new BreakerPermits(key, breaker)));
    this.permits = Collections.unmodifiableMap(byKey);
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
        matching(permits, step),
        matching(limiters, step),
        matching(bulkheads, step),
        attemptTimeout,
        bulkheadRecheck);
  }

  /**
   * The circuit breaker registered under {@code key}, to watch or trip it by hand. Record results
   * with it only for work that did not go through this policy.
   */
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
