package io.etlorchestrator.core;

import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store that forwards everything to another one; tests override {@link #journal} to change
 * how the journals of runs behave (slow, failing).
 */
abstract class ForwardingCheckpointStore implements CheckpointStore {
  private final CheckpointStore delegate;

  ForwardingCheckpointStore(CheckpointStore delegate) {
    this.delegate = delegate;
  }

  /** The journal handed to the executor for {@code journal}; by default {@code journal} itself. */
  RunJournal journal(RunJournal journal) {
    return journal;
  }

  @Override
  public RunJournal create(PipelineRun initial) {
    return journal(delegate.create(initial));
  }

  @Override
  public RunJournal open(String runId) {
    return journal(delegate.open(runId));
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

  /** A journal that forwards everything; override what should differ. */
  static class ForwardingJournal implements RunJournal {
    final RunJournal journal;

    ForwardingJournal(RunJournal journal) {
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
      return journal.commit();
    }

    @Override
    public void close() {
      journal.close();
    }
  }
}
