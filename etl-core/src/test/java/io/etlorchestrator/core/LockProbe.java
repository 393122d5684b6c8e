package io.etlorchestrator.core;

import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A separate process that tries to resume a run of a file store, for the tests that check a run's
 * lock from outside the JVM that holds it ({@link FileStoreLockTest}): it calls {@code
 * CheckpointStore.file(storeDir).open(runId)}, prints what happened and exits with {@link #ACQUIRED}
 * or {@link #REFUSED}. With a third argument {@code hold} it keeps the run's journal open after
 * printing {@code acquired}, until its standard input ends.
 *
 * <p>Arguments: {@code storeDir runId [hold]}.
 */
public final class LockProbe {
  /** Exit code when the child took the run's lock (and released it again). */
  static final int ACQUIRED = 0;
  /** Exit code when the child was refused with a {@link CheckpointException}. */
  static final int REFUSED = 3;

  private LockProbe() {}

  public static void main(String[] args) throws IOException {
    try (RunJournal journal = CheckpointStore.file(Path.of(args[0])).open(args[1])) {
      System.out.println("acquired " + journal.runId());
      System.out.flush();
      if (args.length > 2 && args[2].equals("hold")) {
        System.in.readAllBytes();
      }
    } catch (CheckpointException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(REFUSED);
    }
    System.exit(ACQUIRED);
  }

  /** What one probe process printed and how it exited. */
  record Result(int exitCode, String output) {}

  /**
   * Runs a probe against {@code storeDir}'s run {@code runId} in a new JVM and waits for it; its
   * output goes to {@code output} (a file, so that a child that hangs cannot block the test on a pipe).
   */
  static Result run(Path storeDir, String runId, Path output) throws IOException, InterruptedException {
    ProcessBuilder builder = builder(storeDir.toString(), runId);
    builder.redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    Process child = builder.start();
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor();
      throw new AssertionError("the lock probe did not finish within 60 s");
    }
    return new Result(child.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  /**
   * Starts a probe that holds {@code storeDir}'s run {@code runId} until its standard input is
   * closed; it prints {@code acquired <runId>} on its standard output once it holds the run, or
   * {@code refused: ...} and exits. Its standard error goes to {@code errors}.
   */
  static Process startHolding(Path storeDir, String runId, Path errors) throws IOException {
    ProcessBuilder builder = builder(storeDir.toString(), runId, "hold");
    builder.redirectError(errors.toFile());
    return builder.start();
  }

  private static ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            LockProbe.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
