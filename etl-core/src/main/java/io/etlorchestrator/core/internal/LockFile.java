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
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive OS lock on a file ({@link FileChannel#tryLock()}), with the holder's pid, host and
 * start time written into it for error messages. The OS drops the lock when its holder dies
 * (SIGKILL, power cut), so a dead holder never needs a human: the next {@link #acquire} takes over.
 * Internal: not part of the public API.
 */
public final class LockFile implements AutoCloseable {
  private static final String HOST = hostName();

  private final FileChannel channel;
  private final FileLock lock;

  private LockFile(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on {@code file} for {@code what} (a run, for messages).
   *
   * @throws CheckpointException naming the current holder if another process or journal has it
   */
  public static LockFile acquire(Path file, String what) {
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new CheckpointException(
          file.toString(), String.format("cannot open lock file %s: %s", file, e), e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another channel of this JVM
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CheckpointException(
          file.toString(), String.format("cannot lock %s: %s", file, e), e);
    }
    if (lock == null) {
      String holder = describeHolder(file);
      closeQuietly(channel);
      throw new CheckpointException(
          file.toString(),
          String.format(
              "%s is already being driven by %s (lock file %s); wait for it to finish or stop"
                  + " that process (a holder that died releases the lock by itself)",
              what, holder, file));
    }
    try {
      String info =
          String.format(
              "{\"pid\": %d, \"host\": \"%s\", \"since\": \"%s\"}%n",
              ProcessHandle.current().pid(), HOST.replace("\"", ""), Instant.now());
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(info.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CheckpointException(
          file.toString(), String.format("cannot write lock file %s: %s", file, e), e);
    }
    return new LockFile(channel, lock);
  }

  private static String describeHolder(Path file) {
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8).trim();
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

  /** Releases the lock; the file stays (deleting it would race with the next holder). */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it too.
    }
    closeQuietly(channel);
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
