package io.etlorchestrator.cli;

import io.etlorchestrator.core.ExitCode;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The entry point of the {@code etl} command line ({@code java -jar etl-cli/target/etl.jar}).
 *
 * <pre>
 * etl validate FILE...                       check definitions, every problem as file:line:column
 * etl plan FILE [--format yaml|text|markdown|mermaid|dot]
 * etl run FILE [--store DIR] [--simulate] ...  run; first line of stdout is "run_id: ID"
 * etl resume RUN_ID [FILE] [--store DIR] [--force]
 * etl runs [--store DIR] [--pipeline NAME]
 * etl report RUN_ID [--store DIR] [--format markdown|html|json]
 * etl help [COMMAND]                         usage of a command, as COMMAND --help (or -h)
 * </pre>
 *
 * <p>Exit codes are the project's {@link ExitCode}s, listed by {@code etl --help}. Standard output and standard error are written
 * in UTF-8 whatever the platform's default, since reports use emoji and box-drawing characters.
 *
 * <p>Step types other than the built-in {@code shell} and {@code noop} come from {@link
 * io.etlorchestrator.yaml.StepTypeProvider}s on the class path ({@code java -cp
 * etl.jar:my-steps.jar io.etlorchestrator.cli.Main run ...}) or in a {@code --plugins} directory.
 */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    PrintStream out = utf8(FileDescriptor.out);
    PrintStream err = utf8(FileDescriptor.err);
    int code = execute(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command line in this process, writing to {@code out} and {@code err}, with relative
   * paths (the default store {@code .etl}) resolved against the current directory.
   *
   * @return the exit code (see {@link ExitCode})
   */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    return commandLine(out, err).execute(args);
  }

  /**
   * The picocli command line of {@code etl}, writing to {@code out} and {@code err}; for embedding
   * the commands in another program or driving them from tests.
   */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    EtlCommand root = new EtlCommand(out, err, Path.of(""));
    CommandLine commandLine = new CommandLine(root);
    commandLine.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    commandLine.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    ErrorReporter errors = new ErrorReporter();
    commandLine.setExecutionExceptionHandler(errors);
    commandLine.setParameterExceptionHandler(errors);
    commandLine.setExitCodeExceptionMapper(errors);
    commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodeList());
    return commandLine;
  }

  /** The project's exit codes as {@code --help} lists them: code, then what it means. */
  private static Map<String, String> exitCodeList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode code : ExitCode.values()) {
      list.put(Integer.toString(code.code()), code.description());
    }
    return list;
  }

  private static PrintStream utf8(FileDescriptor descriptor) {
    return new PrintStream(
        new BufferedOutputStream(new FileOutputStream(descriptor), 1 << 14), true, StandardCharsets.UTF_8);
  }
}
