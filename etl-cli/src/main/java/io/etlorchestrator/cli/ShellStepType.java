package io.etlorchestrator.cli;

import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.StepContext;
import io.etlorchestrator.yaml.StepDefinition;
import io.etlorchestrator.yaml.StepFactory;
import io.etlorchestrator.yaml.StepParameterException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in step type {@code shell}: runs {@code params.command} with {@code sh -c}.
 *
 * <pre>{@code
 * - name: extract_orders
 *   type: shell
 *   timeout: 10m
 *   params:
 *     command: ./extract.sh orders > staging/orders.csv
 *     workdir: /srv/etl            # optional; default: etl --workdir, else the current directory
 *     env: {PGHOST: db.internal}   # optional; added to the environment
 * }</pre>
 *
 * <p>A non-zero exit status fails the attempt (retried by the step's policy). The command's output
 * (standard output and error, merged) goes to the log, one line at a time, under the logger {@code
 * io.etlorchestrator.cli.shell} (shown on standard error). A line {@code etl:rows=N} reports N rows
 * for the step. The command sees the run's parameters as {@code ETL_PARAM_<name>} and {@code
 * ETL_RUN_ID}, {@code ETL_STEP}, {@code ETL_ATTEMPT}. Its standard input is empty (closed at
 * start): a command that reads it sees end of input at once; to feed it, use a here-document in
 * {@code params.command}. When the attempt is interrupted (the step's timeout, a cancelled or
 * failed run) the command and its child processes are killed.
 */
final class ShellStepType implements StepFactory {
  /** The type name used in definitions. */
  static final String NAME = "shell";

  private static final Logger log = LoggerFactory.getLogger("io.etlorchestrator.cli.shell");
  private static final Pattern ROWS = Pattern.compile("^etl:rows=(\\d{1,18})\\s*$");

  /** The directory commands run in when their step gives no {@code workdir}; null: the process's. */
  private final File baseDirectory;

  /** Commands run in the process's current directory unless their step says otherwise. */
  ShellStepType() {
    this(null);
  }

  /**
   * Commands run in {@code baseDirectory} unless their step's {@code workdir} says otherwise (a
   * relative {@code workdir} is resolved against it); null for the process's current directory.
   */
  ShellStepType(java.nio.file.Path baseDirectory) {
    this.baseDirectory = baseDirectory == null ? null : baseDirectory.toFile();
  }

  @Override
  public StepAction create(StepDefinition step) {
    step.rejectUnknownParams("command", "workdir", "env");
    String command = step.stringParam("command");
    if (command.isBlank()) {
      throw new StepParameterException(
          step, "command", "params.command must not be blank; give the command for sh -c to run");
    }
    File workdir = step.optionalStringParam("workdir")
        .map(dir -> baseDirectory == null || new File(dir).isAbsolute() ? new File(dir) : new File(baseDirectory, dir))
        .orElse(baseDirectory);
    Map<String, String> env = new LinkedHashMap<>();
    Object envParam = step.param("env").orElse(Map.of());
    if (!(envParam instanceof Map)) {
      throw new StepParameterException(
          step, "env", String.format("params.env must be a mapping of variable names to values, was %s", envParam));
    }
    ((Map<?, ?>) envParam).forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : envValue(step, k, v)));
    return ctx -> run(ctx, command, workdir, env);
  }

  private static String envValue(StepDefinition step, Object name, Object value) {
    if (value instanceof List || value instanceof Map) {
      throw new StepParameterException(
          step, "env", String.format("params.env.%s must be a single value, was %s", name, value));
    }
    return value.toString();
  }

  private static void run(StepContext ctx, String command, File workdir, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
    if (workdir != null) {
      builder.directory(workdir);
    }
    Map<String, String> environment = builder.environment();
    ctx.params().forEach((k, v) -> environment.put("ETL_PARAM_" + k, v));
    environment.put("ETL_RUN_ID", ctx.runId());
    environment.put("ETL_STEP", ctx.step().name());
    environment.put("ETL_ATTEMPT", Integer.toString(ctx.attempt()));
    environment.putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException(
          String.format("cannot start 'sh -c %s'%s: %s", command,
              workdir == null ? "" : " in " + workdir, e.getMessage()), e);
    }
    try {
      // The command's standard input is empty: a command that reads it (cat, a client waiting for
      // a script) sees end of input at once instead of waiting on a pipe nobody writes to, until the
      // step's timeout. Closing our end of the pipe is the portable way: ProcessBuilder has no
      // Redirect that reads the null device, and inheriting ours would let a step read the CLI's
      // own standard input. Input for a command belongs in the command (a here-document).
      process.getOutputStream().close();
    } catch (IOException e) {
      kill(process);
      throw new IOException(
          String.format("cannot close the standard input of 'sh -c %s': %s", command, e.getMessage()), e);
    }
    AtomicLong rows = new AtomicLong(-1);
    AtomicReference<String> lastLine = new AtomicReference<>("");
    Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap();
    Thread reader =
        new Thread(
            () -> {
              if (mdc != null) {
                org.slf4j.MDC.setContextMap(mdc);
              }
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  Matcher matcher = ROWS.matcher(line);
                  if (matcher.matches()) {
                    rows.set(Long.parseLong(matcher.group(1)));
                  } else {
                    log.info("{}", line);
                    if (!line.isBlank()) {
                      lastLine.set(line.strip());
                    }
                  }
                }
              } catch (IOException e) {
                // The process was killed or closed its output: nothing more to log.
              }
            },
            "etl-shell-" + ctx.step().name());
    reader.setDaemon(true);
    reader.start();
    int status;
    try {
      status = process.waitFor();
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    if (status != 0) {
      String last = lastLine.get();
      throw new IOException(
          String.format(
              Locale.ROOT,
              "command exited with status %d%s",
              status,
              last.isEmpty() ? "" : ": " + (last.length() > 200 ? last.substring(0, 200) + "…" : last)));
    }
    if (rows.get() >= 0) {
      ctx.reportRows(rows.get());
    }
  }

  /** Kills the command and every process it started. */
  private static void kill(Process process) {
    // The shell first, so that it cannot run its next command ('extract; load') once the one it
    // waits for is killed; then what it had started, and whatever those started meanwhile (each
    // process's children are listed before it is killed, while they are still its own).
    List<ProcessHandle> tree = process.descendants().collect(Collectors.toList());
    process.destroyForcibly();
    for (int round = 0; round < 3 && !tree.isEmpty(); round++) {
      List<ProcessHandle> next = new ArrayList<>();
      for (ProcessHandle child : tree) {
        child.descendants().forEach(next::add);
        child.destroyForcibly();
      }
      tree = next;
    }
  }
}
