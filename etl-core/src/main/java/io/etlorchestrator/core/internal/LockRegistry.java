package io.etlorchestrator.core.internal;

import io.etlorchestrator.core.CheckpointException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock files this JVM holds or is taking, keyed by their real path, so that no code path ever
 * opens (and so closes) a descriptor of a lock file this JVM holds: POSIX record locks, which
 * {@link java.nio.channels.FileChannel#tryLock()} takes on Linux and macOS, belong to the process
 * and are all dropped when the process closes <em>any</em> descriptor of the file.
 *
 * <p>Claiming is atomic: of the threads that claim one key, exactly one gets the claim; the others
 * wait until it is settled (held, or given up because another process holds the lock) and are then
 * told who holds it, without touching the file. A claim leaves the registry only after its OS lock
 * is released and its channel closed. Internal: not part of the public API.
 */
final class LockRegistry {
  private static final ConcurrentHashMap<Path, Claim> CLAIMS = new ConcurrentHashMap<>();

  private LockRegistry() {}

  /** The holder's description, given to {@link #claim} to build the refusal for a key this JVM holds. */
  interface Refusal {
    RuntimeException holdBy(String holder);
  }

  /**
   * Claims {@code key} for the caller, who then owns the claim and must {@link Claim#hold} or
   * {@link Claim#release} it.
   *
   * @throws RuntimeException the {@code refusal} for the description of this JVM's holder, if the
   *     key is held in this JVM (waiting first for a claim still being taken)
   * @throws CheckpointException if the thread is interrupted while it waits (the interrupt is kept)
   */
  static Claim claim(Path key, Refusal refusal) {
    Claim mine = new Claim(key);
    while (true) {
      Claim existing = CLAIMS.putIfAbsent(key, mine);
      if (existing == null) {
        return mine;
      }
      Optional<String> holder;
      try {
        holder = existing.awaitSettled();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CheckpointException(
            key.toString(),
            String.format(
                "interrupted while another thread of this JVM was taking the lock file %s", key),
            e);
      }
      if (holder.isPresent()) {
        throw refusal.holdBy(holder.get());
      }
      // The other claim was given up (another process holds the lock): try again, and find out
      // from the lock file.
    }
  }

  /** One holder's claim on a key: pending, then held, then released (or released straight away). */
  static final class Claim {
    private final Path key;
    // Guarded by this.
    private String holder;
    private boolean released;

    private Claim(Path key) {
      this.key = key;
    }

    /** Marks the lock taken; {@code description} is what a refused attempt in this JVM is told. */
    synchronized void hold(String description) {
      holder = description;
      notifyAll();
    }

    /**
     * Leaves the registry. The owner calls it once, after the OS lock is released and its channel
     * closed (or when the lock was never taken).
     */
    void release() {
      CLAIMS.remove(key, this);
      synchronized (this) {
        released = true;
        notifyAll();
      }
    }

    /**
     * Waits until this claim is held or released; returns the holder's description if held. The
     * wait is short: one open and one non-blocking lock attempt ({@link LockFile} holds its claim
     * as soon as the OS lock is taken).
     */
    private synchronized Optional<String> awaitSettled() throws InterruptedException {
      while (holder == null && !released) {
        wait();
      }
      return released ? Optional.empty() : Optional.of(holder);
    }
  }
}
