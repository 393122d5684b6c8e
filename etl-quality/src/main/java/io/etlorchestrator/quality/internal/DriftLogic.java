package io.etlorchestrator.quality.internal;

import io.etlorchestrator.core.quality.CheckVerdict;
import io.etlorchestrator.core.quality.DatasetCheck;
import io.etlorchestrator.core.quality.DatasetProfile;
import io.etlorchestrator.quality.DriftRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The {@code drift} check: a profile metric against its baseline in the run history, by a relative
 * rule, a z-score rule with a minimum history and a floor on the deviation, or both. Internal: not
 * part of the public API.
 */
public final class DriftLogic {
  private DriftLogic() {}

  /** The metric's function ({@code null_ratio}) and column, or null function for {@code row_count}/{@code bytes}. */
  record Metric(String function, String column) {
    static Metric parse(String metric) {
      int open = metric.indexOf('(');
      if (open < 0) {
        return new Metric(metric, null);
      }
      return new Metric(metric.substring(0, open), metric.substring(open + 1, metric.length() - 1).trim());
    }

    String name(String column) {
      return this.column == null ? function : function + "(" + column + ")";
    }

    boolean ratio() {
      return function.equals("null_ratio");
    }

    String format(double value) {
      switch (function) {
        case "row_count":
          return Data.rows((long) value);
        case "bytes":
          return Data.count((long) value) + " bytes";
        case "null_count":
          return Data.count((long) value) + ((long) value == 1 ? " null" : " nulls") + " in " + column;
        case "distinct_count":
          return Data.count((long) value) + " distinct " + column;
        case "null_ratio":
          return Data.percent(value) + " nulls in " + column;
        default:
          return function + "(" + column + ") " + Data.number(value);
      }
    }

    /** The smallest deviation the z-score divides by, in the metric's unit, besides the relative floor. */
    double absoluteFloor() {
      switch (function) {
        case "null_ratio":
          return 0.01;
        case "mean":
          return 1e-9;
        default:
          return 1.0;
      }
    }
  }

  /** The check of {@code metric} by {@code rule}. */
  public static DatasetCheck drift(String metricName, DriftRule rule) {
    Metric metric = Metric.parse(metricName);
    String expected = expected(rule);
    return ctx -> {
      DatasetProfile profile = ctx.profile();
      String column = metric.column == null ? null : Data.column(profile, metric.column).name();
      String name = metric.name(column);
      OptionalDouble now = profile.metric(name);
      if (now.isEmpty()) {
        throw new IllegalStateException(String.format("the profile of %s has no %s", ctx.dataset(), name));
      }
      double current = now.getAsDouble();
      String observed = metric.format(current);
      List<Double> values = new ArrayList<>();
      for (DatasetProfile earlier : ctx.history(rule.baselineRuns())) {
        OptionalDouble value = metricOf(earlier, metric, column);
        if (value.isPresent()) {
          values.add(value.getAsDouble());
        }
      }
      if (values.isEmpty()) {
        return new CheckVerdict(true, Optional.of(observed), Optional.of(expected), Optional.empty(),
            "no baseline: no earlier successful run has a profile of " + ctx.dataset() + " with " + name);
      }
      double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      List<String> failures = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      String baseline;
      if (values.size() == 1) {
        baseline = metric.format(values.get(0)) + " in the previous run";
      } else {
        baseline = String.format("mean %s over %d runs", Data.number(mean), values.size());
      }
      if (rule.maxChange().isPresent()) {
        double limit = rule.maxChange().getAsDouble();
        double change = mean == 0 ? (current == 0 ? 0 : Double.POSITIVE_INFINITY) : (current - mean) / Math.abs(mean);
        String changed = Double.isInfinite(change)
            ? "from 0 to " + Data.number(current)
            : String.format("by %s%s (from %s to %s)", change > 0 ? "+" : "", Data.percent(change),
                Data.number(mean), Data.number(current));
        if (Math.abs(change) > limit) {
          failures.add(String.format("%s changed %s, more than %s", name, changed, Data.percent(limit)));
        } else {
          notes.add(String.format("%s changed %s", name, changed));
        }
      }
      if (rule.sensitivity().isPresent()) {
        double sensitivity = rule.sensitivity().getAsDouble();
        if (values.size() < DriftRule.MIN_HISTORY) {
          notes.add(String.format("not enough history for the z-score (%d of %d runs)", values.size(), DriftRule.MIN_HISTORY));
        } else {
          double sd = standardDeviation(values, mean);
          double deviation = Math.max(sd, Math.max(DriftRule.DEVIATION_FLOOR * Math.abs(mean), metric.absoluteFloor()));
          double z = (current - mean) / deviation;
          baseline = String.format("mean %s, standard deviation %s over %d runs", Data.number(mean), Data.number(sd), values.size());
          String score = String.format("z-score %s%s", z > 0 ? "+" : "", Data.number(Math.round(z * 10) / 10.0));
          if (Math.abs(z) > sensitivity) {
            failures.add(String.format("%s: %s against a baseline mean of %s (%s, beyond ±%s)", name,
                metric.format(current), Data.number(mean), score, Data.number(sensitivity)));
          } else {
            notes.add(score);
          }
        }
      }
      CheckVerdict verdict = failures.isEmpty()
          ? new CheckVerdict(true, Optional.of(observed), Optional.of(expected), Optional.empty(), String.join("; ", notes))
          : CheckVerdict.fail(observed, expected, String.join("; ", failures));
      return verdict.withBaseline(baseline);
    };
  }

  private static OptionalDouble metricOf(DatasetProfile profile, Metric metric, String column) {
    if (metric.column == null) {
      return profile.metric(metric.function);
    }
    try {
      return profile.metric(metric.name(Data.column(profile, column).name()));
    } catch (IllegalArgumentException e) {
      return OptionalDouble.empty(); // the column is new: that run is no baseline for it
    }
  }

  private static double standardDeviation(List<Double> values, double mean) {
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / (values.size() - 1));
  }

  private static String expected(DriftRule rule) {
    List<String> parts = new ArrayList<>();
    String runs = rule.baselineRuns() == 1 ? "the previous run" : "the last " + rule.baselineRuns() + " runs";
    rule.maxChange().ifPresent(m -> parts.add("within " + Data.percent(m) + " of " + runs));
    rule.sensitivity().ifPresent(s -> parts.add("a z-score within " + Data.number(s) + " over " + runs));
    return String.join(" and ", parts);
  }
}
