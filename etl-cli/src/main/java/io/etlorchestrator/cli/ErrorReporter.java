package io.etlorchestrator.cli;

import io.etlorchestrator.core.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns what went wrong into a message and an exit code: a user's mistake (bad option, file,
 * definition, run id, store) is one clear message and {@link ExitCode#INVALID_INPUT}; anything
 * else is a bug, reported as such with {@link ExitCode#INTERNAL_ERROR}. Which is which is the
 * project's one classification, {@link ExitCode#of(Throwable)}, plus the command line's own {@link
 * CliException} and picocli's {@link ParameterException}. Stack traces only with {@code --verbose}.
 */
final class ErrorReporter
    implements IExecutionExceptionHandler, IParameterExceptionHandler, IExitCodeExceptionMapper {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    if (ex instanceof MissingParameterException && !cmd.getUnmatchedArguments().isEmpty()) {
      // picocli checks required parameters before unknown options, so 'etl run --hepl' would
      // say FILE is missing instead of naming the typo (and suggesting --help).
      ex = new UnmatchedArgumentException(cmd, cmd.getUnmatchedArguments());
    }
    PrintWriter err = cmd.getErr();
    err.println("etl: " + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.printf("Run '%s --help' for usage.%n", cmd.getCommandSpec().qualifiedName());
    err.flush();
    return ExitCode.INVALID_INPUT.code();
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    boolean verbose = isVerbose(parseResult);
    int code = getExitCode(ex);
    if (code == ExitCode.INTERNAL_ERROR.code()) {
      err.printf(
          "etl: internal error: %s%s%n",
          describe(ex),
          verbose ? "" : " (run again with --verbose for the stack trace, and please report it)");
    } else {
      err.println("etl: " + message(ex));
    }
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  @Override
  public int getExitCode(Throwable ex) {
    if (ex instanceof CliException) {
      return ((CliException) ex).exitCode().code();
    }
    if (ex instanceof ParameterException) {
      return ExitCode.INVALID_INPUT.code();
    }
    return ExitCode.of(ex).code();
  }

  private static String message(Throwable ex) {
    return ex.getMessage() == null ? describe(ex) : ex.getMessage();
  }

  private static String describe(Throwable ex) {
    return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
  }

  private static boolean isVerbose(ParseResult parseResult) {
    for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
      if (result.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
