package io.etlorchestrator.benchmarks;

import io.etlorchestrator.core.PipelineStep;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A faithful port of the seed's {@code build_execution_plan}: repeatedly scan every remaining
 * step, take those whose inputs are all completed as the next wave, mark their outputs completed.
 * The baseline the planner is measured against. Like the seed it knows only datasets, so an
 * external source (an input no step produces) must be passed as already completed, and {@code
 * dependsOn} is ignored.
 */
final class SeedWavePlanner {
  private SeedWavePlanner() {}

  static List<List<String>> plan(List<PipelineStep> steps, Set<String> externalSources) {
    Set<String> completed = new HashSet<>(externalSources);
    List<List<String>> waves = new ArrayList<>();
    Map<String, PipelineStep> remaining = new LinkedHashMap<>();
    for (PipelineStep step : steps) {
      remaining.put(step.name(), step);
    }
    while (!remaining.isEmpty()) {
      List<String> ready = new ArrayList<>();
      for (Map.Entry<String, PipelineStep> entry : remaining.entrySet()) {
        if (completed.containsAll(entry.getValue().inputs())) {
          ready.add(entry.getKey());
        }
      }
      if (ready.isEmpty()) {
        throw new IllegalStateException("Circular dependency detected");
      }
      waves.add(ready);
      for (String name : ready) {
        completed.addAll(remaining.remove(name).outputs());
      }
    }
    return waves;
  }

  /** The inputs that no step produces. */
  static Set<String> externalSources(List<PipelineStep> steps) {
    Set<String> produced = new HashSet<>();
    steps.forEach(s -> produced.addAll(s.outputs()));
    Set<String> external = new HashSet<>();
    for (PipelineStep step : steps) {
      for (String input : step.inputs()) {
        if (!produced.contains(input)) {
          external.add(input);
        }
      }
    }
    return external;
  }
}
