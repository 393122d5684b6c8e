package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22: the file store never writes what it cannot read back, and refuses a damaged, endless
 * or enormous journal with a message naming it, never an {@code OutOfMemoryError} or a hang.
 */
class Issue22HostileStoreTest {
  private static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");

  @TempDir Path dir;

  private static PipelineRun run(String runId, String... steps) {
    List<StepRun> states = java.util.Arrays.stream(steps).map(StepRun::pending).toList();
    return new PipelineRun(runId, "p", "fp", T0, Optional.empty(), RunStatus.RUNNING, Map.of(), states);
  }

  private static StepRun failed(String name, String error) {
    return new StepRun(
        name, StepStatus.FAILED, 1, Optional.of(T0), Optional.of(T0.plusSeconds(1)), 0, Map.of(),
        Optional.of(error), Optional.empty());
  }

  @Test
  void aRunWhoseStepNameHoldsALoneSurrogateIsRefusedAndNothingIsWritten() {
    CheckpointStore store = CheckpointStore.file(dir);

    CheckpointException e = catchThrowableOfType(CheckpointException.class, () -> store.create(run("r1", "ok", "bad\ud800")));

    assertThat(e.getMessage())
        .contains("refusing to record text the checkpoint could not read back")
        .contains("the name 'bad\\ud800' in checkpoint.steps holds a lone UTF-16 surrogate (U+D800) at character 4")
        .contains("Nothing was written");
    assertThat(store.load("r1")).isEmpty();
  }

  @Test
  void aStepRecordWithALoneSurrogateIsRefusedAndTheJournalStaysReadable() throws Exception {
    CheckpointStore store = CheckpointStore.file(dir);
    try (RunJournal journal = store.create(run("r1", "a", "b"))) {
      journal.recordStep(failed("a", "first failure"));
      journal.commit().get(10, TimeUnit.SECONDS);

      CheckpointException e =
          catchThrowableOfType(CheckpointException.class, () -> journal.recordStep(failed("b", "half \udc00 a pair")));

      assertThat(e.getMessage()).contains("state.error 'half \\udc00 a pair' holds a lone UTF-16 surrogate (U+DC00) at character 6");
      journal.recordStep(failed("b", "second failure"));
      journal.commit().get(10, TimeUnit.SECONDS);
    }

    PipelineRun loaded = CheckpointStore.file(dir).load("r1").orElseThrow();
    assertThat(loaded.steps()).extracting(s -> s.error().orElse("")).containsExactly("first failure", "second failure");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aJournalOfThreeGigabytesIsRefusedAsDamagedWithoutReadingIt() throws IOException {
    CheckpointStore store = CheckpointStore.file(dir);
    try (RunJournal journal = store.create(run("good", "a"))) {
      // recorded
    }
    try (RunJournal journal = store.create(run("huge", "a"))) {
      // recorded, then damaged below
    }
    try (RandomAccessFile file = new RandomAccessFile(dir.resolve("huge").resolve("journal.log").toFile(), "rw")) {
      file.setLength(3L << 30);
    }

    CheckpointException e = catchThrowableOfType(CheckpointException.class, () -> store.load("huge"));

    assertThat(e.getMessage())
        .startsWith("checkpoint " + dir.resolve("huge").resolve("journal.log") + " is damaged: it has 3,221,225,472 bytes");
    assertThat(store.allRuns(0, 10)).as("the other runs are still listed").extracting(PipelineRun::runId).containsExactly("good");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aJournalThatIsAFifoOrADirectoryIsRefusedWithoutBeingOpened() throws Exception {
    Path fifoRun = Files.createDirectories(dir.resolve("fifo"));
    assumeThat(mkfifo(fifoRun.resolve("journal.log"))).as("mkfifo is available").isTrue();
    Files.createDirectories(dir.resolve("folder").resolve("journal.log"));
    CheckpointStore store = CheckpointStore.file(dir);

    CheckpointException fifo = catchThrowableOfType(CheckpointException.class, () -> store.load("fifo"));
    CheckpointException folder = catchThrowableOfType(CheckpointException.class, () -> store.load("folder"));

    assertThat(fifo).hasMessageStartingWith(
        "checkpoint " + fifoRun.resolve("journal.log") + " is a FIFO (named pipe), not a regular file");
    assertThat(folder).hasMessageContaining("is a directory, not a regular file");
    assertThat(store.allRuns(0, 10)).isEmpty();
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
