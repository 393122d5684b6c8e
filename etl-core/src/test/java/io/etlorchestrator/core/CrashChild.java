package io.etlorchestrator.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The process that {@link CrashRecoveryTest} kills: runs (or resumes) a layered pipeline with the
 * file checkpoint store. Each step appends {@code start <step>} to an effects file, forced to disk,
 * before it works, so the test can see which steps started even after a SIGKILL.
 *
 * <p>Arguments: {@code storeDir effectsFile runId}. Exit code 0 when the run succeeded.
 */
public final class CrashChild {
  static final int LAYERS = 6;
  static final int WIDTH = 5;

  private CrashChild() {}

  /** The pipeline: {@link #LAYERS} layers of {@link #WIDTH} steps, each reading the layer before. */
  static Pipeline pipeline(Path effects) {
    Pipeline.Builder builder =
        Pipeline.builder("crash_drill")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(1).build());
    for (int layer = 0; layer < LAYERS; layer++) {
      for (int i = 0; i < WIDTH; i++) {
        String name = "s" + layer + "_" + i;
        List<String> inputs = new ArrayList<>();
        if (layer > 0) {
          inputs.add("d" + (layer - 1) + "_" + i);
          inputs.add("d" + (layer - 1) + "_" + ((i + 1) % WIDTH));
        }
        int l = layer;
        builder.step(
            name,
            s ->
                s.inputs(inputs.toArray(String[]::new))
                    .outputs("d" + l + "_" + name.substring(name.indexOf('_') + 1))
                    .estimatedDuration(Duration.ofMillis(20))
                    .action(
                        ctx -> {
                          append(effects, "start " + ctx.step().name());
                          Thread.sleep(ThreadLocalRandom.current().nextInt(1, 25));
                          ctx.reportRows(1);
                        }));
      }
    }
    return builder.build();
  }

  static synchronized void append(Path file, String line) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      channel.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(false);
    }
  }

  public static void main(String[] args) throws Exception {
    Path storeDir = Path.of(args[0]);
    Path effects = Path.of(args[1]);
    String runId = args[2];
    // A slow disk widens the window between a step's end and its durable SUCCESS, where a kill
    // catches a dependent that started too early.
    var store =
        new SlowDiskStore(io.etlorchestrator.core.spi.CheckpointStore.file(storeDir), 40);
    ExecutionPlan plan = Planner.plan(pipeline(effects));
    PipelineRun run;
    try (Executor executor = Executor.builder().parallelism(3).checkpointStore(store).build()) {
      if (store.load(runId).isPresent()) {
        run = executor.resume(plan, runId, RunOptions.defaults());
      } else {
        run = executor.run(plan, RunOptions.builder().runId(runId).build());
      }
    }
    System.out.println("status: " + run.status());
    System.exit(run.status() == RunStatus.SUCCESS ? 0 : 1);
  }

  static List<String> startedSteps(Path effects) throws IOException {
    List<String> started = new ArrayList<>();
    if (!Files.exists(effects)) {
      return started;
    }
    for (String line : Files.readAllLines(effects)) {
      if (line.startsWith("start ")) {
        started.add(line.substring("start ".length()));
      }
    }
    return started;
  }
}
