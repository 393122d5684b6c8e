package io.etlorchestrator.core;

/**
 * Thrown by a {@link StepAction} for a failure that no retry can fix (bad credentials, a missing
 * table, invalid input data). The default {@link RetryPolicy} does not retry it: the step's
 * fallback applies at once.
 */
public class PermanentStepException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A permanent failure described by {@code message}. */
  public PermanentStepException(String message) {
    super(message);
  }

  /** A permanent failure described by {@code message}, caused by {@code cause}. */
  public PermanentStepException(String message, Throwable cause) {
    super(message, cause);
  }
}
