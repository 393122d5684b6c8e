package io.etlorchestrator.core.internal;

import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.spi.AttemptPolicy;
import io.etlorchestrator.core.spi.StepAttempts;
import java.time.Duration;
import java.util.Optional;

/** The default {@link AttemptPolicy}: retries as the step's {@link RetryPolicy} says. Internal. */
public final class CoreAttemptPolicy implements AttemptPolicy {
  public static final CoreAttemptPolicy INSTANCE = new CoreAttemptPolicy();

  private CoreAttemptPolicy() {}

  @Override
  public StepAttempts forStep(PipelineStep step, RetryPolicy retryPolicy) {
    return (made, failure, random) ->
        made < retryPolicy.maxAttempts() && retryPolicy.isRetryable(failure)
            ? Optional.of(retryPolicy.delay(made, random.nextDouble()))
            : Optional.<Duration>empty();
  }

  @Override
  public String toString() {
    return "retries";
  }
}
