package io.etlorchestrator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SalesDataTest {
  private static final SalesData DATA = SalesData.generate(SalesDataSpec.STANDARD);

  @Test
  void generatesTheSeedVolumes() {
    assertThat(DATA.orders()).as("orders").hasSize(52_340);
    assertThat(DATA.customers()).as("customers").hasSize(12_450);
    assertThat(DATA.products()).as("products").hasSize(3_200);
    assertThat(DATA.csv(SalesTable.ORDERS).lines()).as("order CSV lines").hasSize(52_340);
  }

  @Test
  void everyDayOfTheYearHasAnOrder() {
    Set<LocalDate> days = DATA.orders().stream().map(SalesData.Order::orderDate).collect(Collectors.toCollection(TreeSet::new));
    assertThat(days).as("distinct order dates").hasSize(365);
    assertThat(days.iterator().next()).isEqualTo(LocalDate.of(2023, 1, 1));
    assertThat(((TreeSet<LocalDate>) days).last()).isEqualTo(LocalDate.of(2023, 12, 31));
  }

  @Test
  void ordersAreNumberedInDateOrderAndReferenceExistingRows() {
    for (int i = 0; i < DATA.orders().size(); i++) {
      SalesData.Order order = DATA.orders().get(i);
      assertThat(order.orderId()).isEqualTo(i + 1L);
      if (i > 0) {
        assertThat(order.orderDate()).isAfterOrEqualTo(DATA.orders().get(i - 1).orderDate());
      }
      assertThat(order.customerId()).isBetween(1, 12_450);
      assertThat(order.productId()).isBetween(1, 3_200);
      assertThat(order.quantity()).isBetween(1, 5);
    }
  }

  @Test
  void generatingTwiceGivesTheSameRowsByteForByte() {
    SalesData again = SalesData.generate(SalesDataSpec.STANDARD);
    assertThat(again).isEqualTo(DATA);
    for (SalesTable table : SalesTable.values()) {
      assertThat(again.csv(table)).as("CSV of %s", table).isEqualTo(DATA.csv(table));
    }
  }

  @Test
  void anotherSeedGivesOtherRows() {
    SalesDataSpec spec = SalesDataSpec.STANDARD;
    SalesData other = SalesData.generate(
        new SalesDataSpec(spec.seed() + 1, spec.firstDay(), spec.days(), spec.customers(), spec.products(), spec.orders()));
    assertThat(other.csv(SalesTable.ORDERS)).isNotEqualTo(DATA.csv(SalesTable.ORDERS));
    assertThat(other.orders()).hasSize(52_340);
  }

  @Test
  void rejectsFewerOrdersThanDays() {
    assertThatThrownBy(() -> new SalesDataSpec(1, LocalDate.of(2023, 1, 1), 365, 10, 10, 364))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orders (364) must be at least days (365)");
  }
}
