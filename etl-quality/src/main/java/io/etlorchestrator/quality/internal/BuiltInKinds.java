package io.etlorchestrator.quality.internal;

import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.DatasetCheck;
import io.etlorchestrator.quality.DriftRule;
import io.etlorchestrator.quality.QualityChecks;
import io.etlorchestrator.yaml.CheckDefinition;
import io.etlorchestrator.yaml.CheckDefinitionException;
import io.etlorchestrator.yaml.CheckKind;
import io.etlorchestrator.yaml.CheckKindProvider;
import io.etlorchestrator.yaml.internal.DurationText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The built-in check kinds of definition files, each reading its entry into a {@link
 * QualityChecks} check: {@code row_count}, {@code not_null}, {@code unique}, {@code
 * accepted_values}, {@code range}, {@code freshness}, {@code schema}, {@code drift} and {@code sql}.
 * Found by {@link java.util.ServiceLoader}. Internal: not part of the public API.
 */
public final class BuiltInKinds implements CheckKindProvider {
  @Override
  public Map<String, CheckKind> checkKinds() {
    Map<String, CheckKind> kinds = new LinkedHashMap<>();
    kinds.put("row_count", kind(BuiltInKinds::rowCount));
    kinds.put("not_null", kind(d -> QualityChecks.notNull(d.dataset(), columns(d))));
    kinds.put("unique", kind(d -> QualityChecks.unique(d.dataset(), columns(d))));
    kinds.put("accepted_values", kind(BuiltInKinds::acceptedValues));
    kinds.put("range", kind(BuiltInKinds::range));
    kinds.put("freshness", kind(BuiltInKinds::freshness));
    kinds.put("schema", kind(BuiltInKinds::schema));
    kinds.put("drift", kind(BuiltInKinds::drift));
    kinds.put("sql", kind(BuiltInKinds::sql));
    return kinds;
  }

  /** A kind whose logic and name come from the {@link Check.Builder} {@code reader} makes of an entry. */
  private static CheckKind kind(Function<CheckDefinition, Check.Builder> reader) {
    return new CheckKind() {
      @Override
      public DatasetCheck create(CheckDefinition check) {
        return build(reader, check).logic().orElseThrow();
      }

      @Override
      public String name(CheckDefinition check) {
        return build(reader, check).name();
      }
    };
  }

  private static Check build(Function<CheckDefinition, Check.Builder> reader, CheckDefinition check) {
    try {
      return reader.apply(check).build();
    } catch (CheckDefinitionException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new CheckDefinitionException("", e.getMessage());
    }
  }

  private static Check.Builder rowCount(CheckDefinition d) {
    Map<String, Object> fields = d.fields("min", "max");
    Long min = whole(fields, "min");
    Long max = whole(fields, "max");
    if (min == null && max == null) {
      throw new CheckDefinitionException("", "row_count needs min, max or both, such as {min: 300, max: 400}");
    }
    if (min != null && max != null && min > max) {
      throw new CheckDefinitionException("max", String.format("max (%d) must not be less than min (%d)", max, min));
    }
    return QualityChecks.rowCount(d.dataset(), min, max);
  }

  private static Check.Builder acceptedValues(CheckDefinition d) {
    Map<String, Object> fields = d.fields("column", "values");
    String column = text(fields, "column", true);
    Object values = fields.get("values");
    if (!(values instanceof List) || ((List<?>) values).isEmpty()) {
      throw new CheckDefinitionException(values == null ? "" : "values", String.format(
          "accepted_values needs values, a list such as [north, south], %s",
          values == null ? "and has none" : "found " + CheckDefinition.describe(values)));
    }
    List<?> list = (List<?>) values;
    for (int i = 0; i < list.size(); i++) {
      Object v = list.get(i);
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw new CheckDefinitionException("values[" + i + "]", "an accepted value must be a single value, found "
            + CheckDefinition.describe(v));
      }
    }
    return QualityChecks.acceptedValues(d.dataset(), column, list);
  }

  private static Check.Builder range(CheckDefinition d) {
    Map<String, Object> fields = d.fields("column", "min", "max");
    String column = text(fields, "column", true);
    Object min = bound(fields, "min");
    Object max = bound(fields, "max");
    if (min == null && max == null) {
      throw new CheckDefinitionException("", "range needs min, max or both, such as {column: revenue, min: 0}");
    }
    if (min instanceof Number || max instanceof Number) {
      if (min != null && !(min instanceof Number) || max != null && !(max instanceof Number)) {
        throw new CheckDefinitionException("max", "min and max must both be numbers, or both dates or times");
      }
      Number low = (Number) min;
      Number high = (Number) max;
      if (low != null && high != null && low.doubleValue() > high.doubleValue()) {
        throw new CheckDefinitionException("max", String.format("max (%s) must not be less than min (%s)", high, low));
      }
      return QualityChecks.range(d.dataset(), column, low, high);
    }
    return QualityChecks.range(d.dataset(), column, (String) min, (String) max);
  }

  private static Object bound(Map<String, Object> fields, String field) {
    Object value = fields.get(field);
    if (value == null || value instanceof Number) {
      return value;
    }
    if (value instanceof String) {
      try {
        Data.instant((String) value);
        return value;
      } catch (RuntimeException e) {
        // reported below
      }
    }
    throw new CheckDefinitionException(field, String.format(
        "%s must be a number, or a date or time such as 2024-01-01, was %s", field, CheckDefinition.describe(value)));
  }

  private static Check.Builder freshness(CheckDefinition d) {
    Map<String, Object> fields = d.fields("column", "max_age");
    String column = text(fields, "column", false);
    Object age = fields.get("max_age");
    if (age == null) {
      throw new CheckDefinitionException("", "freshness needs max_age, a duration such as 26h");
    }
    Optional<Duration> parsed = age instanceof String ? DurationText.parse((String) age) : Optional.empty();
    if (parsed.isEmpty() || parsed.get().isZero() || parsed.get().isNegative()) {
      throw new CheckDefinitionException("max_age", String.format(
          "max_age must be a positive duration such as 26h, was %s; accepted: %s", CheckDefinition.describe(age),
          DurationText.FORMATS));
    }
    return column == null
        ? QualityChecks.freshness(d.dataset(), parsed.get())
        : QualityChecks.freshness(d.dataset(), column, parsed.get());
  }

  @SuppressWarnings("unchecked")
  private static Check.Builder schema(CheckDefinition d) {
    if ("unchanged".equals(d.argument())) {
      return QualityChecks.schemaUnchanged(d.dataset());
    }
    if (!(d.argument() instanceof Map)) {
      throw new CheckDefinitionException("", "schema takes {columns: {name: type, ...}} or unchanged, found "
          + CheckDefinition.describe(d.argument()));
    }
    Map<String, Object> fields = d.fields("columns");
    Object columns = fields.get("columns");
    if (!(columns instanceof Map) || ((Map<?, ?>) columns).isEmpty()) {
      throw new CheckDefinitionException(columns == null ? "" : "columns",
          "schema needs columns, a mapping of column names to types such as {sale_date: date, revenue: double}, found "
              + CheckDefinition.describe(columns));
    }
    Map<String, String> types = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : ((Map<String, Object>) columns).entrySet()) {
      if (!(entry.getValue() instanceof String) || ((String) entry.getValue()).isBlank()) {
        throw new CheckDefinitionException("columns." + entry.getKey(), String.format(
            "the type of column %s must be a type name such as double, was %s", entry.getKey(),
            CheckDefinition.describe(entry.getValue())));
      }
      types.put(entry.getKey(), (String) entry.getValue());
    }
    return QualityChecks.schema(d.dataset(), types);
  }

  private static Check.Builder drift(CheckDefinition d) {
    Map<String, Object> fields = d.fields("metric", "max_change", "sensitivity", "baseline");
    String metric = text(fields, "metric", true);
    try {
      metric = QualityChecks.metric(metric);
    } catch (IllegalArgumentException e) {
      throw new CheckDefinitionException("metric", e.getMessage());
    }
    OptionalDouble maxChange = OptionalDouble.empty();
    Object change = fields.get("max_change");
    if (change != null) {
      maxChange = OptionalDouble.of(percent(change));
    }
    OptionalDouble sensitivity = OptionalDouble.empty();
    Object z = fields.get("sensitivity");
    if (z != null) {
      if (!(z instanceof Number) || !(((Number) z).doubleValue() > 0) || Double.isInfinite(((Number) z).doubleValue())) {
        throw new CheckDefinitionException("sensitivity", "sensitivity must be a positive number of standard"
            + " deviations such as 3, was " + CheckDefinition.describe(z));
      }
      sensitivity = OptionalDouble.of(((Number) z).doubleValue());
    }
    if (maxChange.isEmpty() && sensitivity.isEmpty()) {
      throw new CheckDefinitionException("", "drift needs a rule: max_change (such as 20%), sensitivity (such as 3) or both");
    }
    int runs = sensitivity.isPresent() ? DriftRule.DEFAULT_Z_RUNS : 1;
    Object baseline = fields.get("baseline");
    if (baseline != null) {
      runs = baselineRuns(baseline);
      if (sensitivity.isPresent() && runs < DriftRule.MIN_HISTORY) {
        throw new CheckDefinitionException("baseline", String.format(
            "a z-score (sensitivity) needs a baseline of at least %d runs, such as {last: 14}", DriftRule.MIN_HISTORY));
      }
    }
    return QualityChecks.drift(d.dataset(), metric, new DriftRule(maxChange, sensitivity, runs));
  }

  @SuppressWarnings("unchecked")
  private static int baselineRuns(Object baseline) {
    if ("previous".equals(baseline)) {
      return 1;
    }
    if (baseline instanceof Map) {
      Map<String, Object> m = (Map<String, Object>) baseline;
      for (String key : m.keySet()) {
        if (!key.equals("last")) {
          throw CheckDefinitionException.unknownField("baseline." + key, List.of("last"));
        }
      }
      Object last = m.get("last");
      if (last instanceof Integer && (Integer) last >= 1 && (Integer) last <= 1000) {
        return (Integer) last;
      }
      throw new CheckDefinitionException("baseline.last", "last must be a whole number of runs from 1 to 1000, was "
          + CheckDefinition.describe(last));
    }
    throw new CheckDefinitionException("baseline", "unknown baseline " + CheckDefinition.describe(baseline)
        + "; accepted: previous, or {last: N} for the last N successful runs");
  }

  private static double percent(Object value) {
    if (value instanceof String) {
      String text = ((String) value).strip();
      if (text.endsWith("%")) {
        try {
          BigDecimal percent = new BigDecimal(text.substring(0, text.length() - 1).strip());
          if (percent.signum() >= 0) {
            return percent.movePointLeft(2).doubleValue();
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
    }
    throw new CheckDefinitionException("max_change", "max_change must be a percentage such as 20%, was "
        + CheckDefinition.describe(value));
  }

  private static Check.Builder sql(CheckDefinition d) {
    if (!(d.argument() instanceof String) || ((String) d.argument()).isBlank()) {
      throw new CheckDefinitionException("", "sql takes a query that selects the failing rows, such as"
          + " \"select * from {dataset} where revenue < 0\", found " + CheckDefinition.describe(d.argument()));
    }
    return QualityChecks.sql(d.dataset(), (String) d.argument());
  }

  /** The columns of {@code not_null} and {@code unique}: a list of names, or one. */
  private static String[] columns(CheckDefinition d) {
    Object argument = d.argument();
    List<Object> items = argument instanceof List ? new ArrayList<>((Collection<?>) argument) : new ArrayList<>();
    if (argument instanceof String) {
      items.add(argument);
    } else if (!(argument instanceof List) || items.isEmpty()) {
      throw new CheckDefinitionException("", String.format("%s takes a list of columns such as [sale_date, revenue], found %s",
          d.kind(), CheckDefinition.describe(argument)));
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      String field = argument instanceof List ? "[" + i + "]" : "";
      if (!(item instanceof String) || ((String) item).isBlank()) {
        throw new CheckDefinitionException(field, "a column name must be text, found " + CheckDefinition.describe(item));
      }
      if (names.contains(item)) {
        throw new CheckDefinitionException(field, "column " + item + " is listed twice");
      }
      names.add((String) item);
    }
    return names.toArray(new String[0]);
  }

  private static Long whole(Map<String, Object> fields, String field) {
    Object value = fields.get(field);
    if (value == null) {
      return null;
    }
    if ((value instanceof Integer || value instanceof Long || value instanceof BigInteger)
        && new BigInteger(value.toString()).signum() >= 0
        && new BigInteger(value.toString()).bitLength() < 64) {
      return Long.parseLong(value.toString());
    }
    throw new CheckDefinitionException(field, String.format("%s must be a whole number of at least 0, was %s",
        field, CheckDefinition.describe(value)));
  }

  private static String text(Map<String, Object> fields, String field, boolean required) {
    Object value = fields.get(field);
    if (value == null) {
      if (required) {
        throw new CheckDefinitionException("", "missing required field '" + field + "'");
      }
      return null;
    }
    if (!(value instanceof String) || ((String) value).isBlank()) {
      throw new CheckDefinitionException(field, String.format("%s must be a name, was %s", field, CheckDefinition.describe(value)));
    }
    return (String) value;
  }
}
