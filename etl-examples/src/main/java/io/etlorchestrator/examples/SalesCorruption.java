package io.etlorchestrator.examples;

import java.util.Locale;

/**
 * Bad data a day's delivery can carry, for trying data-quality checks: orders whose customer is
 * missing ({@code nulls}), orders lost on the way ({@code drop}), and orders delivered twice
 * ({@code dupes}). Written on the command line as {@code --corrupt nulls,drop:40%,dupes:5%}; a
 * kind without a percentage takes its default (nulls 10 %, drop 40 %, dupes 5 %).
 *
 * @param nullCustomers the fraction of orders whose {@code customer_id} is NULL
 * @param dropped the fraction of orders left out
 * @param duplicated the fraction of orders delivered a second time (same row, same order id)
 */
public record SalesCorruption(double nullCustomers, double dropped, double duplicated) {
  /** Clean data. */
  public static final SalesCorruption NONE = new SalesCorruption(0, 0, 0);

  private static final String KINDS = "nulls, drop or dupes, each with an optional :N% (e.g. nulls,drop:40%)";

  /** Checks the fractions. */
  public SalesCorruption {
    check("nulls", nullCustomers);
    check("drop", dropped);
    check("dupes", duplicated);
    if (dropped >= 1) {
      throw new IllegalArgumentException("drop must be below 100%: every day keeps some orders");
    }
  }

  private static void check(String kind, double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(String.format(
          Locale.ROOT, "%s must be between 0%% and 100%%, was %s", kind, percent(fraction)));
    }
  }

  /**
   * Reads {@code nulls,drop:40%,dupes:5%}.
   *
   * @throws IllegalArgumentException naming the part that is not a kind or a percentage
   */
  public static SalesCorruption parse(String text) {
    double nulls = 0;
    double drop = 0;
    double dupes = 0;
    if (text.isBlank()) {
      throw new IllegalArgumentException("nothing to corrupt; expected " + KINDS);
    }
    for (String part : text.split(",", -1)) {
      String item = part.trim();
      int colon = item.indexOf(':');
      String kind = colon < 0 ? item : item.substring(0, colon).trim();
      Double given = colon < 0 ? null : fraction(item.substring(colon + 1).trim(), item);
      switch (kind.toLowerCase(Locale.ROOT)) {
        case "nulls":
          nulls = given == null ? 0.10 : given;
          break;
        case "drop":
          drop = given == null ? 0.40 : given;
          break;
        case "dupes":
          dupes = given == null ? 0.05 : given;
          break;
        default:
          throw new IllegalArgumentException(String.format("unknown corruption '%s'; expected %s", kind, KINDS));
      }
    }
    return new SalesCorruption(nulls, drop, dupes);
  }

  private static double fraction(String value, String item) {
    String number = value.endsWith("%") ? value.substring(0, value.length() - 1).trim() : value;
    try {
      double percent = Double.parseDouble(number);
      if (!Double.isFinite(percent)) {
        throw new NumberFormatException();
      }
      return percent / 100;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(String.format(
          "'%s': '%s' is not a percentage; expected a number from 0 to 100, e.g. 40%%", item, value));
    }
  }

  /** Whether the data is clean. */
  public boolean isNone() {
    return nullCustomers == 0 && dropped == 0 && duplicated == 0;
  }

  /** How the command line and the seed marker write it, e.g. {@code nulls:10%,drop:40%}; {@code none}. */
  @Override
  public String toString() {
    if (isNone()) {
      return "none";
    }
    StringBuilder out = new StringBuilder();
    append(out, "nulls", nullCustomers);
    append(out, "drop", dropped);
    append(out, "dupes", duplicated);
    return out.toString();
  }

  private static void append(StringBuilder out, String kind, double fraction) {
    if (fraction > 0) {
      out.append(out.length() == 0 ? "" : ",").append(kind).append(':').append(percent(fraction));
    }
  }

  private static String percent(double fraction) {
    double percent = fraction * 100;
    return (percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent)) + "%";
  }
}
