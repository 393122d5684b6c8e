package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract every {@link CheckpointStore} must keep; one subclass per implementation. */
abstract class CheckpointStoreContract {
  /** A new, empty store. */
  abstract CheckpointStore store();

  static PipelineRun run(String runId, String pipeline, Instant startedAt, StepStatus... statuses) {
    List<StepRun> steps = new java.util.ArrayList<>();
    for (int i = 0; i < statuses.length; i++) {
      steps.add(
          new StepRun(
              "s" + i, statuses[i], statuses[i] == StepStatus.PENDING ? 0 : 1,
              Optional.of(startedAt), Optional.of(startedAt.plusSeconds(i + 1)), 10L * i, Map.of(),
              Optional.empty(), Optional.empty()));
    }
    return new PipelineRun(
        runId, pipeline, "fp", startedAt, Optional.empty(), RunStatus.RUNNING, Map.of("k", "v"), steps);
  }

  private static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");

  @Test
  void aCreatedRunCanBeLoaded() {
    CheckpointStore store = store();
    PipelineRun initial = run("r1", "p", T0, StepStatus.PENDING, StepStatus.PENDING);
    try (RunJournal journal = store.create(initial)) {
      assertThat(journal.state()).isEqualTo(initial);
      assertThat(store.load("r1")).contains(initial);
    }
    assertThat(store.load("r1")).contains(initial);
    assertThat(store.load("missing")).isEmpty();
  }

  @Test
  void recordedStepsAndRunsAreLoadedOnceCommitted() throws Exception {
    CheckpointStore store = store();
    PipelineRun initial = run("r1", "p", T0, StepStatus.PENDING, StepStatus.PENDING);
    try (RunJournal journal = store.create(initial)) {
      StepRun done =
          new StepRun("s1", StepStatus.SUCCESS, 2, Optional.of(T0), Optional.of(T0.plusSeconds(5)), 7,
              Map.of("m", 1.0), Optional.empty(), Optional.empty());
      journal.recordStep(done);
      journal.commit().get();
      assertThat(store.load("r1").orElseThrow().step("s1")).contains(done);
      PipelineRun finished = initial.with(RunStatus.FAILED, Optional.of(T0.plusSeconds(9)), List.of(initial.steps().get(0), done));
      journal.recordRun(finished);
    }
    PipelineRun loaded = store.load("r1").orElseThrow();
    assertThat(loaded.status()).isEqualTo(RunStatus.FAILED);
    assertThat(loaded.finishedAt()).contains(T0.plusSeconds(9));
    assertThat(loaded.step("s1").orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void recordingAnUnknownStepIsAnError() {
    CheckpointStore store = store();
    try (RunJournal journal = store.create(run("r1", "p", T0, StepStatus.PENDING))) {
      assertThatThrownBy(() -> journal.recordStep(StepRun.pending("nope")))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("run 'r1' has no step 'nope'");
    }
  }

  @Test
  void creatingARecordedRunIdIsRefused() {
    CheckpointStore store = store();
    store.create(run("r1", "p", T0, StepStatus.PENDING)).close();
    assertThatThrownBy(() -> store.create(run("r1", "p", T0, StepStatus.PENDING)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("run 'r1' is already recorded");
  }

  @Test
  void openingAMissingRunNamesIt() {
    assertThatThrownBy(() -> store().open("run_x"))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("no run 'run_x'");
  }

  @Test
  void onlyOneJournalDrivesARunAtATime() {
    CheckpointStore store = store();
    RunJournal first = store.create(run("r1", "p", T0, StepStatus.PENDING));
    assertThatThrownBy(() -> store.open("r1"))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("already being driven by");
    first.close();
    try (RunJournal second = store.open("r1")) {
      assertThat(second.state().runId()).isEqualTo("r1");
    }
  }

  @Test
  void listsRunsNewestFirstInPages() {
    CheckpointStore store = store();
    for (int i = 0; i < 5; i++) {
      store.create(run("p_" + i, "p", T0.plusSeconds(i), StepStatus.PENDING)).close();
    }
    store.create(run("q_0", "q", T0.plusSeconds(100), StepStatus.PENDING)).close();
    assertThat(store.runs("p", 0, 2)).extracting(PipelineRun::runId).containsExactly("p_4", "p_3");
    assertThat(store.runs("p", 2, 10)).extracting(PipelineRun::runId).containsExactly("p_2", "p_1", "p_0");
    assertThat(store.latest("p").map(PipelineRun::runId)).contains("p_4");
    assertThat(store.latest("none")).isEmpty();
    assertThat(store.allRuns(0, 2)).extracting(PipelineRun::runId).containsExactly("q_0", "p_4");
  }

  @Test
  void givesEachStepsHistoryAcrossRuns() {
    CheckpointStore store = store();
    store.create(run("a", "p", T0, StepStatus.SUCCESS, StepStatus.FAILED)).close();
    store.create(run("b", "p", T0.plusSeconds(60), StepStatus.SUCCESS, StepStatus.SUCCESS)).close();
    List<StepHistory> history = store.history("p", "s1", 10);
    assertThat(history).extracting(StepHistory::runId).containsExactly("b", "a");
    assertThat(history).extracting(StepHistory::status).containsExactly(StepStatus.SUCCESS, StepStatus.FAILED);
    assertThat(history.get(0).rows()).isEqualTo(10);
    assertThat(history.get(0).duration()).contains(java.time.Duration.ofSeconds(2));
    assertThat(store.history("p", "s1", 1)).hasSize(1);
  }
}
