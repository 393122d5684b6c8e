package io.etlorchestrator.core.internal;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a run rebuilt from a snapshot and the step records after it. Not thread-safe.
 * Internal: not part of the public API.
 */
public final class RunMirror {
  private PipelineRun base;
  private final Map<String, StepRun> steps = new LinkedHashMap<>();

  /** Starts from {@code snapshot}. */
  public RunMirror(PipelineRun snapshot) {
    applyRun(snapshot);
  }

  /** Replaces the whole state. */
  public void applyRun(PipelineRun snapshot) {
    base = snapshot;
    steps.clear();
    for (StepRun step : snapshot.steps()) {
      steps.put(step.name(), step);
    }
  }

  /** Replaces one step's state; false if the run has no such step. */
  public boolean applyStep(StepRun step) {
    if (!steps.containsKey(step.name())) {
      return false;
    }
    steps.put(step.name(), step);
    return true;
  }

  /** The current state. */
  public PipelineRun snapshot() {
    List<StepRun> list = new ArrayList<>(steps.values());
    return base.with(base.status(), base.finishedAt(), list);
  }

  /** The run id. */
  public String runId() {
    return base.runId();
  }
}
