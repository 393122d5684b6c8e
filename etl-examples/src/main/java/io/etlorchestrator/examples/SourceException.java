package io.etlorchestrator.examples;

/** The source database could not be reached, seeded or read; the message says which and where. */
public final class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message} and its {@code cause}. */
  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
