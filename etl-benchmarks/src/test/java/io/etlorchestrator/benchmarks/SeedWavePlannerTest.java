package io.etlorchestrator.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.Wave;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The baseline is only fair if it computes the same waves as the planner. */
class SeedWavePlannerTest {
  @Test
  void theSeedsAlgorithmGivesTheSameWavesAsThePlannerOnLayeredDags() {
    List<PipelineStep> steps = SyntheticPipelines.steps(Shape.LAYERED, 2_000, 7);
    List<List<String>> seed = SeedWavePlanner.plan(steps, SeedWavePlanner.externalSources(steps));
    ExecutionPlan plan = Planner.plan(SyntheticPipelines.pipeline(Shape.LAYERED, steps));
    List<List<String>> ours =
        plan.waves().stream().map(Wave::steps).collect(Collectors.toList());
    assertThat(seed.stream().map(w -> w.stream().sorted().collect(Collectors.toList())))
        .containsExactlyElementsOf(
            ours.stream().map(w -> w.stream().sorted().collect(Collectors.toList())).collect(Collectors.toList()));
  }
}
