package io.etlorchestrator.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 22: hostile definition files are refused with the file, a line and column where there is
 * one, and what would be valid; never an out-of-memory error, a hang or a parser's stack trace.
 */
class Issue22HostileYamlTest {
  private static final YamlPipelineReader READER = YamlPipelineReader.forPlanning();

  @TempDir Path dir;

  private static List<String> problems(String yaml) {
    return problems(yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> problems(byte[] yaml) {
    YamlDefinitionException e =
        catchThrowableOfType(
            YamlDefinitionException.class, () -> READER.read(new ByteArrayInputStream(yaml), "h.yaml"));
    assertThat(e).as("the definition must be refused").isNotNull();
    assertThat(e.getMessage()).doesNotContain("com.fasterxml", "org.yaml", "Exception:", "\tat ");
    return e.yamlProblems().stream().map(YamlProblem::describe).toList();
  }

  @Test
  void aStepNameWithALoneSurrogateIsRefusedAtItsLineWithThePositionOfTheCharacter() {
    assertThat(problems("pipeline: p\nsteps:\n  - name: \"load_\\ud800\"\n    type: noop\n"))
        .containsExactly(
            "h.yaml:3:11: steps[0].name: step 'load_\\ud800': name holds a lone UTF-16 surrogate"
                + " (U+D800) at character 6; names may not hold control characters or lone UTF-16"
                + " surrogates");
  }

  @Test
  void controlCharactersInStepAndDatasetNamesAreRefusedAtTheirLines() {
    assertThat(problems("pipeline: p\nsteps:\n  - name: \"a\\tb\"\n    outputs: [ok, \"x\\u001by\"]\n"))
        .containsExactly(
            "h.yaml:3:11: steps[0].name: step 'a\\u0009b': name holds a control character (U+0009) at"
                + " character 2; names may not hold control characters or lone UTF-16 surrogates",
            "h.yaml:4:19: steps[0].outputs[1]: step 'a\\u0009b': outputs entry 'x\\u001by' holds a"
                + " control character (U+001B) at character 2; names may not hold control characters"
                + " or lone UTF-16 surrogates");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "    timeout: 99999999999999h|5:14|steps[0].timeout: '99999999999999h' is longer than the longest duration accepted, 8760h (365 days)",
        "    timeout: 99999999999999999999h|5:14|steps[0].timeout: '99999999999999999999h' is longer than the longest duration accepted, 8760h (365 days)",
        "    estimated_duration: 8761h|5:25|steps[0].estimated_duration: '8761h' is longer than the longest duration accepted, 8760h (365 days)",
        "    retry: {initial_delay: 1s, max_delay: PT8761H}|5:43|steps[0].retry.max_delay: 'PT8761H' is longer than the longest duration accepted, 8760h (365 days)",
        "    retry: {max_attempts: 1000001}|5:27|steps[0].retry.max_attempts: must be a whole number from 1 to 1,000,000, was 1000001",
        "    retry: {max_attempts: 99999999999999999999999}|5:27|steps[0].retry.max_attempts: must be a whole number from 1 to 1,000,000, was 99999999999999999999999",
      })
  void durationsAndCountsBeyondTheLimitsAreRefusedAtTheValueNamingTheLargestAccepted(
      String field, String at, String message) {
    assertThat(problems("pipeline: p\nsteps:\n  - name: a\n    type: noop\n" + field + "\n"))
        .containsExactly("h.yaml:" + at + ": " + message);
  }

  @Test
  void policiesBeyondTheLimitsAreRefusedToo() {
    assertThat(
            problems(
                "pipeline: p\nsteps:\n  - name: a\nresource_limits: {db: 2000000}\nfailure_policies:\n"
                    + "  retry: {initial_delay: 400d}\n"
                    + "  attempt_timeout: 9000h\n"
                    + "  circuit_breakers: {db: {failure_threshold: 3, delay: 10000h}}\n"))
        .containsExactly(
            "h.yaml:4:23: resource_limits.db: must be a whole number from 1 to 1,000,000, was 2000000",
            "h.yaml:6:26: failure_policies.retry.initial_delay: '400d' is not a duration; accepted: a"
                + " whole number with a unit (250ms, 30s, 5m, 2h) or several in descending order"
                + " (1h30m, 2m30s), or ISO-8601 (PT2M, PT1H30M)",
            "h.yaml:7:20: failure_policies.attempt_timeout: '9000h' is longer than the longest"
                + " duration accepted, 8760h (365 days)",
            "h.yaml:8:56: failure_policies.circuit_breakers.db.delay: '10000h' is longer than the"
                + " longest duration accepted, 8760h (365 days)");
  }

  @Test
  void theLongestAcceptedValuesAreAccepted() {
    PipelineDefinition definition =
        READER.readString(
            "pipeline: p\nsteps:\n  - name: a\n    timeout: 8760h\n    estimated_duration: PT8760H\n"
                + "    retry: {max_attempts: 1000000, initial_delay: 8760h, max_delay: 8760h}\n");

    assertThat(definition.pipeline().steps().get(0).timeout()).contains(io.etlorchestrator.core.Limits.MAX_DURATION);
  }

  @Test
  void aNulByteIsRefusedAtItsLineAndColumn() {
    assertThat(problems("pipeline: p\nsteps:\n  - name: a\u0000b\n"))
        .containsExactly(
            "h.yaml:3:12: the file holds a NUL character (U+0000), which YAML does not allow in a file"
                + " (only tab, line breaks and printable characters); remove it, or write it as an"
                + " escape such as \"\\x00\" in a double-quoted string");
  }

  @Test
  void aFileInLatin1IsRefusedAtTheLineAndColumnOfTheFirstBadByte() {
    byte[] latin1 = "pipeline: p\nsteps:\n  - name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(problems(latin1))
        .singleElement()
        .asString()
        .startsWith("h.yaml:3:14: the file is not valid UTF-8 text: byte 0xE9 (byte offset 32)");
  }

  @Test
  void tenThousandLevelsOfNestingAreRefusedWhereTheyGoTooDeep() {
    String yaml = "pipeline: p\nsteps:\n  - name: a\n    params: {x: " + "[".repeat(10_000) + "]".repeat(10_000) + "}\n";

    assertThat(problems(yaml))
        .containsExactly(
            "h.yaml:4:1013: the document exceeds a parser limit: Document nesting depth (1001) exceeds"
                + " the maximum allowed (1000)");
  }

  @Test
  void aDuplicateStepNameOfTwoMegabytesIsEchoedAsItsFirst200Characters() {
    String name = "n".repeat(2_000_000);
    List<String> problems =
        problems("pipeline: p\nsteps:\n  - name: " + name + "\n  - name: " + name + "\n  - ? " + name + "\n    : 1\n");

    assertThat(problems).hasSize(3);
    String shown = "n".repeat(200) + "… (2,000,000 characters)";
    assertThat(problems.get(0))
        .isEqualTo("h.yaml:4:11: steps[1].name: step '" + shown + "': name is already used by step #1;"
            + " step names must be unique (this is step #2)");
    assertThat(problems.get(1)).isEqualTo("h.yaml:5:5: steps[2].name: missing required field 'name'; every step needs a unique name");
    assertThat(problems.get(2)).startsWith("h.yaml:5:7: steps[2]." + shown + ": unknown field '" + shown + "'");
    assertThat(String.join("\n", problems)).hasSizeLessThan(2_000);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void twentyThousandUnknownDependsOnNamesValidateInLinearTime() {
    StringBuilder yaml = new StringBuilder("pipeline: p\nsteps:\n");
    for (int i = 0; i < 20_000; i++) {
      yaml.append("  - name: step_").append(i).append("\n    depends_on: [stp_").append(i).append("]\n");
    }
    yaml.append("failure_policies:\n  on_failure:\n");
    for (int i = 0; i < 20_000; i++) {
      yaml.append("    stp_").append(i).append(": {fallback: skip_downstream}\n");
    }

    List<String> problems = problems(yaml.toString());

    assertThat(problems).hasSize(40_000);
    assertThat(problems.get(0)).endsWith("names unknown step 'stp_0' (did you mean 'step_0'?)");
    assertThat(problems.stream().filter(p -> p.contains("did you mean")).count())
        .as("suggestions are capped, not searched for 40,000 names")
        .isBetween(2L, 200L);
  }

  @Test
  void aPathThatIsNotARegularFileIsRefusedBeforeItIsOpened() throws Exception {
    Path directory = Files.createDirectory(dir.resolve("definitions.yaml"));

    UncheckedIOException e = catchThrowableOfType(UncheckedIOException.class, () -> READER.read(directory));

    assertThat(e).hasMessage("cannot read pipeline definition " + directory + ": it is a directory, not a regular file");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aFifoWithoutAWriterIsRefusedWithoutWaitingForOne() throws Exception {
    Path fifo = dir.resolve("pipe.yaml");
    assumeThat(mkfifo(fifo)).as("mkfifo is available").isTrue();

    UncheckedIOException e = catchThrowableOfType(UncheckedIOException.class, () -> READER.read(fifo));

    assertThat(e).hasMessage("cannot read pipeline definition " + fifo + ": it is a FIFO (named pipe), not a regular file");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void anEndlessDeviceIsRefusedWithoutReadingIt() {
    Path zero = Path.of("/dev/zero");
    assumeThat(Files.exists(zero)).as("/dev/zero exists").isTrue();

    UncheckedIOException e = catchThrowableOfType(UncheckedIOException.class, () -> READER.read(zero));

    assertThat(e).hasMessage("cannot read pipeline definition /dev/zero: it is a character device, not a regular file");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aSparseThreeGigabyteFileIsRefusedBeforeItIsRead() throws IOException {
    Path big = dir.resolve("big.yaml");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(3L << 30);
    }

    YamlDefinitionException e = catchThrowableOfType(YamlDefinitionException.class, () -> READER.read(big));

    assertThat(e.yamlProblems())
        .extracting(YamlProblem::describe)
        .containsExactly(
            big + ": the definition is over the size limit of 67,108,864 bytes (it has 3,221,225,472);"
                + " raise the limit with YamlPipelineReader.builder().maxDocumentSize(bytes)");
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
