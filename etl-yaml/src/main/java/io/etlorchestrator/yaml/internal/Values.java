package io.etlorchestrator.yaml.internal;

import io.etlorchestrator.core.Limits;
import io.etlorchestrator.core.internal.Durations;
import io.etlorchestrator.core.internal.Excerpt;
import io.etlorchestrator.core.internal.Suggestions;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reading of {@link Node}s that records a {@link Problem} for every value of the wrong kind
 * and carries on, so that one pass finds every problem of a file. Methods return null (or empty)
 * when the value is unusable. Values of the file that messages echo go through {@link Excerpt}
 * (at most 200 characters of a long one, control characters escaped); durations longer than
 * {@link Limits#MAX_DURATION} and counts over {@link Limits#MAX_COUNT} are refused. Internal: not
 * part of the public API.
 */
public final class Values {
  /** A text value and where it was written. */
  public record Located(String value, Node node, String path) {}

  private final List<Problem> problems = new ArrayList<>();
  private final java.util.Set<String> problemPaths = new java.util.HashSet<>();

  /** Every problem recorded so far, in the order found. */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * Records a problem at {@code mark}: {@code format} formatted with {@code args}, which must show
   * the file's values as their {@link Excerpt}s ({@link Node#describe()} and this class do).
   */
  public void problem(Mark mark, String path, String format, Object... args) {
    problems.add(new Problem(mark, path, args.length == 0 ? format : String.format(format, args)));
    problemPaths.add(path);
  }

  /** Whether a problem was recorded at exactly {@code path}. */
  public boolean hasProblemAt(String path) {
    return problemPaths.contains(path);
  }

  /** {@code node} as a mapping; records a problem (expecting {@code what}) if it is not one. */
  public Node.Mapping mapping(Node node, String path, String what) {
    if (node instanceof Node.Mapping) {
      return (Node.Mapping) node;
    }
    problem(node.mark(), path, "expected %s, found %s", what, node.describe());
    return null;
  }

  /** Records an "unknown field" problem, with a suggestion, for every key not in {@code known}. */
  public void checkFields(Node.Mapping mapping, String path, List<String> known) {
    for (Node.Entry entry : mapping.entries().values()) {
      if (!known.contains(entry.key())) {
        String suggestion =
            Suggestions.closest(entry.key(), known)
                .map(s -> String.format(" (did you mean '%s'?)", s))
                .orElse(String.format("; known fields: %s", String.join(", ", known)));
        problem(
            entry.keyMark(),
            Paths.key(path, entry.key()),
            "unknown field '%s'%s",
            Excerpt.of(entry.key()),
            suggestion);
      }
    }
  }

  /** A required field: records "missing" at the field's path when absent. */
  public Node required(Node.Mapping mapping, String path, String key, String why) {
    Node value = mapping.get(key);
    if (value == null) {
      problem(mapping.mark(), Paths.key(path, key), "missing required field '%s'; %s", key, why);
    }
    return value;
  }

  /** A single text value (numbers and booleans as written); null for a problem or YAML null. */
  public String text(Node node, String path) {
    if (node instanceof Node.Scalar) {
      Node.Scalar scalar = (Node.Scalar) node;
      if (!scalar.isNull()) {
        return scalar.text();
      }
    }
    problem(node.mark(), path, "expected a single text value, found %s", node.describe());
    return null;
  }

  /**
   * A list of text values; a single value stands for a list of one and YAML null for an empty
   * list. Names listed twice are problems.
   */
  public List<Located> textList(Node node, String path) {
    if (node instanceof Node.Scalar) {
      if (((Node.Scalar) node).isNull()) {
        return List.of();
      }
      String value = text(node, path);
      return value == null ? List.of() : List.of(new Located(value, node, path));
    }
    if (!(node instanceof Node.Sequence)) {
      problem(node.mark(), path, "expected a list such as [a, b], found %s", node.describe());
      return List.of();
    }
    List<Node> items = ((Node.Sequence) node).items();
    List<Located> result = new ArrayList<>(items.size());
    Map<String, Node> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String itemPath = Paths.index(path, i);
      Node item = items.get(i);
      String value = item instanceof Node.Scalar ? text(item, itemPath) : null;
      if (!(item instanceof Node.Scalar)) {
        problem(item.mark(), itemPath, "expected a single text value, found %s", item.describe());
      }
      if (value == null) {
        continue;
      }
      Node first = seen.putIfAbsent(value, item);
      if (first != null) {
        problem(
            item.mark(),
            itemPath,
            "'%s' is listed twice (first at line %d, column %d)",
            Excerpt.of(value),
            first.mark().line(),
            first.mark().column());
        continue;
      }
      result.add(new Located(value, item, itemPath));
    }
    return result;
  }

  /** A boolean ({@code true} or {@code false}). */
  public Boolean bool(Node node, String path) {
    if (node instanceof Node.Scalar && ((Node.Scalar) node).value() instanceof Boolean) {
      return (Boolean) ((Node.Scalar) node).value();
    }
    problem(node.mark(), path, "expected true or false, found %s", node.describe());
    return null;
  }

  /** A count: a whole number from {@code min} to {@link Limits#MAX_COUNT}. */
  public Integer integer(Node node, String path, int min) {
    Object value = node instanceof Node.Scalar ? ((Node.Scalar) node).value() : null;
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      BigInteger big = new BigInteger(value.toString());
      if (big.compareTo(BigInteger.valueOf(min)) < 0
          || big.compareTo(BigInteger.valueOf(Limits.MAX_COUNT)) > 0) {
        problem(
            node.mark(),
            path,
            "must be a whole number from %,d to %,d, was %s",
            min,
            Limits.MAX_COUNT,
            Excerpt.of(value.toString()));
        return null;
      }
      return big.intValue();
    }
    problem(node.mark(), path, "expected a whole number, found %s", node.describe());
    return null;
  }

  /** A number between {@code min} and {@code max}. */
  public Double decimal(Node node, String path, double min, double max) {
    Object value = node instanceof Node.Scalar ? ((Node.Scalar) node).value() : null;
    if (value instanceof Number) {
      double d = ((Number) value).doubleValue();
      if (!(d >= min && d <= max)) {
        problem(node.mark(), path, "must be between %s and %s, was %s", min, max, value);
        return null;
      }
      return d;
    }
    problem(node.mark(), path, "expected a number, found %s", node.describe());
    return null;
  }

  /** A duration such as {@code 120s}, {@code 1h30m} or {@code PT2M}, at most {@link Limits#MAX_DURATION}. */
  public Duration duration(Node node, String path) {
    if (node instanceof Node.Scalar && !((Node.Scalar) node).isNull()) {
      Node.Scalar scalar = (Node.Scalar) node;
      if (scalar.value() instanceof Number) {
        problem(
            node.mark(),
            path,
            "'%s' has no unit; write for example %ss. Accepted: %s",
            Excerpt.of(scalar.text()),
            Excerpt.of(scalar.text()),
            DurationText.FORMATS);
        return null;
      }
      Optional<Duration> parsed = DurationText.parse(scalar.text());
      if (parsed.isPresent() && parsed.get().compareTo(Limits.MAX_DURATION) <= 0) {
        return parsed.get();
      }
      if (parsed.isPresent() || DurationText.isWellFormed(scalar.text())) {
        problem(
            node.mark(),
            path,
            "'%s' is longer than the longest duration accepted, %s",
            Excerpt.of(scalar.text()),
            Limits.MAX_DURATION_TEXT);
        return null;
      }
      problem(
          node.mark(),
          path,
          "'%s' is not a duration; accepted: %s",
          Excerpt.of(scalar.text()),
          DurationText.FORMATS);
      return null;
    }
    problem(node.mark(), path, "expected a duration such as 30s, found %s", node.describe());
    return null;
  }

  /** A duration that must not be negative. */
  public Duration nonNegativeDuration(Node node, String path) {
    Duration d = duration(node, path);
    if (d != null && d.isNegative()) {
      problem(node.mark(), path, "must not be negative, was %s", Durations.compact(d));
      return null;
    }
    return d;
  }

  /**
   * One of {@code accepted} (compared case-insensitively, dashes read as underscores); records an
   * "unknown {@code what}" problem with a suggestion otherwise.
   */
  public String oneOf(Node node, String path, String what, List<String> accepted) {
    String value = text(node, path);
    if (value == null) {
      return null;
    }
    String normalized = normalizedName(value);
    if (accepted.contains(normalized)) {
      return normalized;
    }
    String suggestion =
        Suggestions.closest(value, accepted).map(s -> String.format(" (did you mean '%s'?)", s)).orElse("");
    problem(
        node.mark(),
        path,
        "unknown %s '%s'%s; accepted: %s",
        what,
        Excerpt.of(value),
        suggestion,
        String.join(", ", accepted));
    return null;
  }

  /**
   * A name as the file may write it, compared with the lowercase names a definition accepts:
   * trimmed, lowercase, dashes read as underscores ({@code Skip-Downstream} is {@code
   * skip_downstream}).
   */
  public static String normalizedName(String text) {
    return text.trim().replace('-', '_').toLowerCase(java.util.Locale.ROOT);
  }

  /** The node as plain Java values: String, Boolean, Number, null, List and Map (unmodifiable). */
  public static Object toJava(Node node) {
    if (node instanceof Node.Scalar) {
      return ((Node.Scalar) node).value();
    }
    if (node instanceof Node.Sequence) {
      List<Node> items = ((Node.Sequence) node).items();
      List<Object> list = new ArrayList<>(items.size());
      for (Node item : items) {
        list.add(toJava(item));
      }
      return Collections.unmodifiableList(list);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (Node.Entry entry : ((Node.Mapping) node).entries().values()) {
      map.put(entry.key(), toJava(entry.value()));
    }
    return Collections.unmodifiableMap(map);
  }
}
