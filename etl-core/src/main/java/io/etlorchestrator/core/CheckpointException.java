package io.etlorchestrator.core;

import java.util.Optional;

/**
 * A checkpoint could not be written, read or used: a missing run, an unreadable or corrupt file,
 * a checkpoint of a newer format version, or a run held by another process. The message names the
 * run or file and what was wrong. A checkpoint is never deleted or rewritten because it could not
 * be read.
 */
public class CheckpointException extends EtlException {
  private static final long serialVersionUID = 1L;

  private final String source;

  /** A problem with the checkpoint at {@code source} (a file or a run id), described by {@code message}. */
  public CheckpointException(String source, String message) {
    super(message);
    this.source = source;
  }

  /** A problem with the checkpoint at {@code source}, caused by {@code cause}. */
  public CheckpointException(String source, String message, Throwable cause) {
    super(message, cause);
    this.source = source;
  }

  /** The file or run the problem is about, when known. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }
}
