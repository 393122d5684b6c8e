package io.etlorchestrator.core;

/**
 * The root of the failures this library reports about what it was given or could not do, all
 * unchecked: {@link PipelineDefinitionException} (a definition that cannot be planned), {@link
 * CheckpointException} (a run's record that cannot be written, read or used), {@link
 * PlanChangedException} (a resume of a pipeline that changed) and {@code
 * AlertConfigurationException} (alert rules naming channels nobody registered). Siblings, so that
 * any two can be caught together. What a step's own code throws is not wrapped in one: it fails
 * the step's attempt, and reaches the run's state and events as it was thrown.
 */
public class EtlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public EtlException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public EtlException(String message, Throwable cause) {
    super(message, cause);
  }
}
