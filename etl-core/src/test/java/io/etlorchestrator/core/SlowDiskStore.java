package io.etlorchestrator.core;

import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.util.ArrayList;
import java.util.List;
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
final class SlowDiskStore extends ForwardingCheckpointStore {
  private final long delayMillis;
  private final ScheduledExecutorService disk =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "slow-disk");
            t.setDaemon(true);
            return t;
          });

  SlowDiskStore(CheckpointStore delegate, long delayMillis) {
    super(delegate);
    this.delayMillis = delayMillis;
  }

  @Override
  RunJournal journal(RunJournal journal) {
    return new SlowJournal(journal);
  }

  private final class SlowJournal extends ForwardingJournal {
    private final List<Runnable> pending = new ArrayList<>();

    SlowJournal(RunJournal journal) {
      super(journal);
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
