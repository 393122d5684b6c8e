package io.etlorchestrator.core.internal;

import io.etlorchestrator.core.CheckpointException;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.spi.RunJournal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The open journal of one run in a file store, with group commit: records are appended to a
 * buffer, and one flusher thread writes and forces whatever has accumulated, completing every
 * commit the write covers. While it forces one batch the next one gathers, so many transitions
 * share one {@code fsync}. When the journal has grown well past the run's size it is compacted:
 * a snapshot of the current state is published as a new journal (atomically). Internal: not part
 * of the public API.
 */
public final class FileRunJournal implements RunJournal {
  private final Path runDir;
  private final String runId;
  private final LockFile lock;
  private final PipelineRun opened;
  private final int compactAfter;
  private final Thread flusher;

  // Guarded by this.
  private final RunMirror mirror;
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private long recorded;
  private long durable;
  private int sinceSnapshot;
  private boolean closing;
  private boolean closed;
  private CheckpointException failure;
  private FileChannel channel;

  private static final class Waiter {
    final long sequence;
    final CompletableFuture<Void> future;

    Waiter(long sequence, CompletableFuture<Void> future) {
      this.sequence = sequence;
      this.future = future;
    }
  }

  /**
   * Opens the journal of {@code runDir}, which holds {@code state} durably, under {@code lock}.
   * Takes ownership of the lock.
   */
  public FileRunJournal(Path runDir, LockFile lock, PipelineRun state) {
    this.runDir = runDir;
    this.runId = state.runId();
    this.lock = lock;
    this.opened = state;
    this.mirror = new RunMirror(state);
    this.compactAfter = Math.max(10_000, 4 * state.steps().size());
    try {
      this.channel = openForAppend();
    } catch (IOException e) {
      lock.close();
      throw new CheckpointException(
          runDir.toString(), String.format("cannot open the journal in %s: %s", runDir, e), e);
    }
    this.flusher = new Thread(this::flushLoop, "etl-journal-" + runId);
    this.flusher.setDaemon(true);
    this.flusher.start();
  }

  private FileChannel openForAppend() throws IOException {
    return FileChannel.open(
        runDir.resolve(JournalFile.JOURNAL), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
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
    byte[] line = JournalFile.stepLine(step);
    synchronized (this) {
      checkWritable();
      if (!mirror.applyStep(step)) {
        throw new CheckpointException(runId, String.format("run '%s' has no step '%s'", runId, step.name()));
      }
      append(line);
    }
  }

  @Override
  public void recordRun(PipelineRun run) {
    byte[] line = JournalFile.snapshotLine(run);
    synchronized (this) {
      checkWritable();
      mirror.applyRun(run);
      append(line);
    }
  }

  private void append(byte[] line) {
    buffer.write(line, 0, line.length);
    recorded++;
    sinceSnapshot++;
    notifyAll();
  }

  private void checkWritable() {
    if (closing || closed) {
      throw new IllegalStateException("the journal of run '" + runId + "' is closed");
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public synchronized CompletableFuture<Void> commit() {
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    if (durable >= recorded) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    waiters.add(new Waiter(recorded, future));
    notifyAll();
    return future;
  }

  private void flushLoop() {
    while (flushOnce(true)) {
      // each pass writes and forces one batch
    }
  }

  /**
   * Writes and forces what has been recorded since the last flush, then completes the commits it
   * covers. With {@code wait}, blocks until there is something to write or the journal closes.
   * Returns false when there is nothing more to do (closing and drained, or failed). Runs on the
   * flusher thread only, or on a thread that closes the journal from inside the flusher's callbacks.
   */
  private boolean flushOnce(boolean wait) {
    byte[] batch;
    long target;
    boolean compact;
    synchronized (this) {
      while (wait && buffer.size() == 0 && !closing) {
        try {
          wait();
        } catch (InterruptedException e) {
          // Keep going: the journal ends only through close().
        }
      }
      if (buffer.size() == 0 || failure != null) {
        return false; // closing and everything is durable, or the journal failed
      }
      target = recorded;
      compact = sinceSnapshot >= compactAfter;
      if (compact) {
        batch = JournalFile.snapshotLine(mirror.snapshot());
        sinceSnapshot = 0;
      } else {
        batch = buffer.toByteArray();
      }
      buffer = new ByteArrayOutputStream(Math.max(1 << 16, batch.length));
    }
    // A FileChannel closes itself when the thread writing is interrupted. The flusher is never
    // interrupted on purpose, but the commit callbacks it completes (the run's own code, which
    // calls listeners) may interrupt it, and a run may finish and close the journal on an
    // interrupted thread: the write must not depend on that thread's interrupt flag.
    boolean interrupted = Thread.interrupted();
    try {
      if (compact) {
        JournalFile.publish(runDir, batch);
        FileChannel old = channel;
        channel = openForAppend();
        old.close();
      } else {
        ByteBuffer bytes = ByteBuffer.wrap(batch);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(false);
      }
    } catch (IOException | RuntimeException e) {
      CheckpointException error =
          e instanceof CheckpointException
              ? (CheckpointException) e
              : new CheckpointException(
                  runDir.resolve(JournalFile.JOURNAL).toString(),
                  String.format("cannot write the checkpoint of run '%s' in %s: %s", runId, runDir, e),
                  e);
      synchronized (this) {
        failure = error;
        while (!waiters.isEmpty()) {
          waiters.poll().future.completeExceptionally(error);
        }
        notifyAll();
      }
      return false;
    } finally {
      if (interrupted && Thread.currentThread() != flusher) {
        Thread.currentThread().interrupt();
      }
    }
    java.util.List<CompletableFuture<Void>> done = new java.util.ArrayList<>();
    synchronized (this) {
      durable = target;
      notifyAll();
      while (!waiters.isEmpty() && waiters.peek().sequence <= target) {
        done.add(waiters.poll().future);
      }
    }
    // Completed outside this monitor: callbacks take the run's lock, and the run records into
    // this journal while holding it, so completing under the monitor could deadlock.
    done.forEach(f -> f.complete(null));
    return true;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closing = true;
      notifyAll();
    }
    boolean interrupted = false;
    if (Thread.currentThread() == flusher) {
      // The run finished inside a commit callback, on the flusher itself (the last step's SUCCESS
      // became durable and released the end of the run): drain here, since joining would wait
      // for ourselves. The flusher's loop sees the journal closing and ends after this returns.
      while (flushOnce(false)) {
        // drain
      }
    }
    while (flusher.isAlive() && Thread.currentThread() != flusher) {
      try {
        flusher.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    CheckpointException error;
    synchronized (this) {
      closed = true;
      error = failure;
    }
    try {
      channel.close();
    } catch (IOException e) {
      if (error == null) {
        error = new CheckpointException(runDir.toString(), "cannot close the journal: " + e, e);
      }
    } finally {
      lock.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (error != null) {
      throw error;
    }
  }
}
