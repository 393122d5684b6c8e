package io.etlorchestrator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SalesCorruptionTest {
  @Test
  void readsKindsWithAndWithoutPercentages() {
    assertThat(SalesCorruption.parse("nulls,drop:40%")).isEqualTo(new SalesCorruption(0.10, 0.40, 0));
    assertThat(SalesCorruption.parse(" dupes:2.5% , nulls:1")).isEqualTo(new SalesCorruption(0.01, 0, 0.025));
    assertThat(SalesCorruption.parse("drop").toString()).isEqualTo("drop:40%");
    assertThat(SalesCorruption.parse("nulls:10%,drop:40%,dupes:5%").toString())
        .isEqualTo("nulls:10%,drop:40%,dupes:5%");
    assertThat(SalesCorruption.NONE.toString()).isEqualTo("none");
  }

  @Test
  void refusesWhatIsNotAKindOrAPercentage() {
    assertThatThrownBy(() -> SalesCorruption.parse("nuls"))
        .hasMessageContaining("unknown corruption 'nuls'").hasMessageContaining("nulls, drop or dupes");
    assertThatThrownBy(() -> SalesCorruption.parse("drop:lots"))
        .hasMessageContaining("'drop:lots': 'lots' is not a percentage");
    assertThatThrownBy(() -> SalesCorruption.parse("drop:100%")).hasMessageContaining("below 100%");
    assertThatThrownBy(() -> SalesCorruption.parse("nulls:150%")).hasMessageContaining("between 0% and 100%");
    assertThatThrownBy(() -> SalesCorruption.parse("")).hasMessageContaining("nothing to corrupt");
  }

  @Test
  void cleanDataIsUnchangedAndEachDayIsNewData() {
    assertThat(SalesDataSpec.day(1)).isSameAs(SalesDataSpec.STANDARD);
    assertThat(SalesDataSpec.STANDARD.withCorruption(SalesCorruption.NONE).fingerprint())
        .isEqualTo(SalesDataSpec.STANDARD.fingerprint());
    SalesDataSpec day2 = SalesDataSpec.day(2);
    assertThat(day2.seed()).isNotEqualTo(SalesDataSpec.STANDARD.seed());
    assertThat((double) day2.orders() / SalesDataSpec.STANDARD.orders()).isCloseTo(1.0, within(0.021));
    assertThat(day2.fingerprint()).isNotEqualTo(SalesDataSpec.STANDARD.fingerprint());
    assertThatThrownBy(() -> SalesDataSpec.day(0)).hasMessageContaining("from 1");
  }

  @Test
  void corruptionDropsNullsAndDuplicatesOrdersButKeepsEveryDay() {
    SalesDataSpec spec = SalesDataSpec.day(2).withCorruption(new SalesCorruption(0.10, 0.40, 0.05));
    assertThat(spec.fingerprint()).endsWith(" corrupt=nulls:10%,drop:40%,dupes:5%");
    SalesData clean = SalesData.generate(SalesDataSpec.day(2));
    SalesData bad = SalesData.generate(spec);
    List<SalesData.Order> orders = bad.orders();
    long distinct = orders.stream().map(SalesData.Order::orderId).distinct().count();
    assertThat((double) distinct / clean.orders().size()).as("orders kept").isCloseTo(0.60, within(0.02));
    assertThat((double) (orders.size() - distinct) / distinct).as("duplicated").isCloseTo(0.05, within(0.01));
    long nulls = orders.stream().filter(o -> o.customerId() == null).count();
    assertThat((double) nulls / orders.size()).as("null customers").isCloseTo(0.10, within(0.01));
    assertThat(orders.stream().map(SalesData.Order::orderDate).distinct().count()).as("days").isEqualTo(365);
    assertThat(bad).isEqualTo(SalesData.generate(spec)); // deterministic
    // A NULL customer travels as an empty field.
    SalesData.Order withoutCustomer = orders.stream().filter(o -> o.customerId() == null).findFirst().orElseThrow();
    String line = bad.csv(SalesTable.ORDERS).lines()
        .filter(l -> l.startsWith(withoutCustomer.orderId() + ",")).findFirst().orElseThrow();
    assertThat(line.split(",", -1)[2]).isEmpty();
    // Clean data of a day is the same with or without the corruption machinery.
    assertThat(clean.orders().stream().map(SalesData.Order::customerId).filter(Objects::isNull)
        .collect(Collectors.toList())).isEmpty();
    assertThat(SalesData.generate(SalesDataSpec.STANDARD).orders().get(0).orderDate()).isEqualTo(LocalDate.of(2023, 1, 1));
  }
}
