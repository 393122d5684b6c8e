package io.etlorchestrator.cli;

/**
 * The exit codes of the {@code etl} command: a contract that scripts and schedulers rely on.
 *
 * <ul>
 *   <li>{@value #SUCCESS}: the command did what was asked (also when it printed help or the version);
 *       for {@code run} and {@code resume} the run succeeded; for {@code validate} every file is
 *       valid.
 *   <li>{@value #RUN_FAILED}: the run failed, finished with failures ({@code
 *       completed_with_failures}, a step failed with {@code alert_and_continue}) or was cancelled.
 *   <li>{@value #INVALID_INPUT}: invalid input: an unknown option, a missing or invalid definition
 *       file, an unknown run id, an unregistered step type, a run held by another process, a changed
 *       pipeline on resume without {@code --force}.
 *   <li>{@value #INTERNAL_ERROR}: a bug in the orchestrator; {@code --verbose} shows its stack trace.
 * </ul>
 */
public final class ExitCodes {
  /** The command succeeded. */
  public static final int SUCCESS = 0;
  /** The run failed, finished with failures, or was cancelled. */
  public static final int RUN_FAILED = 1;
  /** The command line, a definition, the store or a run id is invalid. */
  public static final int INVALID_INPUT = 2;
  /** An unexpected error: a bug. */
  public static final int INTERNAL_ERROR = 3;

  private ExitCodes() {}
}
