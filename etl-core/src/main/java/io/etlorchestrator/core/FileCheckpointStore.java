package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.FileRunJournal;
import io.etlorchestrator.core.internal.JournalFile;
import io.etlorchestrator.core.internal.LockFile;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A crash-safe {@link CheckpointStore} in a directory: one sub-directory per run holding an
 * append-only journal ({@code journal.log}) and a lock file.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>A step's SUCCESS is durable (written and forced to disk) before any step depending on it
 *       starts, and the final state of a run before the run's result is returned. Writes of many
 *       transitions are grouped into one durable write, so a 10,000-step run costs microseconds
 *       per step, not an {@code fsync} each.
 *   <li>A new journal (a new run, a resume, a compaction) is published by writing a temporary file
 *       in the same directory, forcing it, moving it into place with {@code ATOMIC_MOVE} and forcing
 *       the directory. A file system that cannot move atomically is an error, never a silent copy.
 *   <li>Every journal record carries a checksum. Reading recovers the last durable state: a last
 *       line cut short by a crash is ignored; any other damage is a {@link CheckpointException}
 *       naming the file, line and byte offset, and the file is never rewritten or deleted because
 *       it could not be read.
 *   <li>One process drives a run at a time: a run's lock ({@link java.nio.channels.FileChannel#tryLock()}
 *       on its {@code lock} file, holding the pid, host and start time) makes a second driver fail
 *       with a message naming the holder. The operating system releases the lock of a process that
 *       dies (SIGKILL, power cut), so the next resume takes over by itself; steps the dead holder
 *       left RUNNING run again. Within one JVM the lock is also recorded in a registry keyed by
 *       the lock file's real path, so a second attempt through any store on the same
 *       directory (however its path is spelled, through symlinks too) is refused, naming the
 *       holding journal, without opening the lock file: on Linux and macOS the OS lock belongs to
 *       the process and closing any descriptor of the file would drop it, letting another process
 *       drive the run too. No other operation of the store reads the lock file; other code in
 *       the driving JVM must not either (copy a store's files from another process).
 * </ul>
 *
 * <p>A run directory may instead hold a plain {@code checkpoint.json} (the {@link Checkpoint}
 * document, for example written by hand); it is read when there is no journal, and resuming such a
 * run starts a journal next to it.
 *
 * <p>Thread-safe; several stores (and processes) may share a directory.
 */
public final class FileCheckpointStore implements CheckpointStore {
  private static final Logger log = LoggerFactory.getLogger(FileCheckpointStore.class);
  private static final String LOCK = "lock";

  private final Path directory;

  /** A store in {@code directory}, created on first write. Prefer {@link CheckpointStore#file(Path)}. */
  public FileCheckpointStore(Path directory) {
    this.directory = Checks.notNull(directory, "directory").toAbsolutePath().normalize();
  }

  /** The store's directory. */
  public Path directory() {
    return directory;
  }

  private Path runDir(String runId) {
    Checks.notNull(runId, "runId");
    if (!runId.matches("[A-Za-z0-9_.-]{1,128}") || runId.startsWith(".")) {
      throw new CheckpointException(
          runId,
          String.format(
              "'%s' is not a valid run id: use 1 to 128 letters, digits, '_', '-' or '.', not"
                  + " starting with '.'",
              io.etlorchestrator.core.internal.Excerpt.of(runId)));
    }
    return directory.resolve(runId);
  }

  @Override
  public RunJournal create(PipelineRun initial) {
    Checks.notNull(initial, "initial");
    Path runDir = runDir(initial.runId());
    try {
      Files.createDirectories(runDir);
      JournalFile.forceDirectory(directory);
    } catch (IOException e) {
      throw new CheckpointException(
          runDir.toString(), String.format("cannot create the run directory %s: %s", runDir, e), e);
    }
    String run = "run '" + initial.runId() + "'";
    LockFile lock = LockFile.acquire(runDir.resolve(LOCK), run, "the journal " + this + " created");
    try {
      if (JournalFile.exists(runDir)) {
        throw new CheckpointException(
            runDir.toString(),
            String.format(
                "run '%s' is already recorded in %s; choose another run id or resume it",
                initial.runId(), runDir));
      }
      JournalFile.publish(runDir, JournalFile.snapshotLine(initial));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    return new FileRunJournal(runDir, lock, initial);
  }

  @Override
  public RunJournal open(String runId) {
    Path runDir = runDir(runId);
    if (!JournalFile.exists(runDir)) {
      throw new CheckpointException(
          runDir.toString(),
          String.format("no run '%s' in checkpoint store %s (no %s)", runId, directory, runDir));
    }
    String run = "run '" + runId + "'";
    LockFile lock = LockFile.acquire(runDir.resolve(LOCK), run, "the journal " + this + " opened");
    PipelineRun state;
    try {
      state = JournalFile.read(runDir);
      // Start a fresh journal from the recovered state, dropping any torn tail, so that new
      // records are never appended after a half-written line.
      JournalFile.publish(runDir, JournalFile.snapshotLine(state));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    return new FileRunJournal(runDir, lock, state);
  }

  @Override
  public Optional<PipelineRun> load(String runId) {
    Path runDir = runDir(runId);
    if (!JournalFile.exists(runDir)) {
      return Optional.empty();
    }
    return Optional.of(JournalFile.read(runDir));
  }

  @Override
  public Optional<PipelineRun> latest(String pipeline) {
    return runs(pipeline, 0, 1).stream().findFirst();
  }

  @Override
  public List<PipelineRun> runs(String pipeline, int offset, int limit) {
    Checks.notNull(pipeline, "pipeline");
    return InMemoryCheckpointStore.page(
        readAll().stream().filter(r -> r.pipeline().equals(pipeline)).collect(Collectors.toList()),
        offset,
        limit);
  }

  @Override
  public List<PipelineRun> allRuns(int offset, int limit) {
    return InMemoryCheckpointStore.page(readAll(), offset, limit);
  }

  @Override
  public List<StepHistory> history(String pipeline, String step, int limit) {
    Checks.notNull(step, "step");
    List<StepHistory> result = new ArrayList<>();
    for (PipelineRun run : runs(pipeline, 0, Integer.MAX_VALUE)) {
      if (result.size() >= limit) {
        break;
      }
      run.step(step)
          .ifPresent(
              s ->
                  result.add(
                      new StepHistory(
                          run.runId(), run.startedAt(), s.status(), s.attempts(), s.duration(), s.rows())));
    }
    return result;
  }

  /** Every readable run; unreadable ones are logged and left out (loading one names the problem). */
  private List<PipelineRun> readAll() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<PipelineRun> runs = new ArrayList<>();
    try (Stream<Path> children = Files.list(directory)) {
      for (Path child : (Iterable<Path>) children.sorted()::iterator) {
        if (Files.isDirectory(child) && JournalFile.exists(child)) {
          try {
            runs.add(JournalFile.read(child));
          } catch (CheckpointException e) {
            log.warn("skipping unreadable run in {}: {}", child, e.getMessage());
          }
        }
      }
    } catch (IOException e) {
      throw new CheckpointException(
          directory.toString(), String.format("cannot list checkpoint store %s: %s", directory, e), e);
    }
    return runs;
  }

  @Override
  public String toString() {
    return "FileCheckpointStore[" + directory + "]";
  }
}
