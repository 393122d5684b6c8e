package io.etlorchestrator.cli;

import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.internal.Checks;
/**
 * A user's mistake found by the command line (a missing file, an unknown run id, an option that
 * needs another): printed as its message alone, without a stack trace, and ends the command with
 * {@link #exitCode()}.
 */
public class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  /** A problem ending the command with {@link ExitCode#INVALID_INPUT}. */
  public CliException(String message) {
    this(ExitCode.INVALID_INPUT, message);
  }

  /** A problem ending the command with {@code exitCode}. */
  public CliException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = Checks.notNull(exitCode, "exitCode");
  }

  /** A problem ending the command with {@link ExitCode#INVALID_INPUT}, caused by {@code cause}. */
  public CliException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = ExitCode.INVALID_INPUT;
  }

  /** The exit code of the command. */
  public ExitCode exitCode() {
    return exitCode;
  }
}
