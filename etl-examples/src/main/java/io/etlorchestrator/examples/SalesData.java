package io.etlorchestrator.examples;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Deterministic sales data: customers, products and orders generated from a {@link SalesDataSpec}.
 *
 * <p>Each table has its own {@link Random} seeded from the spec's seed, and {@code Random}'s
 * algorithm is fixed by its specification, so the same spec gives the same rows on every JVM.
 * Orders are numbered in date order; every day of the spec has at least one order, weekends and
 * the last two months of the year have more.
 *
 * <pre>{@code
 * SalesData data = SalesData.generate(SalesDataSpec.STANDARD);
 * String ordersCsv = data.csv(SalesTable.ORDERS);
 * }</pre>
 *
 * @param spec what was generated
 * @param customers the customers, by id
 * @param products the products, by id
 * @param orders the orders, by id (and so by date)
 */
public record SalesData(
    SalesDataSpec spec, List<Customer> customers, List<Product> products, List<Order> orders) {

  /** A customer row. */
  public record Customer(
      int customerId, String name, String email, String region, String segment, LocalDate signupDate) {}

  /** A product row; {@code listPrice} has two decimals. */
  public record Product(int productId, String name, String category, BigDecimal listPrice) {}

  /**
   * An order row; {@code discount} is a fraction with two decimals; {@code customerId} is null
   * only in a corrupted delivery ({@link SalesCorruption#nullCustomers()}).
   */
  public record Order(
      long orderId,
      LocalDate orderDate,
      Integer customerId,
      int productId,
      int quantity,
      BigDecimal discount,
      String channel) {}

  private static final String[] FIRST_NAMES = {
    "Ava", "Liam", "Mia", "Noah", "Emma", "Oliver", "Sofia", "Elijah", "Isla", "Lucas",
    "Amara", "Mateo", "Yuki", "Arjun", "Chloe", "Kofi", "Leila", "Ivan", "Nora", "Diego"
  };
  private static final String[] LAST_NAMES = {
    "Smith", "Garcia", "Chen", "Okafor", "Muller", "Rossi", "Novak", "Silva", "Kim", "Patel",
    "Dubois", "Jensen", "Tanaka", "Haddad", "Larsen", "Moreau", "Ivanova", "Costa", "Walker", "Ng"
  };
  private static final String[] REGIONS = {"north", "south", "east", "west", "central"};
  private static final String[] SEGMENTS = {"consumer", "small_business", "enterprise"};
  private static final double[] SEGMENT_WEIGHTS = {0.70, 0.22, 0.08};
  private static final String[] CATEGORIES = {
    "electronics", "home", "garden", "toys", "books", "sports",
    "beauty", "grocery", "clothing", "office", "automotive", "pets"
  };
  private static final String[] ADJECTIVES = {
    "Classic", "Compact", "Deluxe", "Eco", "Smart", "Ultra", "Mini", "Pro", "Travel", "Family"
  };
  private static final String[] NOUNS = {
    "Lamp", "Kettle", "Backpack", "Speaker", "Notebook", "Blender", "Jacket", "Planter", "Puzzle", "Bottle"
  };
  private static final String[] CHANNELS = {"web", "mobile", "store"};
  private static final double[] CHANNEL_WEIGHTS = {0.5, 0.3, 0.2};
  private static final int[] QUANTITIES = {1, 2, 3, 4, 5};
  private static final double[] QUANTITY_WEIGHTS = {0.55, 0.25, 0.10, 0.06, 0.04};
  private static final String[] DISCOUNTS = {"0.00", "0.05", "0.10", "0.15", "0.20"};
  private static final double[] DISCOUNT_WEIGHTS = {0.70, 0.12, 0.10, 0.05, 0.03};

  /** Copies the lists. */
  public SalesData {
    customers = List.copyOf(customers);
    products = List.copyOf(products);
    orders = List.copyOf(orders);
  }

  /**
   * Generates the data of {@code spec}, its corruption applied to the orders; the same spec always
   * gives equal data.
   */
  public static SalesData generate(SalesDataSpec spec) {
    return new SalesData(spec, customers(spec), products(spec), corrupt(spec, orders(spec)));
  }

  /**
   * The orders as {@code spec}'s corruption delivers them: some left out, some without a
   * customer, some twice (the copy right after the original); all with their own random numbers,
   * so clean data stays byte for byte what it was.
   */
  private static List<Order> corrupt(SalesDataSpec spec, List<Order> orders) {
    SalesCorruption corruption = spec.corruption();
    if (corruption.isNone()) {
      return orders;
    }
    Random random = new Random(spec.seed() * 31 + SalesTable.values().length);
    List<Order> delivered = new ArrayList<>(orders.size());
    LocalDate lastKeptDay = null;
    for (int i = 0; i < orders.size(); i++) {
      Order order = orders.get(i);
      boolean lastOfDay = i + 1 == orders.size() || !orders.get(i + 1).orderDate().equals(order.orderDate());
      boolean dayKept = order.orderDate().equals(lastKeptDay);
      // Every day keeps at least its last order, so a day never disappears from the marts.
      if (random.nextDouble() < corruption.dropped() && (dayKept || !lastOfDay)) {
        continue;
      }
      lastKeptDay = order.orderDate();
      if (random.nextDouble() < corruption.nullCustomers()) {
        order = new Order(order.orderId(), order.orderDate(), null, order.productId(), order.quantity(),
            order.discount(), order.channel());
      }
      delivered.add(order);
      if (random.nextDouble() < corruption.duplicated()) {
        delivered.add(order);
      }
    }
    return delivered;
  }

  /** How many rows {@code table} has. */
  public int rows(SalesTable table) {
    switch (table) {
      case CUSTOMERS:
        return customers.size();
      case PRODUCTS:
        return products.size();
      case ORDERS:
        return orders.size();
      default:
        throw new IllegalArgumentException("unknown table " + table);
    }
  }

  /**
   * The rows of {@code table} as CSV without a header, columns in {@link SalesTable#columns()}
   * order, dates as {@code yyyy-MM-dd}, lines ending in {@code \n}.
   */
  public String csv(SalesTable table) {
    StringBuilder out = new StringBuilder(rows(table) * 64);
    switch (table) {
      case CUSTOMERS:
        for (Customer c : customers) {
          line(out, c.customerId(), c.name(), c.email(), c.region(), c.segment(), c.signupDate());
        }
        break;
      case PRODUCTS:
        for (Product p : products) {
          line(out, p.productId(), p.name(), p.category(), p.listPrice().toPlainString());
        }
        break;
      case ORDERS:
        for (Order o : orders) {
          line(out, o.orderId(), o.orderDate(), o.customerId(), o.productId(), o.quantity(),
              o.discount().toPlainString(), o.channel());
        }
        break;
      default:
        throw new IllegalArgumentException("unknown table " + table);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, Object... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      if (values[i] == null) {
        continue; // an empty unquoted field: NULL for PostgreSQL's COPY and DuckDB's read_csv
      }
      String value = String.valueOf(values[i]);
      if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
        out.append('"').append(value.replace("\"", "\"\"")).append('"');
      } else {
        out.append(value);
      }
    }
    out.append('\n');
  }

  private static Random random(SalesDataSpec spec, SalesTable table) {
    return new Random(spec.seed() * 31 + table.ordinal());
  }

  private static List<Customer> customers(SalesDataSpec spec) {
    Random random = random(spec, SalesTable.CUSTOMERS);
    LocalDate signupStart = spec.firstDay().minusYears(4);
    int signupDays = 4 * 365;
    List<Customer> customers = new ArrayList<>(spec.customers());
    for (int id = 1; id <= spec.customers(); id++) {
      String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
      String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
      String region = REGIONS[random.nextInt(REGIONS.length)];
      String segment = SEGMENTS[pick(random, SEGMENT_WEIGHTS)];
      LocalDate signup = signupStart.plusDays(random.nextInt(signupDays));
      customers.add(
          new Customer(
              id,
              first + " " + last,
              (first + "." + last + id + "@example.com").toLowerCase(java.util.Locale.ROOT),
              region,
              segment,
              signup));
    }
    return customers;
  }

  private static List<Product> products(SalesDataSpec spec) {
    Random random = random(spec, SalesTable.PRODUCTS);
    List<Product> products = new ArrayList<>(spec.products());
    for (int id = 1; id <= spec.products(); id++) {
      String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
      String name =
          ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + NOUNS[random.nextInt(NOUNS.length)] + " " + id;
      // Prices from 2.00 to 499.99, most of them cheap.
      double u = random.nextDouble();
      long cents = 200 + (long) (u * u * 49_799);
      products.add(new Product(id, name, category, BigDecimal.valueOf(cents, 2)));
    }
    return products;
  }

  private static List<Order> orders(SalesDataSpec spec) {
    Random random = random(spec, SalesTable.ORDERS);
    int days = spec.days();
    double[] dayWeights = new double[days];
    for (int d = 0; d < days; d++) {
      LocalDate date = spec.firstDay().plusDays(d);
      double weight = 1.0;
      if (date.getDayOfWeek().getValue() >= 6) {
        weight *= 1.3;
      }
      if (date.getMonthValue() >= 11) {
        weight *= 1.5;
      }
      dayWeights[d] = weight;
    }
    int[] dayOfOrder = new int[spec.orders()];
    // Every day gets one order; the rest follow the weights.
    for (int d = 0; d < days; d++) {
      dayOfOrder[d] = d;
    }
    for (int i = days; i < dayOfOrder.length; i++) {
      dayOfOrder[i] = pick(random, dayWeights);
    }
    Arrays.sort(dayOfOrder);
    List<Order> orders = new ArrayList<>(spec.orders());
    for (int i = 0; i < dayOfOrder.length; i++) {
      int customer = 1 + random.nextInt(spec.customers());
      int product = 1 + random.nextInt(spec.products());
      int quantity = QUANTITIES[pick(random, QUANTITY_WEIGHTS)];
      BigDecimal discount = new BigDecimal(DISCOUNTS[pick(random, DISCOUNT_WEIGHTS)]);
      String channel = CHANNELS[pick(random, CHANNEL_WEIGHTS)];
      orders.add(
          new Order(
              i + 1L, spec.firstDay().plusDays(dayOfOrder[i]), customer, product, quantity, discount, channel));
    }
    return orders;
  }

  /** An index drawn with probability proportional to {@code weights}. */
  private static int pick(Random random, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
