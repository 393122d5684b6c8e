package io.etlorchestrator.yaml;

import java.util.Map;

/** A step type provider registered in META-INF/services, as a jar on the class path would be. */
public final class TestStepTypes implements StepTypeProvider {
  /** Needed by ServiceLoader. */
  public TestStepTypes() {}

  @Override
  public Map<String, StepFactory> stepTypes() {
    return Map.of(
        "extract", step -> ctx -> ctx.reportRows(step.param("rows").map(r -> ((Number) r).longValue()).orElse(0L)),
        "transform", step -> ctx -> ctx.reportRows(1),
        "load", step -> ctx -> ctx.reportRows(1));
  }
}
