package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 22: a corpus of hostile and broken inputs, made by the test (big, binary, deep and special
 * files are not committed). Every case ends within a bounded time with exit code 2 and one clear
 * message naming the file (or option) and, where there is one, the line and column, with no stack
 * trace; and the store that held a run before is still readable afterwards.
 */
class Issue22HostileCorpusTest {
  @TempDir static Path dir;
  static Path store;

  /**
   * One hostile input: {@code setup} makes its files in the corpus directory and returns the
   * command line; the output must name {@code named}, at {@code named:at:} when {@code at} is set,
   * and say {@code says}.
   */
  record Case(String name, Setup setup, String named, String at, String says) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  interface Setup {
    List<String> make(Path corpus) throws Exception;
  }

  @BeforeAll
  static void aStoreWithARunBefore() {
    store = dir.resolve("store");
    Path ok = Seed.write(dir.resolve("ok.yaml"), "pipeline: ok\nsteps:\n  - name: a\n    type: noop\n    output: x\n  - name: b\n    type: noop\n    inputs: [x]\n");
    Cli.Result run = Cli.run("run", ok.toString(), "--store", store.toString(), "--run-id", "before");
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  private static Path write(Path corpus, String name, String text) throws IOException {
    return Files.writeString(corpus.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static Path write(Path corpus, String name, byte[] bytes) throws IOException {
    return Files.write(corpus.resolve(name), bytes);
  }

  private static List<String> validate(Path file) {
    return List.of("validate", file.toString());
  }

  private static List<String> run(Path file, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", file.toString(), "--store", store.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  private static final String STEP = "pipeline: p\nsteps:\n  - name: a\n    type: noop\n";

  static Stream<Case> corpus() {
    return Stream.of(
        new Case("a file over the size limit", c -> {
          Path big = write(c, "big.yaml", STEP + "#" + "x".repeat(4096) + "\n");
          return List.of("validate", "--max-definition-size", "1KiB", big.toString());
        }, "big.yaml", null, "over the limit of 1,024 bytes (1 KiB) for a pipeline definition; raise the limit with --max-definition-size"),
        new Case("a sparse 3 GB file", c -> {
          Path sparse = c.resolve("sparse.yaml");
          try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(3L << 30);
          }
          return validate(sparse);
        }, "sparse.yaml", null, "the file has 3,221,225,472 bytes, over the limit of 67,108,864 bytes (64 MiB)"),
        new Case("/dev/zero", c -> {
          assumeThat(Files.exists(Path.of("/dev/zero"))).isTrue();
          return validate(Path.of("/dev/zero"));
        }, "/dev/zero", null, "is a character device, not a regular file"),
        new Case("a FIFO without a writer", c -> {
          Path fifo = c.resolve("fifo.yaml");
          assumeThat(mkfifo(fifo)).as("mkfifo is available").isTrue();
          return run(fifo);
        }, "fifo.yaml", null, "is a FIFO (named pipe), not a regular file"),
        new Case("a directory", c -> validate(Files.createDirectory(c.resolve("folder.yaml"))),
            "folder.yaml", null, "is a directory, not a pipeline definition file"),
        new Case("a missing file", c -> validate(c.resolve("missing.yaml")), "missing.yaml", null, "no such file"),
        new Case("an empty file", c -> validate(write(c, "empty.yaml", "")), "empty.yaml", null, "the file holds no definition"),
        new Case("random binary bytes", c -> {
          byte[] bytes = new byte[64 * 1024];
          new Random(22).nextBytes(bytes);
          bytes[0] = (byte) 0xFF;
          return validate(write(c, "binary.yaml", bytes));
        }, "binary.yaml", "1:1", "the file is not valid UTF-8 text: byte 0xFF (byte offset 0)"),
        new Case("UTF-16 with a byte-order mark", c -> validate(write(c, "utf16.yaml", STEP.getBytes(StandardCharsets.UTF_16))),
            "utf16.yaml", "1:1", "the file is not valid UTF-8 text: byte 0xFE (byte offset 0)"),
        new Case("UTF-16 without one", c -> validate(write(c, "utf16le.yaml", STEP.getBytes(StandardCharsets.UTF_16LE))),
            "utf16le.yaml", "1:2", "the file holds a NUL character (U+0000)"),
        new Case("a file in Latin-1", c -> validate(write(c, "latin1.yaml", (STEP + "    output: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1))),
            "latin1.yaml", "5:16", "the file is not valid UTF-8 text: byte 0xE9 (byte offset 61)"),
        new Case("a NUL byte", c -> validate(write(c, "nul.yaml", STEP + "    output: x\u0000y\n")), "nul.yaml", "5:14",
            "the file holds a NUL character (U+0000), which YAML does not allow in a file"),
        new Case("10,000 levels of nesting", c -> validate(write(c, "deep.yaml", STEP + "    params: {x: " + "[".repeat(10_000) + "]".repeat(10_000) + "}\n")),
            "deep.yaml", "5:1013", "Document nesting depth (1001) exceeds the maximum allowed (1000)"),
        new Case("an alias bomb", c -> {
          StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
          for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            yaml.append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
          }
          return validate(write(c, "bomb.yaml", STEP.replace("pipeline: p\n", "pipeline: p\nx:\n" + yaml.toString().indent(2))));
        }, "bomb.yaml", null, "refusing what looks like an alias bomb"),
        new Case("a step name with a lone surrogate", c -> run(write(c, "surrogate.yaml", "pipeline: p\nsteps:\n  - name: \"load_\\ud800\"\n    type: noop\n")),
            "surrogate.yaml", "3:11", "name holds a lone UTF-16 surrogate (U+D800) at character 6"),
        new Case("control characters in names", c -> validate(write(c, "control.yaml", "pipeline: p\nsteps:\n  - name: \"a\\u0007b\"\n    output: \"x\\ty\"\n")),
            "control.yaml", "3:11", "step 'a\\u0007b': name holds a control character (U+0007) at character 2"),
        new Case("a timeout of 99999999999999h", c -> run(write(c, "timeout.yaml", STEP + "    timeout: 99999999999999h\n")),
            "timeout.yaml", "5:14", "'99999999999999h' is longer than the longest duration accepted, 8760h (365 days)"),
        new Case("retry delays beyond a year", c -> List.of("plan", write(c, "retry.yaml", STEP + "failure_policies:\n  retry: {initial_delay: 1s, max_delay: 99999999999999999999h}\n").toString()),
            "retry.yaml", "6:41", "'99999999999999999999h' is longer than the longest duration accepted"),
        new Case("a million and one attempts", c -> run(write(c, "attempts.yaml", STEP + "    retry: {max_attempts: 1000001}\n")),
            "attempts.yaml", "5:27", "must be a whole number from 1 to 1,000,000, was 1000001"),
        new Case("20,000 unknown depends_on names", c -> {
          StringBuilder yaml = new StringBuilder("pipeline: p\nsteps:\n");
          for (int i = 0; i < 20_000; i++) {
            yaml.append("  - name: step_").append(i).append("\n    depends_on: [stp_").append(i).append("]\n");
          }
          return validate(write(c, "unknown.yaml", yaml.toString()));
        }, "unknown.yaml", "4:18", "depends_on names unknown step 'stp_0' (did you mean 'step_0'?)"),
        new Case("a duplicate step name of 2 MB", c -> {
          String name = "n".repeat(2_000_000);
          return run(write(c, "duplicate.yaml", "pipeline: p\nsteps:\n  - name: " + name + "\n  - name: " + name + "\n"));
        }, "duplicate.yaml", "4:11", "n".repeat(200) + "… (2,000,000 characters)': name is already used by step #1"),
        new Case("--max-definition-size 0", c -> List.of("validate", "--max-definition-size", "0", "x.yaml"),
            "--max-definition-size", null, "'0' is not a size from 1 byte to 2,147,483,631 bytes"),
        new Case("--parallelism 0", c -> run(write(c, "p0.yaml", STEP), "--parallelism", "0"), "--parallelism", null, "must be at least 1, was 0"),
        new Case("--time-scale NaN", c -> run(write(c, "nan.yaml", STEP), "--simulate", "--time-scale", "NaN"), "--time-scale", null, "was NaN"),
        new Case("--run-id with an escape sequence", c -> run(write(c, "id.yaml", STEP), "--run-id", "a\u001b[2Jb"), "--run-id", null, "run id 'a\\u001b[2Jb' must be"),
        new Case("--param with a control character", c -> run(write(c, "param.yaml", STEP), "--param", "da\u0007y=1"), "--param", null,
            "parameter name 'da\\u0007y' holds a control character (U+0007) at character 3"),
        new Case("a report of a damaged journal", c -> {
          Path damaged = Files.createDirectories(store.resolve("damaged"));
          byte[] noise = new byte[4096];
          new Random(7).nextBytes(noise);
          Files.write(damaged.resolve("journal.log"), noise);
          return List.of("report", "damaged", "--store", store.toString());
        }, "damaged/journal.log", null, "is damaged: line 1 (byte offset 0)"),
        new Case("a resume of a 3 GB journal", c -> {
          Path huge = Files.createDirectories(store.resolve("huge"));
          try (RandomAccessFile file = new RandomAccessFile(huge.resolve("journal.log").toFile(), "rw")) {
            file.setLength(3L << 30);
          }
          return List.of("resume", "huge", "--store", store.toString());
        }, "huge/journal.log", null, "is damaged: it has 3,221,225,472 bytes"),
        new Case("a kept definition that is a FIFO", c -> {
          Path kept = store.resolve(".definitions").resolve("before.yaml");
          Path copy = c.resolve("before.yaml.bak");
          Files.move(kept, copy);
          assumeThat(mkfifo(kept)).as("mkfifo is available").isTrue();
          return List.of("resume", "before", "--store", store.toString());
        }, "before.yaml", null, "is a FIFO (named pipe), not a regular file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void isRefusedWithExitTwoAndOneClearMessageLeavingTheStoreReadable(Case hostile) throws Exception {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    try {
      refusedLeavingTheStoreReadable(hostile, hostile.setup().make(corpus));
    } finally {
      restoreKeptDefinition(corpus);
    }
  }

  private static void refusedLeavingTheStoreReadable(Case hostile, List<String> args) {
    Cli.Result result = Cli.run(args.toArray(new String[0]));

    String output = result.out() + result.err();
    assertThat(result.exitCode()).as("%s: exit code of%n%s", hostile, excerpt(result)).isEqualTo(2);
    assertThat(output).as("%s names the file or option", hostile).contains(hostile.named());
    if (hostile.at() != null) {
      assertThat(output).as("%s gives the line and column", hostile).contains(hostile.named() + ":" + hostile.at() + ": ");
    }
    assertThat(output).as("%s says what is wrong", hostile).contains(hostile.says());
    assertThat(output)
        .as("%s: no stack trace, no internal error", hostile)
        .doesNotContain("\tat ", "Exception in thread", "OutOfMemoryError", "internal error", "Caused by");
    assertThat(output.length()).as("%s: the output is bounded", hostile).isLessThan(4_000_000);

    Cli.Result report = Cli.run("report", "before", "--store", store.toString());
    Cli.Result runs = Cli.run("runs", "--store", store.toString());
    assertThat(report.exitCode()).as("the run made before is still readable: %s", report).isZero();
    assertThat(report.out()).contains("**Run ID:** before");
    assertThat(runs.exitCode()).as("%s", runs).isZero();
    assertThat(runs.outLines()).anySatisfy(line -> assertThat(line).startsWith("before "));
  }

  /** Puts back the kept definition a case replaced by a FIFO. */
  private static void restoreKeptDefinition(Path corpus) throws IOException {
    Path copy = corpus.resolve("before.yaml.bak");
    if (Files.exists(copy)) {
      Path kept = store.resolve(".definitions").resolve("before.yaml");
      Files.deleteIfExists(kept);
      Files.move(copy, kept);
    }
  }

  private static String excerpt(Cli.Result result) {
    String text = result.toString();
    return text.length() <= 4_000 ? text : text.substring(0, 4_000) + "...";
  }

  static boolean mkfifo(Path path) {
    try {
      Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 && Files.exists(path);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
