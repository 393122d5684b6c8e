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
    List<String> withoutAction = new ArrayList<>();
    for (PipelineStep step : pipeline.steps()) {
      if (!actions.containsKey(step.name()) && step.action().isEmpty() && defaultAction == null) {
        withoutAction.add(step.name());
      }
    }
    Checks.state(
        withoutAction.isEmpty(),
        "pipeline '%s': steps without an action cannot run: %s; give each one with"
            + " action(\"%s\", ctx -> ...), or all of them with defaultAction(ctx -> {})",
        pipeline.name(), String.join(", ", withoutAction), withoutAction.isEmpty() ? "" : withoutAction.get(0));
    Pipeline rigged =
        pipeline.withActions(
            step -> {
              StepAction action = actions.get(step.name());
              if (action == null) {
                action = step.action().orElse(defaultAction);
              }
              return new RiggedAction(
                  step.name(),
                  action,
                  Optional.ofNullable(faults.get(step.name())),
                  Optional.ofNullable(durations.get(step.name())),
                  activity,
                  scheduler);
            });
    return rigged;
  }
}
