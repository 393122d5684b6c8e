package io.etlorchestrator.core;

import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A store whose journals reach the real store only {@code delayMillis} after each commit, like a
 * slow disk: records wait in memory, then go to the wrapped store and are committed there. A run
 * that let dependents start before their inputs' SUCCESS was durable would be caught by a kill in
 * that window. Test-only.
 */
final class SlowDiskStore implements CheckpointStore {
  private final CheckpointStore delegate;
  private final long delayMillis;
  private final ScheduledExecutorService disk =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "slow-disk");
            t.setDaemon(true);
            return t;
          });

  SlowDiskStore(CheckpointStore delegate, long delayMillis) {
    this.delegate = delegate;
    this.delayMillis = delayMillis;
  }

  @Override
  public RunJournal create(PipelineRun initial) {
    return new SlowJournal(delegate.create(initial));
  }

  @Override
  public RunJournal open(String runId) {
    return new SlowJournal(delegate.open(runId));
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

  private final class SlowJournal implements RunJournal {
    private final RunJournal journal;
    private final List<Runnable> pending = new ArrayList<>();

    SlowJournal(RunJournal journal) {
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
    public synchronized void recordStep(StepRun step) {
      pending.add(() -> journal.recordStep(step));
    }

    @Override
    public synchronized void recordRun(PipelineRun run) {
      pending.add(() -> journal.recordRun(run));
    }

    private synchronized void writeThrough() {
      pending.forEach(Runnable::run);
      pending.clear();
    }

    @Override
    public CompletableFuture<Void> commit() {
      CompletableFuture<Void> done = new CompletableFuture<>();
      disk.schedule(
          () -> {
            writeThrough();
            journal.commit().whenComplete((v, e) -> {
              if (e == null) {
                done.complete(null);
              } else {
                done.completeExceptionally(e);
              }
            });
          },
          delayMillis,
          TimeUnit.MILLISECONDS);
      return done;
    }

    @Override
    public void close() {
      writeThrough();
      journal.close();
    }
  }
}
