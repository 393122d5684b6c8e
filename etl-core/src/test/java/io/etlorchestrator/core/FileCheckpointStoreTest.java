package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest extends CheckpointStoreContract {
  @TempDir Path dir;
  private int stores;

  @Override
  CheckpointStore store() {
    return CheckpointStore.file(dir.resolve("store" + stores++));
  }

  private static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");

  @Test
  void survivesANewStoreOnTheSameDirectory() throws Exception {
    Path path = dir.resolve("shared");
    PipelineRun initial = run("r1", "p", T0, StepStatus.PENDING, StepStatus.PENDING);
    try (RunJournal journal = CheckpointStore.file(path).create(initial)) {
      journal.recordStep(
          new StepRun("s0", StepStatus.SUCCESS, 1, Optional.of(T0), Optional.of(T0.plusSeconds(1)), 3,
              Map.of(), Optional.empty(), Optional.empty()));
      journal.commit().get();
      // Not closed yet: a crash now must still find s0 durable.
      PipelineRun seen = CheckpointStore.file(path).load("r1").orElseThrow();
      assertThat(seen.step("s0").orElseThrow().status()).isEqualTo(StepStatus.SUCCESS);
    }
  }

  @Test
  void readsAPlainCheckpointWrittenByHandAndResumesFromIt() throws Exception {
    Path store = dir.resolve("plain");
    Files.createDirectories(store.resolve("run_by_hand"));
    Files.writeString(
        store.resolve("run_by_hand").resolve("checkpoint.json"),
        "{\"run_id\": \"run_by_hand\", \"pipeline\": \"p\", \"started_at\": \"2024-01-15T10:00:00Z\","
            + " \"status\": \"failed\", \"steps\": {\"s0\": {\"status\": \"success\", \"attempts\": 1}}}");
    CheckpointStore fileStore = CheckpointStore.file(store);
    assertThat(fileStore.load("run_by_hand").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    try (RunJournal journal = fileStore.open("run_by_hand")) {
      assertThat(journal.state().step("s0").orElseThrow().status()).isEqualTo(StepStatus.SUCCESS);
    }
    assertThat(Files.exists(store.resolve("run_by_hand").resolve("journal.log"))).isTrue();
  }

  @Test
  void invalidRunIdsCannotEscapeTheDirectory() {
    assertThatThrownBy(() -> store().load("../etc"))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("'../etc' is not a valid run id");
  }

  @Test
  void lockMessageNamesTheHolder() {
    CheckpointStore a = CheckpointStore.file(dir.resolve("locked"));
    CheckpointStore b = CheckpointStore.file(dir.resolve("locked"));
    try (RunJournal held = a.create(run("r1", "p", T0, StepStatus.PENDING))) {
      assertThatThrownBy(() -> b.open("r1"))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("run 'r1' is already being driven by pid " + ProcessHandle.current().pid())
          .hasMessageContaining("lock file");
    }
  }

  @Test
  void twoStoresRacingToResumeTheSameRunHaveExactlyOneWinner() throws Exception {
    Path path = dir.resolve("race");
    CheckpointStore.file(path).create(run("r1", "p", T0, StepStatus.PENDING)).close();
    for (int round = 0; round < 50; round++) {
      CountDownLatch go = new CountDownLatch(1);
      AtomicInteger winners = new AtomicInteger();
      AtomicInteger losers = new AtomicInteger();
      List<RunJournal> opened = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        CheckpointStore store = CheckpointStore.file(path);
        Thread thread =
            new Thread(
                () -> {
                  try {
                    go.await();
                    opened.add(store.open("r1"));
                    winners.incrementAndGet();
                  } catch (CheckpointException e) {
                    losers.incrementAndGet();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        thread.start();
        threads.add(thread);
      }
      go.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(winners).as("round %d", round).hasValue(1);
      assertThat(losers).hasValue(3);
      opened.forEach(RunJournal::close);
    }
  }

  /** Every state the journal was durable in, in order, for the corruption test. */
  private List<PipelineRun> writeJournalWithHistory(Path path) throws Exception {
    List<PipelineRun> durable = new ArrayList<>();
    PipelineRun initial = run("r1", "p", T0, StepStatus.PENDING, StepStatus.PENDING, StepStatus.PENDING);
    durable.add(initial);
    PipelineRun state = initial;
    try (RunJournal journal = CheckpointStore.file(path).create(initial)) {
      for (int i = 0; i < 3; i++) {
        StepRun running =
            new StepRun("s" + i, StepStatus.RUNNING, 1, Optional.of(T0.plusSeconds(i)), Optional.empty(), 0,
                Map.of(), Optional.empty(), Optional.empty());
        journal.recordStep(running);
        journal.commit().get();
        state = replace(state, running);
        durable.add(state);
        StepRun done =
            new StepRun("s" + i, StepStatus.SUCCESS, 1, Optional.of(T0.plusSeconds(i)),
                Optional.of(T0.plusSeconds(i + 1)), 100 + i, Map.of("x", (double) i), Optional.empty(),
                Optional.empty());
        journal.recordStep(done);
        journal.commit().get();
        state = replace(state, done);
        durable.add(state);
      }
    }
    return durable;
  }

  private static PipelineRun replace(PipelineRun run, StepRun step) {
    List<StepRun> steps = new ArrayList<>();
    for (StepRun s : run.steps()) {
      steps.add(s.name().equals(step.name()) ? step : s);
    }
    return run.with(run.status(), run.finishedAt(), steps);
  }

  @Test
  void truncatingTheJournalAtEveryOffsetRecoversADurableStateOrFailsClearly() throws Exception {
    Path path = dir.resolve("truncate");
    List<PipelineRun> durable = writeJournalWithHistory(path);
    Path journal = path.resolve("r1").resolve("journal.log");
    byte[] original = Files.readAllBytes(journal);
    int recovered = 0;
    for (int length = 0; length < original.length; length++) {
      Files.write(journal, java.util.Arrays.copyOf(original, length));
      try {
        PipelineRun loaded = CheckpointStore.file(path).load("r1").orElseThrow();
        assertThat(durable).as("state after truncation to %d bytes", length).contains(loaded);
        recovered++;
      } catch (CheckpointException e) {
        assertThat(e.getMessage()).contains(journal.toString());
      }
    }
    Files.write(journal, original);
    assertThat(CheckpointStore.file(path).load("r1")).contains(durable.get(durable.size() - 1));
    assertThat(recovered).isGreaterThan(original.length / 2);
    assertThat(Files.readAllBytes(journal)).isEqualTo(original);
  }

  @Test
  void garblingAnyByteNeverYieldsAStateThatWasNotDurable() throws Exception {
    Path path = dir.resolve("garble");
    List<PipelineRun> durable = writeJournalWithHistory(path);
    Path journal = path.resolve("r1").resolve("journal.log");
    byte[] original = Files.readAllBytes(journal);
    int errors = 0;
    for (int offset = 0; offset < original.length; offset++) {
      for (byte delta : new byte[] {1, (byte) 0x80}) {
        byte[] garbled = original.clone();
        garbled[offset] ^= delta;
        Files.write(journal, garbled);
        try {
          PipelineRun loaded = CheckpointStore.file(path).load("r1").orElseThrow();
          assertThat(durable).as("state after garbling byte %d", offset).contains(loaded);
        } catch (CheckpointException e) {
          errors++;
          assertThat(e.getMessage()).contains(journal.toString());
          assertThat(Files.readAllBytes(journal)).as("never rewritten").isEqualTo(garbled);
        }
      }
    }
    assertThat(errors).isGreaterThan(original.length);
  }

  @Test
  void aJournalOnlyEverAppendsCompleteChecksummedLines() throws Exception {
    Path path = dir.resolve("format");
    writeJournalWithHistory(path);
    List<String> lines = Files.readAllLines(path.resolve("r1").resolve("journal.log"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(7);
    assertThat(lines).allSatisfy(l -> assertThat(l).matches("[0-9a-f]{8} \\{.*\\}"));
    assertThat(lines.get(0)).contains("\"kind\":\"snapshot\"");
    assertThat(lines.get(1)).contains("\"kind\":\"step\"");
  }
}
