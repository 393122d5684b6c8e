package io.etlorchestrator.benchmarks;

import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The pipelines of issue 3's executor benchmarks. {@link Shape#LAYERED} here is the issue's
 * layered random DAG: layers of {@code width} steps, each step after the first layer reading
 * 1 to 3 distinct outputs of the layer before (uniformly), unlike {@link SyntheticPipelines}'
 * LAYERED with exactly 3. {@link Shape#CHAIN}, {@link Shape#INDEPENDENT} and {@link Shape#RANDOM}
 * are {@link SyntheticPipelines}'. Deterministic for the same arguments.
 */
public final class OverheadPipelines {
  /** Steps per layer of the layered DAG: 10,000 steps make 100 layers of 100. */
  public static final int LAYER_WIDTH = 100;

  private OverheadPipelines() {}

  /** A pipeline of {@code size} no-op steps of {@code shape}. */
  public static Pipeline pipeline(Shape shape, int size, long seed) {
    List<PipelineStep> steps =
        shape == Shape.LAYERED
            ? layered(size, LAYER_WIDTH, seed, i -> SyntheticPipelines.estimate(i, seed), i -> SyntheticPipelines.NO_OP)
            : SyntheticPipelines.steps(shape, size, seed);
    return SyntheticPipelines.pipeline(shape, steps);
  }

  /**
   * Layers of {@code width} steps; each step after the first layer reads 1 to 3 distinct outputs
   * of the layer before it.
   */
  public static List<PipelineStep> layered(
      int size,
      int width,
      long seed,
      IntFunction<Duration> estimates,
      IntFunction<StepAction> actions) {
    SplittableRandom random = new SplittableRandom(seed);
    List<PipelineStep> steps = new ArrayList<>(size);
    int[] picked = new int[3];
    for (int i = 0; i < size; i++) {
      PipelineStep.Builder step =
          PipelineStep.builder(SyntheticPipelines.stepName(i))
              .type(i == 0 ? "extract" : "transform")
              .outputs(SyntheticPipelines.dataset(i))
              .estimatedDuration(estimates.apply(i))
              .action(actions.apply(i));
      int layer = i / width;
      if (layer == 0) {
        step.inputs("source." + i % 16);
      } else {
        int previousStart = (layer - 1) * width;
        int parents = 1 + random.nextInt(Math.min(3, width));
        String[] inputs = new String[parents];
        for (int k = 0; k < parents; k++) {
          int p;
          boolean again;
          do {
            p = random.nextInt(width);
            again = false;
            for (int j = 0; j < k; j++) {
              again |= picked[j] == p;
            }
          } while (again);
          picked[k] = p;
          inputs[k] = SyntheticPipelines.dataset(previousStart + p);
        }
        step.inputs(inputs);
      }
      steps.add(step.build());
    }
    return steps;
  }

  /**
   * Layers of {@code width} steps; each step after the first layer reads every output of the
   * layer before it, so every layer is a barrier: a wide, uniform DAG on which, with more steps
   * per layer than workers, no schedule reaches the lower bound.
   */
  public static List<PipelineStep> barrierLayers(
      int size, int width, IntFunction<Duration> estimates, IntFunction<StepAction> actions) {
    List<PipelineStep> steps = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      PipelineStep.Builder step =
          PipelineStep.builder(SyntheticPipelines.stepName(i))
              .type(i == 0 ? "extract" : "transform")
              .outputs(SyntheticPipelines.dataset(i))
              .estimatedDuration(estimates.apply(i))
              .action(actions.apply(i));
      int layer = i / width;
      if (layer == 0) {
        step.inputs("source." + i % 16);
      } else {
        String[] inputs = new String[width];
        for (int k = 0; k < width; k++) {
          inputs[k] = SyntheticPipelines.dataset((layer - 1) * width + k);
        }
        step.inputs(inputs);
      }
      steps.add(step.build());
    }
    return steps;
  }
}
