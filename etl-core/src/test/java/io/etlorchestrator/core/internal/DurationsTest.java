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

  @Test
  void saturatesInsteadOfOverflowing() {
    assertThat(Durations.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedNanos(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    assertThat(Durations.saturatedNanos(Duration.ofDays(365))).isEqualTo(Duration.ofDays(365).toNanos());
    assertThat(Durations.saturatedNanos(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedAdd(Long.MAX_VALUE - 1, 5)).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedAdd(Long.MIN_VALUE + 1, -5)).isEqualTo(Long.MIN_VALUE);
    assertThat(Durations.saturatedAdd(-5, 7)).isEqualTo(2);
    assertThat(Durations.saturatedShift(Duration.ofDays(1).toNanos(), 20)).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedShift(3, 2)).isEqualTo(12);
    assertThat(Durations.saturatedShift(0, 63)).isZero();
  }
}
