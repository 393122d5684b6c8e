package io.etlorchestrator.examples;

import java.time.LocalDate;

/**
 * What the sales data generator makes: how many customers, products and orders, over which days,
 * from which random seed. The same spec always gives the same rows, byte for byte.
 *
 * @param seed the seed of the generator's {@link java.util.Random}s
 * @param firstDay the date of the first day with orders
 * @param days how many consecutive days have orders (every one of them has at least one)
 * @param customers how many customers
 * @param products how many products
 * @param orders how many orders
 */
public record SalesDataSpec(
    long seed, LocalDate firstDay, int days, int customers, int products, int orders) {

  /** The seed pipeline's volumes: 52,340 orders over the 365 days of 2023, 12,450 customers, 3,200 products. */
  public static final SalesDataSpec STANDARD =
      new SalesDataSpec(20240115L, LocalDate.of(2023, 1, 1), 365, 12_450, 3_200, 52_340);

  /** Checks that the volumes fit together. */
  public SalesDataSpec {
    if (firstDay == null) {
      throw new NullPointerException("firstDay");
    }
    if (days < 1 || customers < 1 || products < 1) {
      throw new IllegalArgumentException(
          String.format(
              "days (%d), customers (%d) and products (%d) must be at least 1", days, customers, products));
    }
    if (orders < days) {
      throw new IllegalArgumentException(
          String.format("orders (%d) must be at least days (%d): every day has an order", orders, days));
    }
  }

  /** The last day with orders. */
  public LocalDate lastDay() {
    return firstDay.plusDays(days - 1L);
  }

  /** A short description for logs and the seed marker, e.g. {@code seed=20240115 orders=52340 ...}. */
  public String fingerprint() {
    return String.format(
        "seed=%d first_day=%s days=%d customers=%d products=%d orders=%d",
        seed, firstDay, days, customers, products, orders);
  }
}
