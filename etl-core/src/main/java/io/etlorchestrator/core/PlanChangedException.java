package io.etlorchestrator.core;

import java.util.List;

/**
 * A run cannot be resumed because its pipeline changed since the run's checkpoint: steps were
 * added or removed, or have other inputs, outputs, dependencies, type, params or version. Resume with the plan
 * the run was made from, or force it with {@link RunOptions.Builder#allowPlanChange(boolean)}. Not
 * a {@link CheckpointException} (the checkpoint is fine): a sibling, so both can be caught together.
 */
public class PlanChangedException extends EtlException {
  private static final long serialVersionUID = 1L;

  private final String runId;
  private final transient List<String> added;
  private final transient List<String> removed;
  private final transient List<String> changed;

  /** The differences between the checkpoint's plan and the plan given to resume it. */
  public PlanChangedException(
      String runId, String message, List<String> added, List<String> removed, List<String> changed) {
    super(message);
    this.runId = runId;
    this.added = List.copyOf(added);
    this.removed = List.copyOf(removed);
    this.changed = List.copyOf(changed);
  }

  /** The run that could not be resumed. */
  public String runId() {
    return runId;
  }

  /** Steps in the plan but not in the checkpoint. */
  public List<String> added() {
    return added;
  }

  /** Steps in the checkpoint but not in the plan. */
  public List<String> removed() {
    return removed;
  }

  /** Steps in both whose inputs, outputs, dependencies, type, params or version differ. */
  public List<String> changed() {
    return changed;
  }
}
