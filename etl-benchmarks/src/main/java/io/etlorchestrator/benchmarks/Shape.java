package io.etlorchestrator.benchmarks;

/**
 * The shape of a synthetic pipeline made by {@link SyntheticPipelines}. Every shape links steps
 * through datasets (step {@code s42} writes {@code d42}), the way real pipelines do; {@link
 * #RANDOM} also uses explicit {@code dependsOn} for a third of its edges.
 */
public enum Shape {
  /**
   * Layers of {@link SyntheticPipelines#LAYER_WIDTH} steps; each step after the first layer reads
   * {@link SyntheticPipelines#FAN_IN} distinct outputs of the layer before it. The common shape of
   * a warehouse DAG: extract, several transform stages, load.
   */
  LAYERED,
  /** One long chain: each step reads the output of the one before. No parallelism at all. */
  CHAIN,
  /** Independent steps reading only external sources: all in one wave, all parallel. */
  INDEPENDENT,
  /**
   * Each step depends on up to {@link SyntheticPipelines#FAN_IN} steps chosen at random among the
   * {@link SyntheticPipelines#RANDOM_WINDOW} steps defined just before it, so the depth grows with
   * the size instead of staying logarithmic.
   */
  RANDOM
}
