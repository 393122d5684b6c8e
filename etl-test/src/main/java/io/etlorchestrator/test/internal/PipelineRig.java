package io.etlorchestrator.test.internal;

import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A pipeline whose steps' actions are rigged for a test ({@link RiggedAction}). Internal: not part of the public API. */
public final class PipelineRig {
  private PipelineRig() {}

  /**
   * {@code pipeline} with each step's action (the one {@code actions} gives it, else its own, else
   * {@code defaultAction}) rigged with the step's fault and duration.
   *
   * @throws IllegalStateException naming the steps left without an action
   */
  public static Pipeline rig(
      Pipeline pipeline,
      Map<String, StepAction> actions,
      StepAction defaultAction,
      Map<String, Fault> faults,
      Map<String, Duration> durations,
      Activity activity,
      Scheduler scheduler) {
    Pipeline.Builder builder =
        Pipeline.builder(pipeline.name())
            .defaultRetryPolicy(pipeline.defaultRetryPolicy())
            .defaultFallback(pipeline.defaultFallback());
    pipeline.resourceLimits().forEach(builder::resourceLimit);
    List<String> withoutAction = new ArrayList<>();
    for (PipelineStep step : pipeline.steps()) {
      StepAction action = actions.get(step.name());
      if (action == null) {
        action = step.action().orElse(defaultAction);
      }
      if (action == null) {
        withoutAction.add(step.name());
        continue;
      }
      RiggedAction rigged =
          new RiggedAction(
              step.name(),
              action,
              Optional.ofNullable(faults.get(step.name())),
              Optional.ofNullable(durations.get(step.name())),
              activity,
              scheduler);
      builder.step(step.toBuilder().action(rigged).build());
    }
    Checks.state(
        withoutAction.isEmpty(),
        "pipeline '%s': steps without an action cannot run: %s; give each one with"
            + " action(\"%s\", ctx -> ...), or all of them with defaultAction(ctx -> {})",
        pipeline.name(), String.join(", ", withoutAction), withoutAction.isEmpty() ? "" : withoutAction.get(0));
    Pipeline rigged = builder.build();
    // A pipeline equals another with the same definition whatever their actions: this fails only
    // if the copy above lost a setting the core's Pipeline gained since.
    Checks.state(
        rigged.equals(pipeline),
        "etl-test could not copy pipeline '%s' faithfully (a setting of the core's Pipeline it does not"
            + " know?); this is a bug of etl-test",
        pipeline.name());
    return rigged;
  }
}
