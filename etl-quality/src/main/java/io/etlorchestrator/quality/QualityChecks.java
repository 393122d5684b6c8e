package io.etlorchestrator.quality;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.DatasetProfile;
import io.etlorchestrator.quality.internal.CheckLogic;
import io.etlorchestrator.quality.internal.Data;
import io.etlorchestrator.quality.internal.DriftLogic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The built-in check kinds, as the {@code checks:} of a definition file names them, for pipelines
 * built in code. Each method gives a {@link Check.Builder} with the check's kind, name, settings
 * and logic, to which a severity or retry can be added before {@code build()}:
 *
 * <pre>{@code
 * String mart = "marts/daily_sales.parquet";
 * Pipeline.builder("daily_sales")
 *     .step("aggregate_sales", s -> s.outputs(mart)
 *         .check(QualityChecks.rowCount(mart, 300L, 400L).build())
 *         .check(QualityChecks.notNull(mart, "sale_date", "revenue").build())
 *         .check(QualityChecks.unique(mart, "sale_date").severity(CheckSeverity.WARN).build())
 *         .check(QualityChecks.drift(mart, "row_count", DriftRule.maxChange(0.20)).build())
 *         .action(ctx -> aggregate()))
 *     .build();
 * }</pre>
 *
 * <p>Checks read the dataset's {@linkplain io.etlorchestrator.core.quality.CheckContext#profile()
 * profile} (from the executor's profilers, such as {@link FileProfiler} and {@link TableProfiler},
 * or the one the step reported); {@code unique}, {@code accepted_values} and {@code sql} also query
 * the dataset, through the registered {@link DatasetEngine} that reads it. A check naming a column
 * the dataset lacks comes out as an error ({@link UnknownColumnException}) listing the columns it
 * has; columns are matched as written, else ignoring case. Drift and {@code schema unchanged}
 * compare with the dataset's profiles in earlier successful runs (the executor's checkpoint store),
 * and pass saying "no baseline" while there are none.
 *
 * <p>Arguments are checked here: an invalid one is an {@link IllegalArgumentException} saying what
 * would be valid.
 */
public final class QualityChecks {
  /** The built-in kinds, as definitions name them. */
  public static final List<String> KINDS = List.of(
      "row_count", "not_null", "unique", "accepted_values", "range", "freshness", "schema", "drift", "sql");

  private static final Pattern METRIC =
      Pattern.compile("(row_count|bytes)|(null_count|null_ratio|distinct_count|mean)\\(\\s*([^()\\s][^()]*?)\\s*\\)");

  private QualityChecks() {}

  /**
   * {@code row_count}: the dataset has from {@code min} to {@code max} rows (either may be null,
   * not both).
   */
  public static Check.Builder rowCount(String dataset, Long min, Long max) {
    Checks.argument(min != null || max != null, "row_count needs min, max or both");
    Checks.argument(min == null || min >= 0, "row_count: min must be zero or more, was %s", min);
    Checks.argument(min == null || max == null || min <= max, "row_count: min (%s) must not be greater than max (%s)", min, max);
    Map<String, Object> params = new LinkedHashMap<>();
    if (min != null) {
      params.put("min", plain(min));
    }
    if (max != null) {
      params.put("max", plain(max));
    }
    return builder("row_count", dataset, "row_count", params).logic(CheckLogic.rowCount(min, max));
  }

  /** {@code not_null}: none of {@code columns} has a null value. */
  public static Check.Builder notNull(String dataset, String... columns) {
    List<String> list = columns("not_null", columns);
    return builder("not_null", dataset, "not_null(" + String.join(", ", list) + ")", Map.of("not_null", list))
        .logic(CheckLogic.notNull(list));
  }

  /**
   * {@code unique}: no two rows have the same values of {@code columns} (rows with a null in one
   * of them are not compared: {@code not_null} checks those). Queries the dataset.
   */
  public static Check.Builder unique(String dataset, String... columns) {
    List<String> list = columns("unique", columns);
    return builder("unique", dataset, "unique(" + String.join(", ", list) + ")", Map.of("unique", list))
        .logic(CheckLogic.unique(list));
  }

  /**
   * {@code accepted_values}: every value of {@code column} that is not null is one of {@code
   * values} (compared as text). Queries the dataset.
   */
  public static Check.Builder acceptedValues(String dataset, String column, Collection<?> values) {
    Checks.notNull(values, "values");
    Checks.argument(!values.isEmpty(), "accepted_values needs at least one value");
    List<Object> plain = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (Object value : values) {
      Checks.argument(value instanceof String || value instanceof Number || value instanceof Boolean,
          "accepted_values: values must be text, numbers or booleans, was %s", value);
      plain.add(value);
      texts.add(String.valueOf(value));
    }
    String c = column("accepted_values", column);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("column", c);
    params.put("values", plain);
    return builder("accepted_values", dataset, "accepted_values(" + c + ")", params)
        .logic(CheckLogic.acceptedValues(c, texts));
  }

  /** {@code range}: {@code column}'s values are from {@code min} to {@code max} (either may be null, not both). */
  public static Check.Builder range(String dataset, String column, Number min, Number max) {
    Checks.argument(min != null || max != null, "range needs min, max or both");
    Checks.argument(min == null || max == null || min.doubleValue() <= max.doubleValue(),
        "range: min (%s) must not be greater than max (%s)", min, max);
    return range(dataset, column, (Object) min, (Object) max);
  }

  /**
   * {@code range} of a date or time column: its values are from {@code min} to {@code max}, dates
   * or times such as {@code 2024-01-01} or {@code 2024-01-01T00:00:00Z} (either may be null, not
   * both).
   */
  public static Check.Builder range(String dataset, String column, String min, String max) {
    Checks.argument(min != null || max != null, "range needs min, max or both");
    for (String bound : Arrays.asList(min, max)) {
      if (bound != null) {
        try {
          Data.instant(bound);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(String.format(
              "range: '%s' is neither a number nor a date or time such as 2024-01-01 or 2024-01-01T10:00:00Z", bound));
        }
      }
    }
    return range(dataset, column, (Object) min, (Object) max);
  }

  private static Check.Builder range(String dataset, String column, Object min, Object max) {
    String c = column("range", column);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("column", c);
    if (min != null) {
      params.put("min", min);
    }
    if (max != null) {
      params.put("max", max);
    }
    return builder("range", dataset, "range(" + c + ")", params).logic(CheckLogic.range(c, min, max));
  }

  /**
   * {@code freshness}: the newest value of {@code column} (a date or time; without a zone, UTC) is
   * at most {@code maxAge} older than when the dataset was profiled.
   */
  public static Check.Builder freshness(String dataset, String column, Duration maxAge) {
    String c = column("freshness", column);
    positive(maxAge);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("column", c);
    params.put("max_age", Data.age(maxAge));
    return builder("freshness", dataset, "freshness(" + c + ")", params).logic(CheckLogic.freshness(c, maxAge));
  }

  /** {@code freshness} without a column: the dataset was last modified at most {@code maxAge} ago (files). */
  public static Check.Builder freshness(String dataset, Duration maxAge) {
    positive(maxAge);
    return builder("freshness", dataset, "freshness", Map.of("max_age", Data.age(maxAge)))
        .logic(CheckLogic.freshness(null, maxAge));
  }

  /**
   * {@code schema}: each of {@code columns} (name to type, such as {@code sale_date: date}) exists
   * with that type; other columns may exist too. Types are compared by family ({@code double},
   * {@code float8} and {@code DOUBLE PRECISION} are one; {@code text} and {@code varchar} are one),
   * and their parameters only when both give them.
   */
  public static Check.Builder schema(String dataset, Map<String, String> columns) {
    Checks.notNull(columns, "columns");
    Checks.argument(!columns.isEmpty(), "schema needs at least one column");
    Map<String, String> copy = new LinkedHashMap<>();
    columns.forEach((name, type) -> {
      column("schema", name);
      Checks.argument(type != null && !type.isBlank(), "schema: column %s needs a type", name);
      copy.put(name, type);
    });
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("columns", new LinkedHashMap<>(copy));
    return builder("schema", dataset, "schema", params).logic(CheckLogic.schema(copy));
  }

  /**
   * {@code schema: unchanged}: the dataset has the same columns with the same types as in the
   * previous successful run (a column added, removed or of another type fails it).
   */
  public static Check.Builder schemaUnchanged(String dataset) {
    return builder("schema", dataset, "schema", Map.of("schema", "unchanged")).logic(CheckLogic.schemaUnchanged());
  }

  /**
   * {@code drift}: a profile metric ({@code row_count}, {@code bytes}, {@code null_count(c)},
   * {@code null_ratio(c)}, {@code distinct_count(c)}, {@code mean(c)}) compared with its baseline in
   * earlier successful runs by {@code rule}.
   */
  public static Check.Builder drift(String dataset, String metric, DriftRule rule) {
    String m = metric(metric);
    Checks.notNull(rule, "rule");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("metric", m);
    rule.maxChange().ifPresent(c -> params.put("max_change", percentText(c)));
    rule.sensitivity().ifPresent(s -> params.put("sensitivity", s == Math.rint(s) ? (Object) (int) s : (Object) s));
    params.put("baseline", rule.baselineRuns() == 1 ? "previous" : Map.of("last", rule.baselineRuns()));
    return builder("drift", dataset, "drift(" + m + ")", params).logic(DriftLogic.drift(m, rule));
  }

  /**
   * {@code sql}: {@code select} returns no rows; it selects the failing rows, with {@code
   * {dataset}} standing for the dataset ({@code select * from {dataset} where revenue < 0}). Runs
   * on the engine that reads the dataset (DuckDB for files; the connection's database for tables).
   */
  public static Check.Builder sql(String dataset, String select) {
    Checks.notNull(select, "select");
    Checks.argument(!select.isBlank(), "sql needs a query that selects the failing rows");
    return builder("sql", dataset, "sql", Map.of("sql", select)).logic(CheckLogic.sql(select));
  }

  /**
   * {@code metric} checked and normalized ({@code null_ratio( c )} is {@code null_ratio(c)}).
   *
   * @throws IllegalArgumentException naming the accepted metrics
   */
  public static String metric(String metric) {
    Checks.notNull(metric, "metric");
    java.util.regex.Matcher m = METRIC.matcher(metric.strip());
    Checks.argument(m.matches(), "unknown metric '%s'; accepted: %s", metric, DatasetProfile.METRICS);
    return m.group(1) != null ? m.group(1) : m.group(2) + "(" + m.group(3) + ")";
  }

  /** {@code 20%} for 0.2. */
  static String percentText(double fraction) {
    java.math.BigDecimal percent = java.math.BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros();
    return percent.toPlainString() + "%";
  }

  private static Check.Builder builder(String kind, String dataset, String name, Map<String, ?> params) {
    Checks.notNull(dataset, "dataset");
    Checks.argument(!dataset.isBlank(), "dataset must not be blank");
    return Check.builder(kind, dataset).name(name).params(params);
  }

  private static List<String> columns(String kind, String... columns) {
    Checks.notNull(columns, "columns");
    Checks.argument(columns.length > 0, "%s needs at least one column", kind);
    List<String> list = new ArrayList<>();
    for (String column : columns) {
      String c = column(kind, column);
      Checks.argument(!list.contains(c), "%s: column %s is listed twice", kind, c);
      list.add(c);
    }
    return List.copyOf(list);
  }

  private static String column(String kind, String column) {
    Checks.argument(column != null && !column.isBlank(), "%s needs a column name", kind);
    return column;
  }

  private static void positive(Duration maxAge) {
    Checks.notNull(maxAge, "maxAge");
    Checks.argument(!maxAge.isNegative() && !maxAge.isZero(), "freshness: max_age must be positive, was %s", maxAge);
  }

  /** Whole numbers as the file reads them back (an int when it fits). */
  private static Object plain(long n) {
    return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? (Object) (int) n : (Object) n;
  }
}
