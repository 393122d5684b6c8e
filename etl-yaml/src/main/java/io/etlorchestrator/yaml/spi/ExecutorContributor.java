package io.etlorchestrator.yaml.spi;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.yaml.PipelineDefinition;

/**
 * Applies what a definition file declares for a module other than the core and this one (the
 * circuit breakers, rate limiters, bulkheads and attempt timeout of {@code failure_policies} for
 * {@code etl-failsafe}) to the executor that {@link PipelineDefinition#executorBuilder()} makes, so
 * that this module never needs to know that module. Found with {@link java.util.ServiceLoader}:
 * list the implementation in {@code META-INF/services/io.etlorchestrator.yaml.spi.ExecutorContributor}.
 *
 * <p>An implementation applies the blocks it handles, when the definition has them, and says so
 * with {@link Executor.Builder#applying(String...)}; a declared block that nobody applies is named
 * in a WARN line when a run starts.
 */
@FunctionalInterface
public interface ExecutorContributor {
  /** Applies to {@code executor} what {@code definition} declares for this contributor's module. */
  void contribute(PipelineDefinition definition, Executor.Builder executor);
}
