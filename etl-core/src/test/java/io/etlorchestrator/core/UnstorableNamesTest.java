package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile names (issue 22): a lone UTF-16 surrogate or a control character in a pipeline, step or
 * dataset name is a definition problem naming the character and its index; free text a host
 * produces (an error message) is stored and read back as it was, so nothing makes the store
 * unreadable.
 */
class UnstorableNamesTest {
  @TempDir Path dir;

  private static Pipeline.Builder oneStep(String step, String output) {
    return Pipeline.builder("p").step(step, s -> s.outputs(output).action(ctx -> {}));
  }

  @Test
  void aLoneSurrogateInAStepNameIsRefusedWithItsIndex() {
    assertThatThrownBy(() -> oneStep("ab\uD800", "out.csv").build())
        .isInstanceOf(PipelineDefinitionException.class)
        .hasMessageContaining("a lone UTF-16 surrogate (U+D800) at index 2");
    assertThatThrownBy(() -> oneStep("\uDC00x", "out.csv").build())
        .hasMessageContaining("a lone UTF-16 surrogate (U+DC00) at index 0");
  }

  @Test
  void controlCharactersInStepPipelineAndDatasetNamesAreRefused() {
    assertThatThrownBy(() -> oneStep("a\tb", "out.csv").build())
        .hasMessageContaining("a control character (U+0009) at index 1");
    assertThatThrownBy(() -> oneStep("a", "out\u0000.csv").build())
        .hasMessageContaining("outputs: a name has a control character (U+0000) at index 3");
    assertThatThrownBy(() -> Pipeline.builder("p\n").step("a", s -> s.action(ctx -> {})).build())
        .hasMessageContaining("a control character (U+000A) at index 1");
  }

  @Test
  void aSurrogatePairIsText() {
    Pipeline pipeline = oneStep("load 📦", "outé.csv").build();
    assertThat(pipeline.step("load 📦")).isPresent();
  }

  @Test
  void aHostErrorWithALoneSurrogateEndsTheRunAndTheStoreStaysReadable() throws Exception {
    CheckpointStore store = CheckpointStore.file(dir);
    Pipeline first = oneStep("ok", "a.csv").build();
    PipelineRun earlier;
    try (Executor executor = Executor.builder().checkpointStore(store).build()) {
      earlier = executor.run(first);
    }
    Pipeline hostile = Pipeline.builder("p").defaultRetryPolicy(RetryPolicy.none())
        .step("bad", s -> s.action(ctx -> {
          throw new IllegalStateException("broken \uD800 text");
        }))
        .build();
    PipelineRun run;
    try (Executor executor = Executor.builder().checkpointStore(store).build()) {
      run = executor.run(hostile);
    }
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    CheckpointStore reopened = CheckpointStore.file(dir);
    assertThat(reopened.load(run.runId()).orElseThrow().step("bad").orElseThrow().error())
        .as("free text is stored as JSON escapes and read back as it was")
        .hasValueSatisfying(e -> assertThat(e).contains("broken \uD800 text"));
    assertThat(reopened.load(earlier.runId())).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCESS));
    assertThat(reopened.allRuns(0, 10)).extracting(PipelineRun::runId).contains(earlier.runId());
  }
}
