package io.etlorchestrator.cli;

/**
 * A user's mistake found by the command line (a missing file, an unknown run id, an option that
 * needs another): printed as its message alone, without a stack trace, and ends the command with
 * {@link #exitCode()}.
 */
public class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /** A problem ending the command with {@link ExitCodes#INVALID_INPUT}. */
  public CliException(String message) {
    this(ExitCodes.INVALID_INPUT, message);
  }

  /** A problem ending the command with {@code exitCode}. */
  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** A problem ending the command with {@link ExitCodes#INVALID_INPUT}, caused by {@code cause}. */
  public CliException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = ExitCodes.INVALID_INPUT;
  }

  /** The exit code of the command. */
  public int exitCode() {
    return exitCode;
  }
}
