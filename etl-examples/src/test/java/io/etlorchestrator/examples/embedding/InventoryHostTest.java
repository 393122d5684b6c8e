package io.etlorchestrator.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.yaml.YamlDefinitionException;
import io.etlorchestrator.yaml.YamlPipelineReader;
import org.junit.jupiter.api.Test;

class InventoryHostTest {
  @Test
  void runsTheHostsOwnStepTypesFromYamlWithTheInMemoryStore() {
    InventoryHost host = new InventoryHost();

    PipelineRun run = host.run();

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(run.steps()).extracting(StepRun::name, StepRun::rows)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("load_stock", 500L),
            org.assertj.core.groups.Tuple.tuple("find_low_stock", 100L),
            org.assertj.core.groups.Tuple.tuple("notify_buyers", 100L));
    assertThat(host.dataset("outbox/buyers")).hasValueSatisfying(levels ->
        assertThat(levels).hasSize(100).allSatisfy(level -> assertThat(level).isLessThan(20)));
  }

  @Test
  void reportsABadParameterOfAHostStepTypeAtItsValueWithWhatItAccepts() {
    String broken = InventoryHost.DEFINITION.replace("{threshold: 20}", "{threshold: lots}");

    assertThatThrownBy(() -> YamlPipelineReader.withStepTypes(new InventoryHost().stepTypes())
            .readString(broken, "inventory_check.yaml"))
        .isInstanceOf(YamlDefinitionException.class)
        .hasMessageContaining(
            "inventory_check.yaml:13:25: steps[1].params.threshold: step type 'filter_below' rejected step"
                + " 'find_low_stock': params.threshold must be a whole number of at least 0, was text 'lots'");
  }
}
