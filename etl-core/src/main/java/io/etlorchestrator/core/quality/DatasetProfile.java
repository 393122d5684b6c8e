package io.etlorchestrator.core.quality;

import io.etlorchestrator.core.internal.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a dataset looked like when it was profiled: its size, its age, and per column its type,
 * nulls, distinct values, range and mean. Profiles of each run are kept in its checkpoint, so that
 * drift checks compare a dataset with its own history.
 *
 * @param dataset the dataset's name
 * @param profiledAt when the profile was taken
 * @param rows how many rows it has, when known
 * @param bytes its size in bytes, when known
 * @param lastModified when it was last written, when known
 * @param columns its columns, in order (empty when not known)
 */
public record DatasetProfile(
    String dataset,
    Instant profiledAt,
    OptionalLong rows,
    OptionalLong bytes,
    Optional<Instant> lastModified,
    List<ColumnProfile> columns) {

  /** Checks and copies. */
  public DatasetProfile {
    Checks.notNull(dataset, "dataset");
    Checks.notNull(profiledAt, "profiledAt");
    Checks.notNull(rows, "rows");
    Checks.notNull(bytes, "bytes");
    Checks.notNull(lastModified, "lastModified");
    columns = List.copyOf(columns);
  }

  /** The column named {@code name}, if the profile has it. */
  public Optional<ColumnProfile> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * A metric of the profile by the name drift checks use: {@code row_count}, {@code bytes}, and per
   * column {@code null_count(c)}, {@code null_ratio(c)}, {@code distinct_count(c)}, {@code mean(c)};
   * empty when the profile does not know it.
   *
   * @throws IllegalArgumentException for a metric name that is not one of those
   */
  public OptionalDouble metric(String metric) {
    Checks.notNull(metric, "metric");
    switch (metric) {
      case "row_count":
        return rows.isPresent() ? OptionalDouble.of(rows.getAsLong()) : OptionalDouble.empty();
      case "bytes":
        return bytes.isPresent() ? OptionalDouble.of(bytes.getAsLong()) : OptionalDouble.empty();
      default:
        break;
    }
    int open = metric.indexOf('(');
    Checks.argument(
        open > 0 && metric.endsWith(")"),
        "unknown metric '%s'; accepted: %s",
        metric,
        METRICS);
    String function = metric.substring(0, open);
    String name = metric.substring(open + 1, metric.length() - 1).trim();
    Optional<ColumnProfile> column = column(name);
    if (column.isEmpty()) {
      return OptionalDouble.empty();
    }
    ColumnProfile c = column.get();
    switch (function) {
      case "null_count":
        return OptionalDouble.of(c.nulls());
      case "null_ratio":
        return rows.isPresent() && rows.getAsLong() > 0
            ? OptionalDouble.of((double) c.nulls() / rows.getAsLong())
            : OptionalDouble.empty();
      case "distinct_count":
        return c.distinct().isPresent() ? OptionalDouble.of(c.distinct().getAsLong()) : OptionalDouble.empty();
      case "mean":
        return c.mean();
      default:
        throw new IllegalArgumentException(
            String.format("unknown metric '%s'; accepted: %s", metric, METRICS));
    }
  }

  /** The metric names {@link #metric} accepts, for messages. */
  public static final String METRICS =
      "row_count, bytes, null_count(column), null_ratio(column), distinct_count(column), mean(column)";
}
