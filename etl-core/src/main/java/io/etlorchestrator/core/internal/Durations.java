package io.etlorchestrator.core.internal;

import java.time.Duration;

/**
 * Formats durations for definitions and reports, and converts them to nanoseconds without
 * overflowing. Internal: not part of the public API.
 */
public final class Durations {
  private Durations() {}

  /**
   * {@code d} in nanoseconds, or {@code Long.MAX_VALUE} ({@code Long.MIN_VALUE}) when it is longer
   * than a {@code long} of nanoseconds holds (about 292 years): what waits, deadlines and sums use,
   * so that no duration makes them throw.
   */
  public static long saturatedNanos(Duration d) {
    if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    if (d.getSeconds() <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE;
    }
    return d.toNanos();
  }

  /** {@code a + b}, or {@code Long.MAX_VALUE} ({@code Long.MIN_VALUE}) instead of overflowing. */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow iff both operands have the sign the sum lacks.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /** {@code nanos * 2^shift} for {@code nanos >= 0}, or {@code Long.MAX_VALUE} instead of overflowing. */
  public static long saturatedShift(long nanos, int shift) {
    if (shift >= 63 || nanos > (Long.MAX_VALUE >> shift)) {
      return nanos == 0 ? 0 : Long.MAX_VALUE;
    }
    return nanos << shift;
  }

  /**
   * The compact form used in definitions and plans, as the seed writes them: {@code 120s} for
   * whole seconds, {@code 250ms} for whole milliseconds, otherwise ISO-8601 ({@code PT0.0000001S}).
   */
  public static String compact(Duration d) {
    if (d.getNano() == 0) {
      return d.getSeconds() + "s";
    }
    if (d.getNano() % 1_000_000 == 0) {
      return d.toMillis() + "ms";
    }
    return d.toString();
  }

  /**
   * The human form used in reports, as the seed's step table: {@code 58s}, {@code 2m 5s}, {@code
   * 1h 2m 3s}; below one second, milliseconds ({@code 250ms}).
   */
  public static String human(Duration d) {
    if (d.isNegative()) {
      return "-" + human(d.negated());
    }
    long totalSeconds = d.getSeconds();
    if (totalSeconds == 0) {
      return d.toMillis() + "ms";
    }
    long hours = totalSeconds / 3600;
    long minutes = (totalSeconds % 3600) / 60;
    long seconds = totalSeconds % 60;
    StringBuilder sb = new StringBuilder();
    if (hours > 0) {
      sb.append(hours).append("h ");
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append("m ");
    }
    sb.append(seconds).append('s');
    return sb.toString();
  }

  /**
   * {@link #human(Duration)}, but to a tenth of a second between one second and a minute ({@code
   * 6.8s}, {@code 7s} for 7.04 s; tenths are cut, not rounded, as {@code human} cuts seconds), so
   * that short durations that are meant to add up do: {@code 200ms} and {@code 6.8s} make {@code 7s}.
   */
  public static String precise(Duration d) {
    if (d.isNegative()) {
      return "-" + precise(d.negated());
    }
    if (d.getSeconds() == 0 || d.getSeconds() >= 60) {
      return human(d);
    }
    long tenths = d.toMillis() / 100;
    return tenths % 10 == 0 ? tenths / 10 + "s" : tenths / 10 + "." + tenths % 10 + "s";
  }
}
