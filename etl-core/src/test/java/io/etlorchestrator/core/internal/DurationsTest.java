package io.etlorchestrator.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void humanCutsToTheSecondAboveOneSecond() {
    assertThat(Durations.human(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.human(Duration.ofMillis(6_850))).isEqualTo("6s");
    assertThat(Durations.human(Duration.ofSeconds(125))).isEqualTo("2m 5s");
  }

  @Test
  void preciseKeepsTenthsOfASecondUnderAMinuteSoThatShortPartsAddUp() {
    assertThat(Durations.precise(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.precise(Duration.ofMillis(6_850))).as("cut, not rounded").isEqualTo("6.8s");
    assertThat(Durations.precise(Duration.ofMillis(7_050))).isEqualTo("7s");
    assertThat(Durations.precise(Duration.ofMillis(59_990))).isEqualTo("59.9s");
    assertThat(Durations.precise(Duration.ofMillis(60_500))).as("a minute or more: as human").isEqualTo("1m 0s");
    assertThat(Durations.precise(Duration.ofMillis(-1_500))).isEqualTo("-1.5s");
  }
}
