package io.etlorchestrator.cli;

import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.yaml.StepDefinition;
import io.etlorchestrator.yaml.StepFactory;

/**
 * The built-in step type {@code noop}: does nothing and succeeds at once. Useful for steps that
 * only join branches of a pipeline, or as a placeholder while a step type is being written.
 */
final class NoopStepType implements StepFactory {
  /** The type name used in definitions. */
  static final String NAME = "noop";

  @Override
  public StepAction create(StepDefinition step) {
    return ctx -> {};
  }
}
