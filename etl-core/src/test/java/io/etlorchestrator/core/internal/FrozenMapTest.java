package io.etlorchestrator.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrozenMapTest {

  @Test
  void copiesOnceKeepsOrderAndRefusesChanges() {
    Map<String, String> source = new LinkedHashMap<>();
    source.put("z", "1");
    source.put("a", "2");
    source.put("m", "3");

    Map<String, String> frozen = FrozenMap.copyOf(source);
    source.put("late", "4");

    assertThat(frozen.keySet()).containsExactly("z", "a", "m");
    assertThat(frozen).isEqualTo(Map.of("z", "1", "a", "2", "m", "3"));
    assertThat(frozen.hashCode()).isEqualTo(Map.of("z", "1", "a", "2", "m", "3").hashCode());
    assertThat(FrozenMap.copyOf(frozen)).isSameAs(frozen);
    assertThatThrownBy(() -> frozen.put("b", "5")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> frozen.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> frozen.keySet().remove("z")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void runStatesShareTheirMapsInsteadOfCopyingThemAgain() {
    Map<String, String> prints = new LinkedHashMap<>();
    prints.put("extract", "aaaa");
    prints.put("load", "bbbb");
    PipelineRun run =
        new PipelineRun(
            "run_1", "p", "f", Instant.EPOCH, Optional.empty(), RunStatus.RUNNING,
            Map.of("date", "2024-01-15"), List.of(), List.of(), prints);
    prints.put("extract", "changed");

    PipelineRun finished = run.with(RunStatus.SUCCESS, Optional.of(Instant.EPOCH), List.of());

    assertThat(run.stepFingerprints()).containsExactly(Map.entry("extract", "aaaa"), Map.entry("load", "bbbb"));
    assertThat(finished.stepFingerprints()).isSameAs(run.stepFingerprints());
    assertThat(finished.params()).isSameAs(run.params());
  }
}
