package io.etlorchestrator.core.spi;

import io.etlorchestrator.core.FileCheckpointStore;
import io.etlorchestrator.core.InMemoryCheckpointStore;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepHistory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where runs are recorded so that they survive the process and can be resumed, listed and
 * reported on. Register one with {@code Executor.builder().checkpointStore(store)}; the executor
 * then records every state change of its runs through a {@link RunJournal}.
 *
 * <p>Implementations must be thread-safe, and must let only one journal drive a run at a time:
 * {@link #create} and {@link #open} fail with a {@link io.etlorchestrator.core.CheckpointException}
 * naming the holder while another journal of the same run is open (in this process or, for stores
 * shared between processes, in another one). Built in: {@link #inMemory()} and {@link
 * #file(Path)}.
 */
public interface CheckpointStore {
  /** A thread-safe store in memory, for tests and embedding; nothing survives the process. */
  static InMemoryCheckpointStore inMemory() {
    return new InMemoryCheckpointStore();
  }

  /** A crash-safe store in {@code directory} (created if missing); see {@link FileCheckpointStore}. */
  static FileCheckpointStore file(Path directory) {
    return new FileCheckpointStore(directory);
  }

  /**
   * Records a new run and takes its lock. {@code initial} is durable when this returns.
   *
   * @throws io.etlorchestrator.core.CheckpointException if the run id is already recorded, or the
   *     store cannot be written
   */
  RunJournal create(PipelineRun initial);

  /**
   * Opens a recorded run to resume it, taking its lock. A lock whose holder died is taken over.
   *
   * @throws io.etlorchestrator.core.CheckpointException if there is no such run, its checkpoint
   *     cannot be read, or another journal holds it
   */
  RunJournal open(String runId);

  /**
   * The last durable state of a run, without taking its lock.
   *
   * @throws io.etlorchestrator.core.CheckpointException if its checkpoint cannot be read
   */
  Optional<PipelineRun> load(String runId);

  /** The most recently started run of {@code pipeline}, if any. */
  Optional<PipelineRun> latest(String pipeline);

  /**
   * Runs of {@code pipeline}, newest first (by start time, then run id), skipping {@code offset}
   * and returning at most {@code limit}.
   */
  List<PipelineRun> runs(String pipeline, int offset, int limit);

  /** Runs of every pipeline, newest first, skipping {@code offset}, at most {@code limit}. */
  List<PipelineRun> allRuns(int offset, int limit);

  /** How {@code step} of {@code pipeline} fared in past runs, newest first, at most {@code limit}. */
  List<StepHistory> history(String pipeline, String step, int limit);
}
