package io.etlorchestrator.core.quality;

import io.etlorchestrator.core.PipelineStep;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link DatasetCheck} can read: the dataset, the step and run it belongs to, the dataset's
 * profile now, and its profiles in earlier successful runs of the pipeline.
 */
public interface CheckContext {
  /** The dataset checked. */
  String dataset();

  /** The step that wrote the dataset (or, for a source's check, the step about to read it). */
  PipelineStep step();

  /** The run's id. */
  String runId();

  /** The step's attempt being checked. */
  int attempt();

  /** The run's parameters. */
  Map<String, String> params();

  /**
   * The dataset's profile now: the one the step reported for it ({@link
   * io.etlorchestrator.core.StepContext#reportProfile}), else one taken by the executor's
   * profilers (once per attempt, shared by the dataset's checks), which is then kept in the run's
   * history.
   *
   * @throws IllegalStateException if nothing can profile the dataset (no profiler reads it, and
   *     the step reported none); the check's outcome is then {@link CheckOutcome#ERROR}
   */
  DatasetProfile profile() throws Exception;

  /**
   * The dataset's profiles in the pipeline's last {@code runs} successful runs that recorded one,
   * newest first (for drift). Empty when the executor has no checkpoint store or the history has
   * none yet.
   */
  List<DatasetProfile> history(int runs);

  /** The profile the step reported for the dataset, if it did. */
  Optional<DatasetProfile> reportedProfile();

  /**
   * The executor's profilers, in the order registered: for a check that needs more than a profile
   * (a query on the engine that reads the dataset, as etl-quality's {@code unique} and {@code sql}
   * checks run), which looks for the one that reads its dataset. Empty by default.
   */
  default List<io.etlorchestrator.core.spi.DatasetProfiler> profilers() {
    return List.of();
  }
}
