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
 * Deterministic synthetic pipelines of any size and {@link Shape}, built through the public
 * builders exactly as a host application would build them.
 *
 * <p>Step {@code i} is named {@code s<i>}, writes dataset {@code d<i>} and has an estimated
 * duration of 1 to 100 seconds derived from {@code i} and the seed, so critical paths and waves are
 * not degenerate. The same arguments always give the same pipeline.
 */
public final class SyntheticPipelines {
  /** Steps per layer of {@link Shape#LAYERED}. */
  public static final int LAYER_WIDTH = 100;
  /** Dependencies per step of {@link Shape#LAYERED} and (at most) of {@link Shape#RANDOM}. */
  public static final int FAN_IN = 3;
  /** How far back {@link Shape#RANDOM} looks for a step's dependencies. */
  public static final int RANDOM_WINDOW = 1_000;
  /** The action of every step unless another is given: does nothing. */
  public static final StepAction NO_OP = context -> {};

  private SyntheticPipelines() {}

  /** The steps of a pipeline of {@code size} steps of {@code shape}, with no-op actions. */
  public static List<PipelineStep> steps(Shape shape, int size, long seed) {
    return steps(shape, size, seed, i -> estimate(i, seed), i -> NO_OP);
  }

  /**
   * The steps of a pipeline of {@code size} steps of {@code shape}.
   *
   * @param estimates the estimated duration of step {@code i}
   * @param actions the action of step {@code i}
   */
  public static List<PipelineStep> steps(
      Shape shape,
      int size,
      long seed,
      IntFunction<Duration> estimates,
      IntFunction<StepAction> actions) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<PipelineStep> steps = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      PipelineStep.Builder step =
          PipelineStep.builder(stepName(i))
              .type(i == 0 ? "extract" : "transform")
              .outputs(dataset(i))
              .estimatedDuration(estimates.apply(i))
              .action(actions.apply(i));
      switch (shape) {
        case LAYERED:
          layered(step, i, random);
          break;
        case CHAIN:
          step.inputs(i == 0 ? "source.s0" : dataset(i - 1));
          break;
        case INDEPENDENT:
          step.inputs("source." + (i % 16));
          break;
        case RANDOM:
          random(step, i, random);
          break;
        default:
          throw new AssertionError(shape);
      }
      steps.add(step.build());
    }
    return steps;
  }

  /** A built pipeline named after its shape and size; see {@link #steps(Shape, int, long)}. */
  public static Pipeline pipeline(Shape shape, int size, long seed) {
    return pipeline(shape, steps(shape, size, seed));
  }

  /** A pipeline of {@code steps}, named after {@code shape} and their number. */
  public static Pipeline pipeline(Shape shape, List<PipelineStep> steps) {
    return Pipeline.builder(shape.name().toLowerCase() + "_" + steps.size()).steps(steps).build();
  }

  /** Estimated durations of 1 to 100 whole seconds, a function of {@code i} and {@code seed}. */
  public static Duration estimate(int i, long seed) {
    long h = (i + 1) * 0x9E3779B97F4A7C15L ^ seed;
    h ^= h >>> 31;
    return Duration.ofSeconds(1 + Math.floorMod(h, 100));
  }

  /** The name of step {@code i}. */
  public static String stepName(int i) {
    return "s" + i;
  }

  /** The dataset step {@code i} writes. */
  public static String dataset(int i) {
    return "d" + i;
  }

  private static void layered(PipelineStep.Builder step, int i, SplittableRandom random) {
    int layer = i / LAYER_WIDTH;
    if (layer == 0) {
      step.inputs("source." + i % 16);
      return;
    }
    int previousStart = (layer - 1) * LAYER_WIDTH;
    // Three distinct positions in the previous (always full) layer.
    int a = random.nextInt(LAYER_WIDTH);
    int b = (a + 1 + random.nextInt(LAYER_WIDTH - 1)) % LAYER_WIDTH;
    int c = a;
    while (c == a || c == b) {
      c = random.nextInt(LAYER_WIDTH);
    }
    step.inputs(dataset(previousStart + a), dataset(previousStart + b), dataset(previousStart + c));
  }

  private static void random(PipelineStep.Builder step, int i, SplittableRandom random) {
    if (i == 0) {
      step.inputs("source.s0");
      return;
    }
    int window = Math.min(i, RANDOM_WINDOW);
    int deps = 1 + random.nextInt(Math.min(FAN_IN, window));
    for (int k = 0; k < deps; k++) {
      int p = i - 1 - random.nextInt(window);
      if (k == 2) {
        step.dependsOn(stepName(p));
      } else {
        step.inputs(dataset(p));
      }
    }
  }
}
