package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.spi.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM (SIGKILL via {@link Process#destroyForcibly()}) at random moments while it
 * runs a pipeline with the file checkpoint store, then resumes, until the run succeeds. After every
 * kill it checks that
 *
 * <ul>
 *   <li>every step that started had all the steps it depends on recorded SUCCESS (dependents start
 *       only after their inputs' success is durable),
 *   <li>no step recorded SUCCESS runs again in a later process, and stays SUCCESS,
 *   <li>the final run is SUCCESS with every step SUCCESS.
 * </ul>
 *
 * <p>20 drills by default; {@code -Detl.crash.iterations=100} for the long drill.
 */
class CrashRecoveryTest {
  private static final int ITERATIONS = Integer.getInteger("etl.crash.iterations", 20);

  @TempDir Path dir;

  @Test
  void killedRunsResumeWithoutLosingOrRepeatingCompletedSteps() throws Exception {
    Random random = new Random(42);
    int killsWhileRunning = 0;
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      killsWhileRunning += drill(iteration, random);
    }
    // The drill is only meaningful if kills really landed mid-run.
    assertThat(killsWhileRunning).isGreaterThanOrEqualTo(ITERATIONS / 2);
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
      // Kill the first processes at a random moment; let the later ones finish.
      boolean kill = process < 3;
      boolean exited =
          child.waitFor(kill ? 150 + random.nextInt(600) : 120_000, TimeUnit.MILLISECONDS);
      if (!exited) {
        child.destroyForcibly().waitFor();
        kills++;
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
      if (exited) {
        assertThat(child.exitValue()).as("drill %d: exit code of a finished run", iteration).isZero();
        assertThat(state.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(successNow).hasSize(CrashChild.LAYERS * CrashChild.WIDTH);
        return kills;
      }
    }
    throw new AssertionError("drill " + iteration + " did not finish in 50 processes");
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
