package io.etlorchestrator.test.internal;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepHistory;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link CheckpointStore} that hands everything to the host's store and counts each commit still
 * in flight in an {@link Activity}, until the callbacks it completes (the run starting the
 * dependents of a step whose success became durable) have run. A store that makes commits durable
 * on a thread of its own (the file store) is then no reason to move virtual time too early.
 * Internal: not part of the public API.
 */
public final class TrackedStore implements CheckpointStore {
  private final CheckpointStore store;
  private final Activity activity;

  /** Tracks the commits of {@code store}'s journals in {@code activity}. */
  public TrackedStore(CheckpointStore store, Activity activity) {
    this.store = store;
    this.activity = activity;
  }

  @Override
  public RunJournal create(PipelineRun initial) {
    return new Journal(store.create(initial));
  }

  @Override
  public RunJournal open(String runId) {
    return new Journal(store.open(runId));
  }

  @Override
  public Optional<PipelineRun> load(String runId) {
    return store.load(runId);
  }

  @Override
  public Optional<PipelineRun> latest(String pipeline) {
    return store.latest(pipeline);
  }

  @Override
  public List<PipelineRun> runs(String pipeline, int offset, int limit) {
    return store.runs(pipeline, offset, limit);
  }

  @Override
  public List<PipelineRun> allRuns(int offset, int limit) {
    return store.allRuns(offset, limit);
  }

  @Override
  public List<StepHistory> history(String pipeline, String step, int limit) {
    return store.history(pipeline, step, limit);
  }

  private final class Journal implements RunJournal {
    private final RunJournal journal;

    Journal(RunJournal journal) {
      this.journal = journal;
    }

    @Override
    public String runId() {
      return journal.runId();
    }

    @Override
    public PipelineRun state() {
      return journal.state();
    }

    @Override
    public void recordStep(StepRun step) {
      journal.recordStep(step);
    }

    @Override
    public void recordRun(PipelineRun run) {
      journal.recordRun(run);
    }

    @Override
    public CompletableFuture<Void> commit() {
      CompletableFuture<Void> durable = journal.commit();
      if (durable == null || durable.isDone()) {
        return durable;
      }
      activity.begin();
      CompletableFuture<Void> tracked = new CompletableFuture<>();
      durable.whenComplete(
          (ignored, failure) -> {
            try {
              if (failure != null) {
                tracked.completeExceptionally(failure);
              } else {
                tracked.complete(null);
              }
            } finally {
              activity.end();
            }
          });
      return tracked;
    }

    @Override
    public void close() {
      journal.close();
    }
  }
}
