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
 * @param corruption the bad data the delivery carries ({@link SalesCorruption#NONE} for none)
 */
public record SalesDataSpec(
    long seed, LocalDate firstDay, int days, int customers, int products, int orders,
    SalesCorruption corruption) {

  /** The seed pipeline's volumes: 52,340 orders over the 365 days of 2023, 12,450 customers, 3,200 products. */
  public static final SalesDataSpec STANDARD =
      new SalesDataSpec(20240115L, LocalDate.of(2023, 1, 1), 365, 12_450, 3_200, 52_340);

  /** A spec of clean data. */
  public SalesDataSpec(long seed, LocalDate firstDay, int days, int customers, int products, int orders) {
    this(seed, firstDay, days, customers, products, orders, SalesCorruption.NONE);
  }

  /**
   * The delivery of day {@code day} of the example's daily runs: day 1 is {@link #STANDARD}; each
   * later day is new data from its own seed over the same year and customers, with up to 2 % more
   * or fewer orders, as a real day's volume moves.
   *
   * @throws IllegalArgumentException if {@code day} is below 1
   */
  public static SalesDataSpec day(int day) {
    if (day < 1 || day > 100_000) {
      throw new IllegalArgumentException("the day must be from 1 to 100000, was " + day);
    }
    if (day == 1) {
      return STANDARD;
    }
    int percentChange = Math.floorMod(day * 37, 5) - 2; // -2 .. +2
    int orders = STANDARD.orders() + STANDARD.orders() * percentChange / 100;
    return new SalesDataSpec(STANDARD.seed() + day - 1, STANDARD.firstDay(), STANDARD.days(),
        STANDARD.customers(), STANDARD.products(), orders);
  }

  /** This spec with {@code corruption}. */
  public SalesDataSpec withCorruption(SalesCorruption corruption) {
    return new SalesDataSpec(seed, firstDay, days, customers, products, orders, corruption);
  }

  /** Checks that the volumes fit together. */
  public SalesDataSpec {
    if (firstDay == null) {
      throw new NullPointerException("firstDay");
    }
    if (corruption == null) {
      throw new NullPointerException("corruption");
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
        seed, firstDay, days, customers, products, orders)
        + (corruption.isNone() ? "" : " corrupt=" + corruption);
  }
}
