package io.etlorchestrator.yaml.internal;

import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.internal.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code retry} mapping ({@code max_attempts}, {@code backoff}, {@code initial_delay},
 * {@code max_delay}, {@code jitter}) into a {@link RetryPolicy}. Internal: not part of the public
 * API.
 */
public final class RetryReader {
  /** The fields of a retry mapping, in the order they are written. */
  public static final List<String> FIELDS =
      List.of("max_attempts", "backoff", "initial_delay", "max_delay", "jitter");

  private static final List<String> BACKOFFS = List.of("exponential", "fixed");

  private RetryReader() {}

  /**
   * The policy {@code node} describes; fields it does not set keep their value in {@code base}.
   * Returns {@code base} after recording problems if the mapping is unusable.
   */
  public static RetryPolicy read(Values values, Node node, String path, RetryPolicy base) {
    Node.Mapping mapping =
        values.mapping(node, path, "a retry mapping (max_attempts, backoff, initial_delay, ...)");
    if (mapping == null) {
      return base;
    }
    values.checkFields(mapping, path, FIELDS);
    RetryPolicy.Builder builder = base.toBuilder();
    Node attempts = mapping.get("max_attempts");
    if (attempts != null) {
      Integer n = values.integer(attempts, Paths.key(path, "max_attempts"), 1);
      if (n != null) {
        builder.maxAttempts(n);
      }
    }
    RetryPolicy.Backoff backoff = base.backoff();
    Node backoffNode = mapping.get("backoff");
    if (backoffNode != null) {
      String name = values.oneOf(backoffNode, Paths.key(path, "backoff"), "backoff", BACKOFFS);
      if (name != null) {
        backoff = RetryPolicy.Backoff.valueOf(name.toUpperCase(Locale.ROOT));
      }
    }
    Duration initial = base.initialDelay();
    Node initialNode = mapping.get("initial_delay");
    if (initialNode != null) {
      Duration d = values.nonNegativeDuration(initialNode, Paths.key(path, "initial_delay"));
      initial = d == null ? initial : d;
    }
    Duration max = base.maxDelay();
    Node maxNode = mapping.get("max_delay");
    if (maxNode != null) {
      Duration d = values.nonNegativeDuration(maxNode, Paths.key(path, "max_delay"));
      max = d == null ? max : d;
    }
    if (max.compareTo(initial) < 0) {
      if (maxNode != null) {
        values.problem(
            maxNode.mark(),
            Paths.key(path, "max_delay"),
            "max_delay (%s) must not be shorter than initial_delay (%s)",
            Durations.compact(max),
            Durations.compact(initial));
      } else {
        values.problem(
            initialNode.mark(),
            Paths.key(path, "initial_delay"),
            "initial_delay (%s) is longer than max_delay (%s when not set); set max_delay too",
            Durations.compact(initial),
            Durations.compact(max));
      }
    } else {
      builder.backoff(backoff, initial, max);
    }
    Node jitter = mapping.get("jitter");
    if (jitter != null) {
      Double fraction = values.decimal(jitter, Paths.key(path, "jitter"), 0.0, 1.0);
      if (fraction != null) {
        builder.jitter(fraction);
      }
    }
    return builder.build();
  }
}
