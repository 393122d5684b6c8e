package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.alert.AlertConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
  @Test
  void theNumbersAreTheContractScriptsRelyOn() {
    assertThat(Arrays.stream(ExitCode.values()).map(c -> c.name() + "=" + c.code()))
        .as("0 success, 1 run failed, 2 invalid input, 3 internal error: never renumbered")
        .containsExactly("SUCCESS=0", "RUN_FAILED=1", "INVALID_INPUT=2", "INTERNAL_ERROR=3");
    assertThat(ExitCode.values()).allSatisfy(c -> assertThat(c.description()).isNotBlank());
  }

  @Test
  void readmesOneTableListsEveryCodeOnce() throws IOException {
    List<String> rows =
        Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8).stream()
            .dropWhile(l -> !l.equals("### Exit codes"))
            .takeWhile(l -> !l.startsWith("## "))
            .filter(l -> l.matches("\\| `\\d+` \\| .*"))
            .toList();

    assertThat(rows).extracting(l -> l.substring(3, l.indexOf('`', 3)))
        .as("README's exit code table, in order")
        .containsExactlyElementsOf(Arrays.stream(ExitCode.values()).map(c -> Integer.toString(c.code())).toList());
  }

  @Test
  void onlyASuccessfulRunExitsZeroAndARunThatCompletedWithFailuresExitsOneAsAFailedOne() {
    assertThat(ExitCode.of(RunStatus.SUCCESS)).isEqualTo(ExitCode.SUCCESS);
    assertThat(ExitCode.of(RunStatus.COMPLETED_WITH_FAILURES)).isEqualTo(ExitCode.RUN_FAILED);
    assertThat(ExitCode.of(RunStatus.FAILED)).isEqualTo(ExitCode.RUN_FAILED);
    assertThat(ExitCode.of(RunStatus.CANCELLED)).isEqualTo(ExitCode.RUN_FAILED);
  }

  @Test
  void aRunThatHasNotEndedHasNoExitCode() {
    assertThatThrownBy(() -> ExitCode.of(RunStatus.RUNNING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a run that is RUNNING has not ended and has no exit code");
  }

  @Test
  void theLibrarysExceptionsAboutWhatAUserGaveAreInvalidInputAndAnythingElseIsABug() {
    assertThat(ExitCode.of(new PipelineDefinitionException("p", List.of()))).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(ExitCode.of(new CheckpointException("r1", "held by pid 1"))).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(ExitCode.of(new AlertConfigurationException("no channel 'slack'", List.of("slack"), List.of())))
        .isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(ExitCode.of(new UncheckedIOException(new IOException("no such file")))).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(ExitCode.of(new NullPointerException())).isEqualTo(ExitCode.INTERNAL_ERROR);
    assertThat(ExitCode.of(new IllegalStateException("bug"))).isEqualTo(ExitCode.INTERNAL_ERROR);
  }
}
