package io.etlorchestrator.quality.internal;

import io.etlorchestrator.core.quality.CheckContext;
import io.etlorchestrator.core.quality.CheckVerdict;
import io.etlorchestrator.core.quality.ColumnProfile;
import io.etlorchestrator.core.quality.DatasetCheck;
import io.etlorchestrator.core.quality.DatasetProfile;
import io.etlorchestrator.quality.DatasetEngine;
import io.etlorchestrator.quality.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The logic of the built-in check kinds, each a {@link DatasetCheck} whose verdict speaks the
 * user's terms. Arguments are checked by {@code QualityChecks}. Internal: not part of the public
 * API.
 */
public final class CheckLogic {
  /** How many failing rows or values a message shows. */
  public static final int SAMPLE = 5;

  private CheckLogic() {}

  /** {@code row_count}: rows from {@code min} to {@code max} (either may be null). */
  public static DatasetCheck rowCount(Long min, Long max) {
    String expected = min != null && max != null
        ? Data.count(min) + " to " + Data.rows(max)
        : min != null ? "at least " + Data.rows(min) : "at most " + Data.rows(max);
    return ctx -> {
      DatasetProfile profile = ctx.profile();
      long rows = profile.rows().orElseThrow(() -> new IllegalStateException(
          "the profile of " + ctx.dataset() + " has no row count"));
      String observed = Data.rows(rows);
      if (min != null && rows < min) {
        return CheckVerdict.fail(observed, expected, String.format(
            "%s has %s, fewer than the %s expected", ctx.dataset(), observed, Data.count(min)));
      }
      if (max != null && rows > max) {
        return CheckVerdict.fail(observed, expected, String.format(
            "%s has %s, more than the %s expected", ctx.dataset(), observed, Data.count(max)));
      }
      return CheckVerdict.pass(observed, expected);
    };
  }

  /** {@code not_null}: no nulls in {@code columns}. */
  public static DatasetCheck notNull(List<String> columns) {
    String expected = "no nulls in " + String.join(", ", columns);
    return ctx -> {
      DatasetProfile profile = ctx.profile();
      List<String> failing = new ArrayList<>();
      List<String> seen = new ArrayList<>();
      for (String name : columns) {
        ColumnProfile column = Data.column(profile, name);
        seen.add(column.name() + ": " + (column.nulls() == 0 ? "no nulls" : Data.count(column.nulls())
            + (column.nulls() == 1 ? " null" : " nulls")));
        if (column.nulls() > 0) {
          failing.add(String.format("%s has %s null%s%s", column.name(), Data.count(column.nulls()),
              column.nulls() == 1 ? "" : "s",
              profile.rows().isPresent() ? " of " + Data.rows(profile.rows().getAsLong()) : ""));
        }
      }
      String observed = String.join(", ", seen);
      return failing.isEmpty()
          ? CheckVerdict.pass(observed, expected)
          : CheckVerdict.fail(observed, expected, String.join("; ", failing));
    };
  }

  /** {@code unique}: no two rows share a value of {@code columns} (rows with a null there are not compared). */
  public static DatasetCheck unique(List<String> columns) {
    String expected = "each " + String.join(", ", columns) + " once";
    return ctx -> {
      DatasetProfile profile = ctx.profile();
      DatasetEngine engine = Data.engine(ctx, "unique");
      List<String> keys = new ArrayList<>();
      List<String> present = new ArrayList<>();
      for (String name : columns) {
        String actual = Data.column(profile, name).name();
        keys.add(engine.quote(actual));
        present.add(engine.quote(actual) + " IS NOT NULL");
      }
      String key = String.join(", ", keys);
      QueryResult duplicates = engine.query(ctx.dataset(),
          "SELECT " + key + ", count(*) AS occurrences FROM {dataset} WHERE " + String.join(" AND ", present)
              + " GROUP BY " + key + " HAVING count(*) > 1 ORDER BY count(*) DESC",
          SAMPLE);
      if (duplicates.count() == 0) {
        return CheckVerdict.pass("no duplicates", expected);
      }
      String observed = Data.count(duplicates.count()) + (duplicates.count() == 1 ? " duplicated value" : " duplicated values");
      return CheckVerdict.fail(observed, expected, String.format("%s: %s of %s appear%s more than once, e.g. %s",
          ctx.dataset(), Data.count(duplicates.count()), String.join(", ", columns),
          duplicates.count() == 1 ? "s" : "", duplicates.describeRows()));
    };
  }

  /** {@code accepted_values}: every non-null value of {@code column} is one of {@code values}. */
  public static DatasetCheck acceptedValues(String column, List<String> values) {
    String expected = column + " in " + String.join(", ", values);
    return ctx -> {
      DatasetProfile profile = ctx.profile();
      DatasetEngine engine = Data.engine(ctx, "accepted_values");
      String c = engine.quote(Data.column(profile, column).name());
      String text = "CAST(" + c + " AS VARCHAR)";
      List<String> literals = new ArrayList<>();
      values.forEach(v -> literals.add(ProfileSql.literal(v)));
      String where = " FROM {dataset} WHERE " + c + " IS NOT NULL AND " + text + " NOT IN (" + String.join(", ", literals) + ")";
      QueryResult rows = engine.query(ctx.dataset(), "SELECT " + c + where, 0);
      if (rows.count() == 0) {
        return CheckVerdict.pass("no other values", expected);
      }
      QueryResult others = engine.query(ctx.dataset(),
          "SELECT " + text + " AS " + c + ", count(*) AS occurrences" + where + " GROUP BY " + text
              + " ORDER BY count(*) DESC", SAMPLE);
      String observed = Data.rows(rows.count()) + " with " + Data.count(others.count())
          + (others.count() == 1 ? " other value" : " other values");
      return CheckVerdict.fail(observed, expected, String.format("%s has values outside the accepted ones: %s",
          column, others.describeRows()));
    };
  }

  /** {@code range}: {@code column}'s values from {@code min} to {@code max} (numbers, or dates and times as text). */
  public static DatasetCheck range(String column, Object min, Object max) {
    String expected = min != null && max != null
        ? column + " from " + min + " to " + max
        : min != null ? column + " at least " + min : column + " at most " + max;
    return ctx -> {
      ColumnProfile c = Data.column(ctx.profile(), column);
      if (c.min().isEmpty() && c.max().isEmpty()) {
        if (c.nulls() > 0 || ctx.profile().rows().orElse(1) == 0) {
          return CheckVerdict.pass("no values", expected);
        }
        throw new IllegalStateException(String.format(
            "the profile of %s has no min and max of column %s (%s)", ctx.dataset(), c.name(), c.type()));
      }
      String observed = "min " + c.min().orElse("-") + ", max " + c.max().orElse("-");
      List<String> failing = new ArrayList<>();
      if (min != null && c.min().isPresent() && compare(c.min().get(), min, c) < 0) {
        failing.add(String.format("%s has values below %s (min %s)", c.name(), min, c.min().get()));
      }
      if (max != null && c.max().isPresent() && compare(c.max().get(), max, c) > 0) {
        failing.add(String.format("%s has values above %s (max %s)", c.name(), max, c.max().get()));
      }
      return failing.isEmpty()
          ? CheckVerdict.pass(observed, expected)
          : CheckVerdict.fail(observed, expected, String.join("; ", failing));
    };
  }

  private static int compare(String value, Object bound, ColumnProfile column) {
    if (bound instanceof Number) {
      double v;
      try {
        v = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalStateException(String.format(
            "range compares column %s (%s) with the number %s, and its values are not numbers (min or max '%s')",
            column.name(), column.type(), bound, value));
      }
      return Double.compare(v, ((Number) bound).doubleValue());
    }
    try {
      return Data.instant(value).compareTo(Data.instant(bound.toString()));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalStateException(String.format(
          "range compares column %s (%s) with '%s' as dates or times, and '%s' is not one", column.name(),
          column.type(), bound, value));
    }
  }

  /** {@code freshness}: the newest {@code column} value (null: the last modification) at most {@code maxAge} old. */
  public static DatasetCheck freshness(String column, Duration maxAge) {
    String expected = "at most " + Data.age(maxAge) + " old";
    return ctx -> {
      DatasetProfile profile = ctx.profile();
      Instant now = profile.profiledAt();
      Instant newest;
      String what;
      if (column == null) {
        newest = profile.lastModified().orElseThrow(() -> new IllegalStateException(String.format(
            "%s has no last-modified time (a table?); give freshness a column, {column: updated_at, max_age: %s}",
            ctx.dataset(), Data.age(maxAge))));
        what = "last written";
      } else {
        ColumnProfile c = Data.column(profile, column);
        if (c.max().isEmpty()) {
          return CheckVerdict.fail("no values", expected, String.format("%s has no %s values to date it by",
              ctx.dataset(), c.name()));
        }
        try {
          newest = Data.instant(c.max().get());
        } catch (java.time.format.DateTimeParseException e) {
          throw new IllegalStateException(String.format(
              "freshness reads column %s (%s) as dates or times, and its newest value '%s' is not one",
              c.name(), c.type(), c.max().get()));
        }
        what = "newest " + c.name();
      }
      Duration age = Duration.between(newest, now);
      String observed = String.format("%s %s ago (%s)", what, Data.age(age.isNegative() ? Duration.ZERO : age), newest);
      if (age.compareTo(maxAge) > 0) {
        return CheckVerdict.fail(observed, expected, String.format("%s is %s old (%s %s), older than %s",
            ctx.dataset(), Data.age(age), what, newest, Data.age(maxAge)));
      }
      return CheckVerdict.pass(observed, expected);
    };
  }

  /** {@code schema: {columns: ...}}: each listed column exists with its type; others may exist too. */
  public static DatasetCheck schema(Map<String, String> columns) {
    List<String> wanted = new ArrayList<>();
    columns.forEach((name, type) -> wanted.add(name + " " + type));
    String expected = String.join(", ", wanted);
    return ctx -> {
      DatasetProfile profile = ctx.profile();
      List<String> failing = new ArrayList<>();
      List<String> seen = new ArrayList<>();
      for (Map.Entry<String, String> entry : columns.entrySet()) {
        Optional<ColumnProfile> column = find(profile, entry.getKey());
        if (column.isEmpty()) {
          failing.add("column " + entry.getKey() + " is missing");
          seen.add(entry.getKey() + " missing");
          continue;
        }
        seen.add(column.get().name() + " " + column.get().type());
        if (!TypeNames.matches(entry.getValue(), column.get().type())) {
          failing.add(String.format("%s is %s, expected %s", column.get().name(), column.get().type(), entry.getValue()));
        }
      }
      String observed = String.join(", ", seen);
      if (failing.isEmpty()) {
        return CheckVerdict.pass(observed, expected);
      }
      return CheckVerdict.fail(observed, expected, String.join("; ", failing)
          + "; its columns: " + String.join(", ", Data.names(profile)));
    };
  }

  /** {@code schema: unchanged}: the same columns with the same types as in the previous successful run. */
  public static DatasetCheck schemaUnchanged() {
    String expected = "the columns of the previous run";
    return ctx -> {
      DatasetProfile profile = ctx.profile();
      String observed = describeColumns(profile);
      List<DatasetProfile> history = ctx.history(1);
      if (history.isEmpty()) {
        return new CheckVerdict(true, Optional.of(observed), Optional.of(expected), Optional.empty(),
            "no baseline: no earlier successful run has a profile of " + ctx.dataset());
      }
      DatasetProfile previous = history.get(0);
      Map<String, String> before = new LinkedHashMap<>();
      previous.columns().forEach(c -> before.put(c.name(), c.type()));
      Map<String, String> now = new LinkedHashMap<>();
      profile.columns().forEach(c -> now.put(c.name(), c.type()));
      List<String> changes = new ArrayList<>();
      before.forEach((name, type) -> {
        if (!now.containsKey(name)) {
          changes.add("column " + name + " removed");
        } else if (!now.get(name).equalsIgnoreCase(type)) {
          changes.add(String.format("column %s changed type from %s to %s", name, type, now.get(name)));
        }
      });
      now.forEach((name, type) -> {
        if (!before.containsKey(name)) {
          changes.add(String.format("column %s (%s) added", name, type));
        }
      });
      String baseline = "previous run's " + describeColumns(previous) + " (profiled " + previous.profiledAt() + ")";
      CheckVerdict verdict = changes.isEmpty()
          ? CheckVerdict.pass(observed, expected)
          : CheckVerdict.fail(observed, expected, "the schema of " + ctx.dataset() + " changed: " + String.join("; ", changes));
      return verdict.withBaseline(baseline);
    };
  }

  private static String describeColumns(DatasetProfile profile) {
    List<String> columns = new ArrayList<>();
    profile.columns().forEach(c -> columns.add(c.name() + " " + c.type()));
    return profile.columns().size() + (profile.columns().size() == 1 ? " column: " : " columns: ") + String.join(", ", columns);
  }

  private static Optional<ColumnProfile> find(DatasetProfile profile, String name) {
    try {
      return Optional.of(Data.column(profile, name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code sql}: {@code select} returns no rows. */
  public static DatasetCheck sql(String select) {
    String expected = "no rows";
    return ctx -> {
      DatasetEngine engine = Data.engine(ctx, "sql");
      QueryResult rows = engine.query(ctx.dataset(), select, SAMPLE);
      if (rows.count() == 0) {
        return CheckVerdict.pass("0 rows", expected);
      }
      String observed = Data.rows(rows.count());
      return CheckVerdict.fail(observed, expected, String.format("the query returned %s%s: %s",
          observed, rows.count() > rows.rows().size() ? " (the first " + rows.rows().size() + " shown)" : "",
          rows.describeRows()));
    };
  }

}
