package io.etlorchestrator.yaml;

import java.util.Map;

/** A step type provider registered in META-INF/services, as a jar on the class path would be. */
public final class TestStepTypes implements StepTypeProvider {
  /** Needed by ServiceLoader. */
  public TestStepTypes() {}

  @Override
  public Map<String, StepFactory> stepTypes() {
    return Map.of(
        "extract",
        step -> {
          long rows = step.optionalLongParam("rows", 0, Long.MAX_VALUE).orElse(0L);
          return ctx -> ctx.reportRows(rows);
        },
        "transform", step -> ctx -> ctx.reportRows(1),
        "load", step -> ctx -> ctx.reportRows(1));
  }
}
