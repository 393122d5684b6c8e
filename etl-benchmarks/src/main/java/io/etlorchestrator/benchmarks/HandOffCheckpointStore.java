package io.etlorchestrator.benchmarks;

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
 * A {@link CheckpointStore} decorator whose journals complete pending commits on a thread of
 * their own instead of the journal's flusher thread.
 *
 * <p>Works around a deadlock in etl-core (found by these benchmarks): the executor continues a
 * run inside the commit future's callback, so the flusher thread of {@code FileRunJournal} runs
 * the run's completion, whose {@code onRunFinished} closes the journal, which joins the flusher
 * thread: the thread joins itself and the run never finishes. Remove this class once the executor
 * continues on its own threads (see the README).
 */
public final class HandOffCheckpointStore implements CheckpointStore, AutoCloseable {
  private final CheckpointStore delegate;
  private final ExecutorService handOff =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "etl-bench-commit-handoff");
            thread.setDaemon(true);
            return thread;
          });

  /** Decorates {@code delegate}. */
  public HandOffCheckpointStore(CheckpointStore delegate) {
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

  /** Stops the hand-off thread. */
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
      // Callbacks of the returned future run on the hand-off thread, never on the flusher.
      return durable.isDone() ? durable : durable.whenCompleteAsync((ignored, failure) -> {}, handOff);
    }

    @Override
    public void close() {
      journal.close();
    }
  }
}
