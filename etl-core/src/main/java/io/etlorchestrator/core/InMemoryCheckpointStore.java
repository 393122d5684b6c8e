package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.RunMirror;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A {@link CheckpointStore} in memory: thread-safe, fast, and gone with the process. For tests and
 * for hosts that keep run history elsewhere. Every record is "durable" at once.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {
  private final Map<String, Entry> runs = new HashMap<>();

  private static final class Entry {
    final RunMirror mirror;
    boolean locked;

    Entry(PipelineRun run) {
      this.mirror = new RunMirror(run);
    }
  }

  /** Use {@link CheckpointStore#inMemory()}. */
  public InMemoryCheckpointStore() {}

  @Override
  public synchronized RunJournal create(PipelineRun initial) {
    Checks.notNull(initial, "initial");
    if (runs.containsKey(initial.runId())) {
      throw new CheckpointException(
          initial.runId(),
          String.format("run '%s' is already recorded; choose another run id", initial.runId()));
    }
    Entry entry = new Entry(initial);
    entry.locked = true;
    runs.put(initial.runId(), entry);
    return new Journal(initial.runId(), entry, initial);
  }

  @Override
  public synchronized RunJournal open(String runId) {
    Entry entry = runs.get(Checks.notNull(runId, "runId"));
    if (entry == null) {
      throw new CheckpointException(runId, String.format("no run '%s' in the in-memory store", runId));
    }
    if (entry.locked) {
      throw new CheckpointException(
          runId, String.format("run '%s' is already being driven by another journal of this process", runId));
    }
    entry.locked = true;
    return new Journal(runId, entry, entry.mirror.snapshot());
  }

  @Override
  public synchronized Optional<PipelineRun> load(String runId) {
    Entry entry = runs.get(Checks.notNull(runId, "runId"));
    return entry == null ? Optional.empty() : Optional.of(entry.mirror.snapshot());
  }

  @Override
  public Optional<PipelineRun> latest(String pipeline) {
    return runs(pipeline, 0, 1).stream().findFirst();
  }

  @Override
  public List<PipelineRun> runs(String pipeline, int offset, int limit) {
    Checks.notNull(pipeline, "pipeline");
    return page(snapshots().stream().filter(r -> r.pipeline().equals(pipeline)).collect(Collectors.toList()), offset, limit);
  }

  @Override
  public List<PipelineRun> allRuns(int offset, int limit) {
    return page(snapshots(), offset, limit);
  }

  @Override
  public List<StepHistory> history(String pipeline, String step, int limit) {
    Checks.notNull(step, "step");
    List<StepHistory> result = new ArrayList<>();
    for (PipelineRun run : runs(pipeline, 0, Integer.MAX_VALUE)) {
      run.step(step)
          .ifPresent(
              s -> result.add(new StepHistory(run.runId(), run.startedAt(), s.status(), s.attempts(), s.duration(), s.rows())));
      if (result.size() >= limit) {
        break;
      }
    }
    return result;
  }

  private synchronized List<PipelineRun> snapshots() {
    List<PipelineRun> list = new ArrayList<>();
    for (Entry entry : runs.values()) {
      list.add(entry.mirror.snapshot());
    }
    return list;
  }

  /** Newest first by start time, then run id; {@code offset} and {@code limit} applied. */
  static List<PipelineRun> page(List<PipelineRun> runs, int offset, int limit) {
    Checks.argument(offset >= 0, "offset must not be negative, was %s", offset);
    Checks.argument(limit >= 0, "limit must not be negative, was %s", limit);
    return runs.stream()
        .sorted(Comparator.comparing(PipelineRun::startedAt).thenComparing(PipelineRun::runId).reversed())
        .skip(offset)
        .limit(limit)
        .collect(Collectors.toList());
  }

  private final class Journal implements RunJournal {
    private final String runId;
    private final Entry entry;
    private final PipelineRun opened;
    private boolean closed;

    Journal(String runId, Entry entry, PipelineRun opened) {
      this.runId = runId;
      this.entry = entry;
      this.opened = opened;
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public PipelineRun state() {
      return opened;
    }

    @Override
    public void recordStep(StepRun step) {
      synchronized (InMemoryCheckpointStore.this) {
        Checks.state(!closed, "the journal of run '%s' is closed", runId);
        if (!entry.mirror.applyStep(step)) {
          throw new CheckpointException(runId, String.format("run '%s' has no step '%s'", runId, step.name()));
        }
      }
    }

    @Override
    public void recordRun(PipelineRun run) {
      synchronized (InMemoryCheckpointStore.this) {
        Checks.state(!closed, "the journal of run '%s' is closed", runId);
        entry.mirror.applyRun(run);
      }
    }

    @Override
    public CompletableFuture<Void> commit() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
      synchronized (InMemoryCheckpointStore.this) {
        if (!closed) {
          closed = true;
          entry.locked = false;
        }
      }
    }
  }
}
