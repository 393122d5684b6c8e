package io.etlorchestrator.failsafe.internal;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.failsafe.FailsafeAttemptPolicy;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.spi.ExecutorContributor;

/**
 * Applies a definition's circuit breakers, rate limiters, bulkheads and attempt timeout to the
 * executor {@link PipelineDefinition#executorBuilder()} makes, with a {@link
 * FailsafeAttemptPolicy}. Found by {@link java.util.ServiceLoader} when etl-failsafe is on the class
 * path. Internal: not part of the public API.
 */
public final class FailsafeContributor implements ExecutorContributor {
  @Override
  public void contribute(PipelineDefinition definition, Executor.Builder executor) {
    if (definition.resilience().isEmpty()) {
      return;
    }
    executor
        .attemptPolicy(FailsafeAttemptPolicy.from(definition))
        .applying(definition.resilience().blocks().toArray(new String[0]));
  }
}
