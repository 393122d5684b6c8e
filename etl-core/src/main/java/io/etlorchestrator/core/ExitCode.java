package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import java.io.UncheckedIOException;

/**
 * The exit codes of every command-line program of the project (the {@code etl} command, the
 * example's {@code daily-sales-etl}, the embedding example's {@code main}), and the ones a host's
 * own {@code main} should give: one contract that scripts and schedulers rely on. The numbers
 * never change meaning; a new outcome would get a new number.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   PipelineRun run = executor.run(plan);
 *   System.exit(ExitCode.of(run.status()).code());
 * }
 * }</pre>
 *
 * <p>A run that {@link RunStatus#COMPLETED_WITH_FAILURES completed with failures} exits with
 * {@link #RUN_FAILED}, as a failed one: a step did fail, and resuming the run reruns it. A script
 * that must tell the two apart reads the run's status (its report or checkpoint).
 */
public enum ExitCode {
  /** {@code 0}: the program did what was asked; for a run, every step succeeded. */
  SUCCESS(0, "success: what was asked was done (a run: every step succeeded)"),
  /**
   * {@code 1}: the run failed, completed with failures (a step failed with {@code
   * alert_and_continue}) or was cancelled; resuming it reruns what did not succeed.
   */
  RUN_FAILED(
      1,
      "the run failed, completed with failures (a step failed with alert_and_continue) or was"
          + " cancelled; resuming it reruns what did not succeed"),
  /**
   * {@code 2}: invalid input, for the user to correct: the command line, a definition, a file, a
   * store, a run id, a source, or a run held by another process.
   */
  INVALID_INPUT(
      2,
      "invalid input: the command line, a definition, a file, a store, a run id, a source, or a"
          + " run held by another process"),
  /** {@code 3}: an unexpected error, a bug: the message says what failed. */
  INTERNAL_ERROR(3, "internal error: a bug (the message says what failed; please report it)");

  private final int code;
  private final String description;

  ExitCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The number the process exits with. */
  public int code() {
    return code;
  }

  /** What the code means, in one line, for a program's {@code --help}. */
  public String description() {
    return description;
  }

  /**
   * The exit code of a finished run: {@link #SUCCESS} when it succeeded, {@link #RUN_FAILED} when
   * it failed, completed with failures or was cancelled.
   *
   * @throws IllegalArgumentException if {@code status} is {@link RunStatus#RUNNING}: a run that has
   *     not ended has no exit code
   */
  public static ExitCode of(RunStatus status) {
    Checks.notNull(status, "status");
    Checks.argument(status.isFinished(), "a run that is %s has not ended and has no exit code", status);
    return status == RunStatus.SUCCESS ? SUCCESS : RUN_FAILED;
  }

  /**
   * The exit code of a program that ends with {@code failure}: {@link #INVALID_INPUT} for the
   * library's own failures ({@link EtlException}: a definition that cannot be planned and so a
   * YAML file's problems, a checkpoint that cannot be used or a run held by another process, a
   * changed plan, alert rules naming unknown channels) and for an {@link UncheckedIOException} (a
   * file that cannot be read or written); {@link #INTERNAL_ERROR} for anything else.
   */
  public static ExitCode of(Throwable failure) {
    Checks.notNull(failure, "failure");
    return failure instanceof EtlException || failure instanceof UncheckedIOException
        ? INVALID_INPUT
        : INTERNAL_ERROR;
  }
}
