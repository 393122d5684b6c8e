package io.etlorchestrator.quality.internal;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.quality.DatasetEngine;
import io.etlorchestrator.quality.QualityProfilers;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.spi.ExecutorContributor;

/**
 * Registers the profilers of a definition's checks (its connections' tables, its working
 * directory's files) with the executor {@link PipelineDefinition#executorBuilder()} makes, and says
 * it applies the definition's {@code checks} and {@code connections}. Found by {@link
 * java.util.ServiceLoader} when etl-quality is on the class path. Internal: not part of the public
 * API.
 */
public final class QualityContributor implements ExecutorContributor {
  @Override
  public void contribute(PipelineDefinition definition, Executor.Builder executor) {
    var declared = definition.pipeline().declarations();
    if (!declared.containsKey(PipelineDefinition.CHECKS) && !declared.containsKey(PipelineDefinition.CONNECTIONS)) {
      return;
    }
    for (DatasetEngine engine : QualityProfilers.of(definition)) {
      executor.profiler(engine);
    }
    executor.applying(PipelineDefinition.CHECKS, PipelineDefinition.CONNECTIONS);
  }
}
