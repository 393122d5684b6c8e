package io.etlorchestrator.core.spi;

import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.internal.CoreAttemptPolicy;

/**
 * How the attempts of a step are run: whether an attempt may start now, how long one may take,
 * and whether and when another follows a failure. The executor asks; the policy decides; the
 * executor keeps doing everything else (events, attempt counts in the run state, cancellation,
 * timeouts, limits). Waiting never holds a worker thread: a delay the policy asks for is
 * scheduled on the executor's {@link Scheduler}.
 *
 * <p>The default, {@link #retries()}, admits every attempt and retries as the step's {@link
 * RetryPolicy} says. The {@code etl-failsafe} module adds circuit breakers, rate limiters and
 * bulkheads backed by Failsafe. Register one with {@code Executor.builder().attemptPolicy(...)}.
 *
 * <p>Implementations must be thread-safe; their methods are called while the run holds its lock,
 * so they must not block.
 */
public interface AttemptPolicy {
  /** The core policy: every attempt is admitted; retries follow the step's {@link RetryPolicy}. */
  static AttemptPolicy retries() {
    return CoreAttemptPolicy.INSTANCE;
  }

  /**
   * The attempts of {@code step} in one run: called once per run (and again on resume) before
   * the step's first attempt there.
   *
   * @param step the step
   * @param retryPolicy the step's retry policy (its own, else the pipeline's default)
   */
  StepAttempts forStep(PipelineStep step, RetryPolicy retryPolicy);
}
