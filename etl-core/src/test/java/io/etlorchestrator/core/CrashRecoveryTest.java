package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.spi.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM (SIGKILL via {@link Process#destroyForcibly()}) at random moments while it
 * runs a pipeline with the file checkpoint store, then resumes, until the run succeeds. A process
 * is killed only after one of its steps has started (the child appends {@code start <step>} to its
 * effects file, forced to disk, before the step works), so a kill during the JVM's start-up never
 * counts as a kill mid-run. After every process it checks that
 *
 * <ul>
 *   <li>every step that started had all the steps it depends on recorded SUCCESS (dependents start
 *       only after their inputs' success is durable),
 *   <li>no step recorded SUCCESS runs again in a later process, and stays SUCCESS,
 *   <li>the final run is SUCCESS with every step SUCCESS,
 * </ul>
 *
 * <p>and, at the end, that at least half of the drills had a kill land mid-run. 20 drills by
 * default; {@code -Detl.crash.iterations=100} for the long drill, which its timeout allows for.
 */
class CrashRecoveryTest {
  private static final int ITERATIONS = Integer.getInteger("etl.crash.iterations", 20);
  /** How long a child may take to start a step, or to finish its run. */
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  /** A kill lands this long (at random, up to this bound) after the process's first step started. */
  private static final int KILL_WINDOW_MILLIS = 300;

  @TempDir Path dir;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void killedRunsResumeWithoutLosingOrRepeatingCompletedSteps() throws Exception {
    Random random = new Random(42);
    int drillsKilledMidRun = 0;
    int killsMidRun = 0;
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      int kills = drill(iteration, random);
      killsMidRun += kills;
      drillsKilledMidRun += kills > 0 ? 1 : 0;
    }
    // The drill is only meaningful if kills really landed mid-run.
    assertThat(drillsKilledMidRun)
        .as("drills in which a kill landed after a step had started (%d such kills in %d drills)", killsMidRun, ITERATIONS)
        .isGreaterThanOrEqualTo((ITERATIONS + 1) / 2);
  }

  /** One run, killed and resumed until it succeeds; returns how many kills landed mid-run. */
  private int drill(int iteration, Random random) throws Exception {
    Path storeDir = dir.resolve("store-" + iteration);
    Path effects = dir.resolve("effects-" + iteration + ".log");
    String runId = "drill-" + iteration;
    ExecutionPlan plan = Planner.plan(CrashChild.pipeline(effects));
    Set<String> durableSuccess = new HashSet<>();
    int kills = 0;
    for (int process = 0; process < 50; process++) {
      int startedBefore = CrashChild.startedSteps(effects).size();
      Process child = start(storeDir, effects, runId);
      // Kill the first processes at a random moment after a step of theirs started; let the later
      // ones finish.
      boolean killed =
          process < 3
              && awaitAStepStarted(child, effects, startedBefore, iteration, process)
              && killAfter(child, random.nextInt(KILL_WINDOW_MILLIS));
      if (killed) {
        kills++;
      } else if (!child.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        child.destroyForcibly().waitFor();
        throw new AssertionError(
            String.format("drill %d process %d did not finish its run within %s", iteration, process, PATIENCE));
      }
      PipelineRun state = CheckpointStore.file(storeDir).load(runId).orElse(null);
      List<String> started = CrashChild.startedSteps(effects);
      List<String> startedNow = started.subList(startedBefore, started.size());
      for (String step : startedNow) {
        assertThat(durableSuccess)
            .as("drill %d process %d: %s ran again although its SUCCESS was recorded", iteration, process, step)
            .doesNotContain(step);
      }
      if (state == null) {
        assertThat(startedNow).as("nothing runs before the run is recorded").isEmpty();
        continue;
      }
      Set<String> successNow = new HashSet<>();
      for (StepRun step : state.steps()) {
        if (step.status() == StepStatus.SUCCESS) {
          successNow.add(step.name());
        }
      }
      assertThat(successNow)
          .as("drill %d process %d: recorded successes are never lost", iteration, process)
          .containsAll(durableSuccess);
      for (String step : startedNow) {
        for (Dependency dependency : plan.dependenciesOf(step)) {
          assertThat(successNow)
              .as("drill %d: %s started before %s's SUCCESS was durable", iteration, step, dependency.from())
              .contains(dependency.from());
        }
      }
      durableSuccess.addAll(successNow);
      if (!killed) {
        assertThat(child.exitValue()).as("drill %d: exit code of a finished run", iteration).isZero();
        assertThat(state.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(successNow).hasSize(CrashChild.LAYERS * CrashChild.WIDTH);
        return kills;
      }
    }
    throw new AssertionError("drill " + iteration + " did not finish in 50 processes");
  }

  /**
   * Waits until the child has started a step of its own ({@code startedBefore} is how many steps
   * earlier processes started); false if it ended first.
   */
  private static boolean awaitAStepStarted(Process child, Path effects, int startedBefore, int iteration, int process)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (CrashChild.startedSteps(effects).size() == startedBefore) {
      if (child.waitFor(5, TimeUnit.MILLISECONDS)) {
        return false;
      }
      if (System.nanoTime() > deadline) {
        child.destroyForcibly().waitFor();
        throw new AssertionError(
            String.format("drill %d process %d started no step within %s", iteration, process, PATIENCE));
      }
    }
    return true;
  }

  /** Kills the child {@code millis} from now unless it ends first; true if the kill cut its run short. */
  private static boolean killAfter(Process child, int millis) throws InterruptedException {
    if (child.waitFor(millis, TimeUnit.MILLISECONDS)) {
      return false;
    }
    child.destroyForcibly().waitFor();
    // 0: the run ended on its own between the wait and the kill.
    return child.exitValue() != 0;
  }

  private static Process start(Path storeDir, Path effects, String runId) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            CrashChild.class.getName(),
            storeDir.toString(),
            effects.toString(),
            runId);
    builder.redirectErrorStream(true);
    builder.redirectOutput(dirOf(effects).resolve(effects.getFileName() + ".out").toFile());
    return builder.start();
  }

  private static Path dirOf(Path file) {
    return file.toAbsolutePath().getParent();
  }
}
