package io.etlorchestrator.examples;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepHistory;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link CheckpointStore} decorator whose journals complete pending commits on a thread of its
 * own instead of the file journal's flusher thread.
 *
 * <p>Works around a deadlock in etl-core 0.1.0-SNAPSHOT: the executor continues a run inside the
 * commit future's callback, so when the last step's SUCCESS becomes durable, the flusher thread of
 * the file journal runs the run's completion, whose checkpoint listener closes the journal, which
 * joins the flusher thread: the thread joins itself and the run never returns. Remove this class
 * once the executor (or the journal) hands commit callbacks to another thread.
 */
final class CommitHandOffStore implements CheckpointStore, AutoCloseable {
  private final CheckpointStore delegate;
  private final ExecutorService handOff =
      Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "etl-example-commit-handoff");
        thread.setDaemon(true);
        return thread;
      });

  CommitHandOffStore(CheckpointStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public RunJournal create(PipelineRun initial) {
    return new HandOffJournal(delegate.create(initial));
  }

  @Override
  public RunJournal open(String runId) {
    return new HandOffJournal(delegate.open(runId));
  }

  @Override
  public Optional<PipelineRun> load(String runId) {
    return delegate.load(runId);
  }

  @Override
  public Optional<PipelineRun> latest(String pipeline) {
    return delegate.latest(pipeline);
  }

  @Override
  public List<PipelineRun> runs(String pipeline, int offset, int limit) {
    return delegate.runs(pipeline, offset, limit);
  }

  @Override
  public List<PipelineRun> allRuns(int offset, int limit) {
    return delegate.allRuns(offset, limit);
  }

  @Override
  public List<StepHistory> history(String pipeline, String step, int limit) {
    return delegate.history(pipeline, step, limit);
  }

  /** Stops the hand-off thread once its queued callbacks have run. */
  @Override
  public void close() {
    handOff.shutdown();
  }

  private final class HandOffJournal implements RunJournal {
    private final RunJournal journal;

    HandOffJournal(RunJournal journal) {
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
      return durable.isDone() ? durable : durable.whenCompleteAsync((ignored, failure) -> {}, handOff);
    }

    @Override
    public void close() {
      journal.close();
    }
  }
}
