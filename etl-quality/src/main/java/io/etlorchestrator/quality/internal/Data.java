package io.etlorchestrator.quality.internal;

import io.etlorchestrator.core.quality.CheckContext;
import io.etlorchestrator.core.quality.ColumnProfile;
import io.etlorchestrator.core.quality.DatasetProfile;
import io.etlorchestrator.core.spi.DatasetProfiler;
import io.etlorchestrator.quality.DatasetEngine;
import io.etlorchestrator.quality.UnknownColumnException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the checks share: finding columns in a profile, the engine that queries a dataset, reading
 * timestamps as engines print them, and numbers as people read them. Internal: not part of the
 * public API.
 */
public final class Data {
  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalEnd()
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .toFormatter(Locale.ROOT);

  private Data() {}

  /** The column named {@code name}: as written, else the one that matches ignoring case. */
  public static ColumnProfile column(DatasetProfile profile, String name) {
    Optional<ColumnProfile> exact = profile.column(name);
    if (exact.isPresent()) {
      return exact.get();
    }
    ColumnProfile match = null;
    for (ColumnProfile c : profile.columns()) {
      if (c.name().equalsIgnoreCase(name)) {
        if (match != null) {
          match = null;
          break;
        }
        match = c;
      }
    }
    if (match == null) {
      List<String> names = new ArrayList<>();
      profile.columns().forEach(c -> names.add(c.name()));
      throw new UnknownColumnException(profile.dataset(), name, names);
    }
    return match;
  }

  /** The profile's column names, in order. */
  public static List<String> names(DatasetProfile profile) {
    List<String> names = new ArrayList<>();
    profile.columns().forEach(c -> names.add(c.name()));
    return names;
  }

  /** The first of the executor's profilers that is a {@link DatasetEngine} reading the dataset. */
  public static DatasetEngine engine(CheckContext context, String kind) {
    for (DatasetProfiler profiler : context.profilers()) {
      if (profiler instanceof DatasetEngine && ((DatasetEngine) profiler).reads(context.dataset())) {
        return (DatasetEngine) profiler;
      }
    }
    throw new IllegalStateException(String.format(
        "a %s check queries its dataset, and no registered engine reads '%s' (register etl-quality's"
            + " FileProfiler for files or TableProfiler for tables of a connection)", kind, context.dataset()));
  }

  /**
   * A time as engines print it: {@code 2024-01-15}, {@code 2024-01-15 10:00:00[.123]}, with an
   * offset ({@code +00}, {@code +01:00}, {@code Z}) or without one (read as UTC).
   *
   * @throws DateTimeParseException if it is none of those
   */
  public static Instant instant(String text) {
    String t = text.strip().replace(' ', 'T');
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      // not ISO with Z: try the other forms
    }
    java.util.regex.Matcher offset = java.util.regex.Pattern.compile("([+-]\\d{2})(:?(\\d{2}))?(:?\\d{2})?$").matcher(t);
    if (t.length() > 10 && offset.find() && offset.start() > 10) {
      String hours = offset.group(1);
      String minutes = offset.group(3) == null ? "00" : offset.group(3);
      return OffsetDateTime.parse(t.substring(0, offset.start()) + hours + ":" + minutes).toInstant();
    }
    if (t.length() <= 10) {
      return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC);
  }

  /**
   * An age or duration as people read it and definition files write it: {@code 38h}, {@code
   * 1h30m}, {@code 12m}, {@code 45s}, {@code 250ms}; days are hours ({@code 72h}).
   */
  public static String age(java.time.Duration d) {
    if (d.isNegative()) {
      return "-" + age(d.negated());
    }
    long seconds = d.getSeconds();
    if (seconds == 0) {
      return d.toMillis() + "ms";
    }
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (rest > 0 && hours == 0) {
      out.append(rest).append('s');
    }
    return out.length() == 0 ? hours + "h" : out.toString();
  }

  /** {@code 52,340}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 52,340 rows}, {@code 1 row}. */
  public static String rows(long n) {
    return count(n) + (n == 1 ? " row" : " rows");
  }

  /** A number as people write it: whole numbers with separators, others with up to 4 significant digits. */
  public static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return count((long) d);
    }
    String s = String.format(Locale.ROOT, "%.4g", d);
    if (s.contains("e") || s.contains("E")) {
      return s;
    }
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  /** {@code 12.5%}. */
  public static String percent(double fraction) {
    String s = String.format(Locale.ROOT, "%.1f", fraction * 100);
    return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + "%";
  }
}
