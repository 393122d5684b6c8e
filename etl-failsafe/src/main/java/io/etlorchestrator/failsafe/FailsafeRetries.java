package io.etlorchestrator.failsafe;

import io.etlorchestrator.core.PermanentStepException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Maps the core's {@link io.etlorchestrator.core.RetryPolicy} onto a Failsafe {@link dev.failsafe.RetryPolicy}. */
public final class FailsafeRetries {
  private FailsafeRetries() {}

  /**
   * A Failsafe retry policy with the same semantics as {@code policy}: as many attempts, the same
   * fixed or exponential (factor 2) backoff from the initial delay capped at the maximum, the same
   * jitter fraction, retrying the same exceptions and aborting on the same ones ({@link
   * PermanentStepException} included when the core policy aborts on it).
   */
  public static dev.failsafe.RetryPolicy<Object> of(io.etlorchestrator.core.RetryPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    dev.failsafe.RetryPolicyBuilder<Object> builder =
        dev.failsafe.RetryPolicy.builder().withMaxAttempts(policy.maxAttempts());
    Duration initial = policy.initialDelay();
    Duration max = policy.maxDelay();
    if (policy.backoff() == io.etlorchestrator.core.RetryPolicy.Backoff.EXPONENTIAL
        && initial.compareTo(max) < 0
        && !initial.isZero()) {
      builder.withBackoff(initial, max, 2.0);
    } else {
      Duration fixed = initial.compareTo(max) <= 0 ? initial : max;
      if (!fixed.isZero()) {
        builder.withDelay(fixed); // Failsafe refuses a zero delay, which is its default anyway
      }
    }
    if (policy.jitter() > 0) {
      builder.withJitter(policy.jitter());
    }
    List<Class<? extends Throwable>> retryOn = new ArrayList<>(policy.retryOn());
    if (retryOn.isEmpty()) {
      // The core retries nothing then; Failsafe's empty list would mean "everything".
      builder.handleIf((result, failure) -> false);
    } else {
      builder.handle(retryOn);
    }
    if (!policy.abortOn().isEmpty()) {
      builder.abortOn(new ArrayList<>(policy.abortOn()));
    }
    return builder.build();
  }
}
