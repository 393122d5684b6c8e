package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerSeedTest {
  private final ExecutionPlan plan = Planner.plan(SeedPipeline.pipeline());

  @Test
  void wavesAreTheSeedsWavesInDefinitionOrder() {
    assertThat(plan.waves())
        .extracting(Wave::steps)
        .containsExactly(
            List.of("extract_orders", "extract_customers", "extract_products"),
            List.of("transform_orders"),
            List.of("aggregate_sales"),
            List.of("load_warehouse"));
    assertThat(plan.waves()).extracting(Wave::number).containsExactly(1, 2, 3, 4);
    assertThat(plan.waves()).extracting(Wave::parallel).containsExactly(true, false, false, false);
  }

  @Test
  void waveEstimatesAreTheLongestStepOfEachWave() {
    assertThat(plan.waves())
        .extracting(Wave::estimatedDuration)
        .containsExactly(seconds(120), seconds(180), seconds(90), seconds(60));
  }

  @Test
  void totalEstimatedDurationIsTheSeedsSumOfWaves() {
    assertThat(plan.totalEstimatedDuration()).isEqualTo(seconds(450));
  }

  @Test
  void criticalPathIsTheSeedsCriticalPath() {
    assertThat(plan.criticalPath())
        .containsExactly("extract_orders", "transform_orders", "aggregate_sales", "load_warehouse");
    assertThat(plan.criticalPathDuration()).isEqualTo(seconds(450));
  }

  @Test
  void sourcesThatNoStepProducesAreExternal() {
    assertThat(plan.externalSources())
        .containsExactly("postgres.orders", "postgres.customers", "postgres.products");
  }

  @Test
  void slackIsZeroOnTheCriticalPathAndTheSpareTimeElsewhere() {
    assertThat(plan.timing("extract_orders").slack()).isZero();
    assertThat(plan.timing("transform_orders").slack()).isZero();
    assertThat(plan.timing("aggregate_sales").slack()).isZero();
    assertThat(plan.timing("load_warehouse").slack()).isZero();
    // extract_customers may finish as late as extract_orders (120 s) without delaying the run.
    assertThat(plan.timing("extract_customers").slack()).isEqualTo(seconds(60));
    // extract_products is needed only by aggregate_sales, which starts at 300 s.
    StepTiming products = plan.timing("extract_products");
    assertThat(products.earliestStart()).isZero();
    assertThat(products.latestStart()).isEqualTo(seconds(270));
    assertThat(products.slack()).isEqualTo(seconds(270));
    assertThat(products.isCritical()).isFalse();
  }

  @Test
  void earliestStartsFollowTheLongestChainBeforeEachStep() {
    assertThat(plan.timings())
        .extracting(StepTiming::step, StepTiming::earliestStart, StepTiming::earliestFinish)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("extract_orders", seconds(0), seconds(120)),
            org.assertj.core.groups.Tuple.tuple("extract_customers", seconds(0), seconds(60)),
            org.assertj.core.groups.Tuple.tuple("extract_products", seconds(0), seconds(30)),
            org.assertj.core.groups.Tuple.tuple("transform_orders", seconds(120), seconds(300)),
            org.assertj.core.groups.Tuple.tuple("aggregate_sales", seconds(300), seconds(390)),
            org.assertj.core.groups.Tuple.tuple("load_warehouse", seconds(390), seconds(450)));
  }

  @Test
  void dependenciesComeFromDatasetsAndDependsOnWithoutDuplicates() {
    assertThat(plan.dependenciesOf("transform_orders"))
        .containsExactly(
            new Dependency(
                "extract_orders",
                "transform_orders",
                java.util.Optional.of("staging/orders.parquet")),
            new Dependency(
                "extract_customers",
                "transform_orders",
                java.util.Optional.of("staging/customers.parquet")));
    assertThat(plan.dependentsOf("extract_products")).containsExactly("aggregate_sales");
    assertThat(plan.dependencies()).hasSize(5);
  }

  @Test
  void explicitDependsOnAloneMakesAnEdgeWithoutDataset() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .step("a", s -> s.estimatedDuration(seconds(5)))
            .step("b", s -> s.dependsOn("a").estimatedDuration(seconds(7)))
            .build();
    ExecutionPlan p = Planner.plan(pipeline);
    assertThat(p.dependenciesOf("b"))
        .containsExactly(new Dependency("a", "b", java.util.Optional.empty()));
    assertThat(p.waveOf("b")).isEqualTo(2);
    assertThat(p.criticalPathDuration()).isEqualTo(seconds(12));
  }

  @Test
  void criticalPathTieGoesToTheFirstStepInDefinitionOrder() {
    Pipeline pipeline =
        Pipeline.builder("ties")
            .step("left", s -> s.outputs("l").estimatedDuration(seconds(10)))
            .step("right", s -> s.outputs("r").estimatedDuration(seconds(10)))
            .step("join", s -> s.inputs("l", "r").estimatedDuration(seconds(5)))
            .step("other", s -> s.estimatedDuration(seconds(15)))
            .build();
    ExecutionPlan p = Planner.plan(pipeline);
    assertThat(p.criticalPath()).containsExactly("left", "join");
    assertThat(p.criticalPathDuration()).isEqualTo(seconds(15));
  }

  @Test
  void plansOfEqualPipelinesAreEqual() {
    assertThat(Planner.plan(SeedPipeline.pipeline())).isEqualTo(plan);
    assertThat(Planner.plan(SeedPipeline.builder().defaultFallback(Fallback.SKIP_DOWNSTREAM).build()))
        .isNotEqualTo(plan);
  }

  @Test
  void unknownStepNamesAreRejectedWithThePipelineName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan.timing("extract_order"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'daily_sales_etl' has no step 'extract_order'");
  }

  @Test
  void deepChainsPlanWithoutRecursion() {
    Pipeline.Builder builder = Pipeline.builder("chain");
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      int index = i;
      builder.step(
          "s" + i,
          s -> {
            s.outputs("d" + index).estimatedDuration(Duration.ofMillis(1));
            if (index > 0) {
              s.inputs("d" + (index - 1));
            }
          });
    }
    ExecutionPlan chain = Planner.plan(builder.build());
    assertThat(chain.waves()).hasSize(n);
    assertThat(chain.criticalPath()).hasSize(n);
    assertThat(chain.criticalPathDuration()).isEqualTo(Duration.ofMillis(n));
  }

  private static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
