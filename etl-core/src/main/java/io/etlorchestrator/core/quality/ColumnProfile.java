package io.etlorchestrator.core.quality;

import io.etlorchestrator.core.internal.Checks;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One column of a {@link DatasetProfile}.
 *
 * @param name the column's name
 * @param type its type as the engine names it ({@code BIGINT}, {@code VARCHAR}, {@code DATE}...)
 * @param nulls how many of its values are null
 * @param distinct how many distinct values it has, when known
 * @param distinctApproximate whether {@code distinct} is an estimate (HyperLogLog, say)
 * @param min its smallest value as text, when it has one
 * @param max its largest value as text, when it has one
 * @param mean the mean of a numeric column
 */
public record ColumnProfile(
    String name,
    String type,
    long nulls,
    OptionalLong distinct,
    boolean distinctApproximate,
    Optional<String> min,
    Optional<String> max,
    OptionalDouble mean) {

  /** Checks. */
  public ColumnProfile {
    Checks.notNull(name, "name");
    Checks.notNull(type, "type");
    Checks.argument(nulls >= 0, "nulls must not be negative, was %s", nulls);
    Checks.notNull(distinct, "distinct");
    Checks.notNull(min, "min");
    Checks.notNull(max, "max");
    Checks.notNull(mean, "mean");
  }
}
