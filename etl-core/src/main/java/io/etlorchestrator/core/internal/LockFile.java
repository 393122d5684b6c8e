package io.etlorchestrator.core.internal;

import io.etlorchestrator.core.CheckpointException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive OS lock on a file ({@link FileChannel#tryLock()}), with the holder's pid, host and
 * start time written into it for error messages. The OS drops the lock when its holder dies
 * (SIGKILL, power cut), so a dead holder never needs a human: the next {@link #acquire} takes over.
 *
 * <p>On Linux and macOS the lock is a POSIX record lock ({@code fcntl}), which belongs to the
 * process and is dropped when the process closes <em>any</em> descriptor of the file. So the file
 * is opened only through {@link #acquire}, under a claim in the per-JVM {@link LockRegistry} keyed
 * by its real path: an attempt on a file this JVM holds (through any spelling of its path, a
 * symlink included) is refused from the registry without opening the file, and the holder's one
 * channel is the only descriptor ever closed while the lock is held. A channel that finds the file
 * locked by a channel the registry does not know (another copy of this library in another class
 * loader, or the host's code) is never closed, for the same reason; it is kept for the next attempt
 * on that file. Internal: not part of the public API.
 */
public final class LockFile implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LockFile.class);
  private static final String HOST = hostName();
  private static final long PID = ProcessHandle.current().pid();
  /**
   * Channels that found their file locked elsewhere in this JVM, by key, for the next attempt:
   * closing one would free that lock. Strongly held, since a collected channel is closed.
   */
  private static final Map<Path, Kept> KEPT_OPEN = new ConcurrentHashMap<>();
  /** Kept channels whose file was since replaced: never closed, never used again. */
  private static final List<FileChannel> ORPHANED = new CopyOnWriteArrayList<>();

  /** A kept channel and the identity (device and inode) of the file it was opened on. */
  private record Kept(FileChannel channel, Object fileKey) {}

  private final LockRegistry.Claim claim;
  private final FileChannel channel;
  private final FileLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LockFile(LockRegistry.Claim claim, FileChannel channel, FileLock lock) {
    this.claim = claim;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on {@code file} for {@code what} (a run, for messages) on behalf of {@code
   * owner} (who in this JVM takes it, for the message of a refused attempt in this JVM). The
   * file's directory must exist; the file is created if it does not.
   *
   * @throws CheckpointException naming the current holder if another process, or another journal
   *     of this JVM, has it
   */
  public static LockFile acquire(Path file, String what, String owner) {
    Path key = keyOf(file);
    String advice = "wait for that run to finish (closing its journal releases the lock)";
    LockRegistry.Claim claim = LockRegistry.claim(key, holder -> refusal(key, what, holder, advice));
    try {
      return acquireClaimed(claim, key, what, owner);
    } catch (RuntimeException | Error e) {
      claim.release();
      throw e;
    }
  }

  private static LockFile acquireClaimed(LockRegistry.Claim claim, Path key, String what, String owner) {
    FileChannel channel = keptChannel(key);
    if (channel == null) {
      try {
        channel =
            FileChannel.open(
                key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw new CheckpointException(
            key.toString(), String.format("cannot open lock file %s: %s", key, e), e);
      }
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      keepOpen(key, channel);
      throw refusal(
          key,
          what,
          String.format(
              "pid %d on host %s: another lock of this JVM, not taken through this library's registry"
                  + " (another copy of etl-core in another class loader, or the host's own code)",
              PID, HOST),
          "release that lock first");
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CheckpointException(key.toString(), String.format("cannot lock %s: %s", key, e), e);
    }
    if (lock == null) {
      // Held by another process: no lock of this JVM is on the file (the JVM would have thrown
      // OverlappingFileLockException), so closing this channel frees nothing.
      String holder = describeHolder(channel);
      closeQuietly(channel);
      throw refusal(
          key,
          what,
          holder,
          "wait for it to finish or stop that process (a holder that died releases the lock by itself)");
    }
    Instant since = Instant.now();
    claim.hold(
        String.format(
            "pid %d on host %s since %s in this JVM (%s on thread '%s')",
            PID, HOST, since, owner, Thread.currentThread().getName()));
    try {
      String info =
          String.format(
              "{\"pid\": %d, \"host\": \"%s\", \"since\": \"%s\"}%n", PID, HOST.replace("\"", ""), since);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(info.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
    } catch (IOException e) {
      releaseQuietly(lock);
      closeQuietly(channel);
      throw new CheckpointException(
          key.toString(), String.format("cannot write lock file %s: %s", key, e), e);
    }
    return new LockFile(claim, channel, lock);
  }

  /**
   * The lock file's identity in this JVM: its real path (symlinks resolved, so every spelling of a
   * path meets), or, before it exists, its real directory's path and its name. Resolving opens
   * nothing.
   */
  private static Path keyOf(Path file) {
    Path directory = file.toAbsolutePath().getParent();
    try {
      Path inDirectory = directory.toRealPath().resolve(file.getFileName());
      try {
        return inDirectory.toRealPath();
      } catch (NoSuchFileException e) {
        return inDirectory;
      }
    } catch (IOException e) {
      throw new CheckpointException(
          file.toString(), String.format("cannot resolve the lock file %s: %s", file, e), e);
    }
  }

  private static CheckpointException refusal(Path key, String what, String holder, String advice) {
    return new CheckpointException(
        key.toString(),
        String.format("%s is already being driven by %s (lock file %s); %s", what, holder, key, advice));
  }

  /** Keeps {@code channel} for the next attempt on {@code key}; only the claim's owner calls it. */
  private static void keepOpen(Path key, FileChannel channel) {
    KEPT_OPEN.put(key, new Kept(channel, fileKeyOf(key)));
    log.warn(
        "lock file {} is locked by another channel of this JVM; keeping this descriptor open, since"
            + " closing it would release that lock",
        key);
  }

  /** The channel kept for {@code key}, if it is still open on the file at {@code key}. */
  private static FileChannel keptChannel(Path key) {
    Kept kept = KEPT_OPEN.remove(key);
    if (kept == null) {
      return null;
    }
    if (Objects.equals(kept.fileKey(), fileKeyOf(key))) {
      return kept.channel();
    }
    ORPHANED.add(kept.channel());
    return null;
  }

  /** The file's identity (device and inode where the platform has them), read without opening it. */
  private static Object fileKeyOf(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** The holder's details, read through {@code channel} (opening the file again would not be safe). */
  private static String describeHolder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
        // read until the end of the (small) file
      }
      String content = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
      if (content.isEmpty()) {
        return "another process (which has not yet written its details)";
      }
      var node = CheckpointJson.MAPPER.readTree(content);
      return String.format(
          "pid %s on host %s since %s",
          node.path("pid").asText("?"), node.path("host").asText("?"), node.path("since").asText("?"));
    } catch (IOException | RuntimeException e) {
      return "another process";
    }
  }

  /**
   * Releases the lock, closes the file's one descriptor, and only then leaves the registry. The
   * file stays (deleting it would race with the next holder). Closing twice does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      releaseQuietly(lock);
      closeQuietly(channel);
    } finally {
      claim.release();
    }
  }

  private static void releaseQuietly(FileLock lock) {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel releases it too.
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing useful to do: the OS releases the lock with the descriptor.
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
