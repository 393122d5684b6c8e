package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.RunJournal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The file store's run lock seen from another process ({@link LockProbe}, a child JVM): refused
 * attempts in the JVM that holds a run must leave the holder's OS lock in place. POSIX record locks
 * ({@code fcntl}, what {@link FileChannel#tryLock()} takes on Linux) belong to the process and are
 * dropped when the process closes any descriptor of the file, so an attempt that merely opens and
 * closes the lock file frees the run for a second driver elsewhere (issue 14).
 */
class FileStoreLockTest {
  private static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");
  private static final long PID = ProcessHandle.current().pid();

  @TempDir Path dir;
  private Path store;
  private int probes;

  @BeforeEach
  void createStore() throws Exception {
    store = Files.createDirectories(dir.resolve("store"));
  }

  private static PipelineRun run(String runId) {
    return CheckpointStoreContract.run(runId, "p", T0, StepStatus.PENDING, StepStatus.PENDING);
  }

  /** The store's directory spelled four ways: plainly, with a dot, via a symlinked parent, as a symlink. */
  private List<Path> spellings() throws Exception {
    Path alias = Files.createSymbolicLink(dir.resolve("alias"), dir);
    Path link = Files.createSymbolicLink(dir.resolve("link"), store);
    return List.of(store, dir.resolve(".").resolve("store"), alias.resolve("store"), link);
  }

  private LockProbe.Result probe(String runId) throws Exception {
    return LockProbe.run(store, runId, dir.resolve("probe-" + probes++ + ".out"));
  }

  private void assertAnotherProcessIsRefused(String runId, String when) throws Exception {
    LockProbe.Result child = probe(runId);
    assertThat(child.exitCode())
        .as("another process resuming run '%s' %s is refused; it printed: %s", runId, when, child.output())
        .isEqualTo(LockProbe.REFUSED);
    assertThat(child.output()).contains("run '" + runId + "' is already being driven by pid " + PID);
  }

  private void assertAnotherProcessCanTakeIt(String runId) throws Exception {
    LockProbe.Result child = probe(runId);
    assertThat(child.exitCode())
        .as("once the holder closed, another process resumes run '%s'; it printed: %s", runId, child.output())
        .isEqualTo(LockProbe.ACQUIRED);
  }

  @ParameterizedTest(name = "the holder took the run with {0}")
  @ValueSource(strings = {"create", "open"})
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void refusedLockAttemptDoesNotReleaseTheHolder(String how) throws Exception {
    List<Path> spellings = spellings();
    if (how.equals("open")) {
      CheckpointStore.file(store).create(run("r1")).close();
    }
    CheckpointStore holderStore = CheckpointStore.file(store);
    RunJournal holder = how.equals("create") ? holderStore.create(run("r1")) : holderStore.open("r1");
    try {
      for (Path spelling : spellings) {
        CheckpointStore other = CheckpointStore.file(spelling);
        assertThatThrownBy(() -> other.open("r1"))
            .as("resuming through %s", spelling)
            .isInstanceOf(CheckpointException.class)
            .hasMessageContaining("run 'r1' is already being driven by pid " + PID);
        assertThatThrownBy(() -> other.create(run("r1")))
            .as("creating through %s", spelling)
            .isInstanceOf(CheckpointException.class)
            .hasMessageContaining("run 'r1' is already being driven by pid " + PID);
      }

      assertAnotherProcessIsRefused("r1", "after " + 2 * spellings.size() + " refused attempts in this JVM");
    } finally {
      holder.close();
    }
    assertAnotherProcessCanTakeIt("r1");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void threadsRacingForOneRunHaveOneWinnerAndTheLosersLeaveItsLockAlone() throws Exception {
    List<Path> spellings = spellings();
    CheckpointStore.file(store).create(run("r1")).close();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    RunJournal lastWinner = null;
    List<String> refusals = new ArrayList<>();
    try {
      for (int round = 0; round < 20; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RunJournal>> attempts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          CheckpointStore contender = CheckpointStore.file(spellings.get(t % spellings.size()));
          Callable<RunJournal> attempt =
              () -> {
                go.await();
                return contender.open("r1");
              };
          attempts.add(pool.submit(attempt));
        }
        go.countDown();
        List<RunJournal> winners = new ArrayList<>();
        int refused = 0;
        for (Future<RunJournal> attempt : attempts) {
          try {
            winners.add(attempt.get(60, TimeUnit.SECONDS));
          } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CheckpointException.class);
            refusals.add(e.getCause().getMessage());
            refused++;
          }
        }
        assertThat(winners).as("round %d: winners", round).hasSize(1);
        assertThat(refused).as("round %d: losers", round).isEqualTo(threads - 1);
        if (round < 19) {
          winners.get(0).close();
        } else {
          lastWinner = winners.get(0);
        }
      }

      assertAnotherProcessIsRefused("r1", "while the last round's winner holds it");
      assertThat(refusals)
          .as("every loser is told who holds the run")
          .allSatisfy(
              m -> assertThat(m).contains("is already being driven by pid " + PID).contains("this JVM"));
    } finally {
      pool.shutdownNow();
      if (lastWinner != null) {
        lastWinner.close();
      }
    }
    try (RunJournal next = CheckpointStore.file(store).open("r1")) {
      assertThat(next.runId()).isEqualTo("r1");
    }
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aRefusalInTheHoldersJvmNamesThisProcessAndTheHolder() throws Exception {
    CheckpointStore holderStore = CheckpointStore.file(store);
    try (RunJournal held = holderStore.create(run("r1"))) {
      assertThatThrownBy(() -> CheckpointStore.file(store).open("r1"))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("run 'r1' is already being driven by pid " + PID + " on host ")
          .hasMessageContaining("in this JVM")
          .hasMessageContaining(holderStore.toString())
          .hasMessageContaining("thread '" + Thread.currentThread().getName() + "'")
          .hasMessageContaining("lock file " + store.toRealPath().resolve("r1").resolve("lock"));
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aLockHeldThroughAnotherChannelOfThisJvmIsNotReleasedByARefusedAttempt() throws Exception {
    // Another copy of the library in another class loader, or the host's own code, has a registry
    // of its own: what this store sees is only the JVM's OverlappingFileLockException.
    CheckpointStore.file(store).create(run("r1")).close();
    Path lockFile = store.resolve("r1").resolve("lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock foreign = channel.tryLock()) {
      assertThat(foreign).isNotNull();
      Throwable refusal = catchThrowable(() -> CheckpointStore.file(store).open("r1"));

      LockProbe.Result child = probe("r1");
      assertThat(child.exitCode())
          .as("the foreign lock survives the refused attempt; the probe printed: %s", child.output())
          .isEqualTo(LockProbe.REFUSED);
      assertThat(refusal)
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("run 'r1' is already being driven by")
          .hasMessageContaining("another lock of this JVM");
    }
    try (RunJournal mine = CheckpointStore.file(store).open("r1")) {
      assertThat(mine.runId()).as("once the foreign lock is gone this JVM takes the run").isEqualTo("r1");
    }
    assertAnotherProcessCanTakeIt("r1");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aDescriptorKeptForAForeignLockIsNotReusedOnceTheLockFileWasReplaced() throws Exception {
    CheckpointStore.file(store).create(run("r1")).close();
    Path lockFile = store.resolve("r1").resolve("lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock foreign = channel.tryLock()) {
      assertThat(foreign).isNotNull();
      assertThatThrownBy(() -> CheckpointStore.file(store).open("r1")).isInstanceOf(CheckpointException.class);
    }
    Files.delete(lockFile);

    try (RunJournal mine = CheckpointStore.file(store).open("r1")) {
      assertThat(mine.runId()).isEqualTo("r1");
      // Locking the old, deleted file through the kept descriptor would leave the new one free.
      assertAnotherProcessIsRefused("r1", "after its lock file was replaced");
    }
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aRunHeldByAnotherProcessIsRefusedNamingItAndTakenOnceThatProcessLetsGo() throws Exception {
    CheckpointStore.file(store).create(run("r1")).close();
    Process holder = LockProbe.startHolding(store, "r1", dir.resolve("holder.err"));
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("the holding process's first line").isEqualTo("acquired r1");
      for (int attempt = 0; attempt < 3; attempt++) {
        assertThatThrownBy(() -> CheckpointStore.file(store).open("r1"))
            .as("attempt %d", attempt)
            .isInstanceOf(CheckpointException.class)
            .hasMessageContaining("run 'r1' is already being driven by pid " + holder.pid() + " on host ")
            .hasMessageNotContaining("this JVM");
      }
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(60, TimeUnit.SECONDS)) {
        holder.destroyForcibly().waitFor();
      }
    }
    assertThat(holder.exitValue()).as("the holding process's exit code").isEqualTo(LockProbe.ACQUIRED);
    try (RunJournal mine = CheckpointStore.file(store).open("r1")) {
      assertThat(mine.runId()).isEqualTo("r1");
    }
  }
}
