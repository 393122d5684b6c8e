package io.etlorchestrator.yaml.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable YAML node with the position it was read from. Aliases share the node they refer
 * to, so a node may appear several times in a tree; {@link #weight()} counts it every time.
 * Internal: not part of the public API.
 */
public sealed interface Node permits Node.Scalar, Node.Sequence, Node.Mapping {
  /** Where the node starts. */
  Mark mark();

  /** The number of nodes in this subtree with aliases expanded, saturating at Long.MAX_VALUE. */
  long weight();

  /** What the node is, for messages: "a mapping", "a list", "text 'x'", "the number 5". */
  String describe();

  /**
   * A scalar.
   *
   * @param value a String, Boolean, Number, or null for YAML null
   * @param text the scalar's text as written
   */
  record Scalar(Object value, String text, Mark mark) implements Node {
    @Override
    public long weight() {
      return 1;
    }

    /** Whether the scalar is YAML null ({@code ~}, {@code null} or nothing). */
    public boolean isNull() {
      return value == null;
    }

    @Override
    public String describe() {
      if (value == null) {
        return "nothing (null)";
      }
      if (value instanceof Boolean) {
        return "the boolean " + text;
      }
      if (value instanceof Number) {
        return "the number " + io.etlorchestrator.core.internal.Excerpt.of(text);
      }
      return "text '" + io.etlorchestrator.core.internal.Excerpt.of(text) + "'";
    }
  }

  /** A sequence (list). */
  record Sequence(List<Node> items, Mark mark, long weight) implements Node {
    /** Copies the items. */
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** One key of a mapping, with where the key was written. */
  record Entry(String key, Mark keyMark, Node value) {}

  /** A mapping, keys in the order written. */
  record Mapping(Map<String, Entry> entries, Mark mark, long weight) implements Node {
    /** Copies the entries, keeping their order. */
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** The entry for {@code key}, or null. */
    public Entry entry(String key) {
      return entries.get(key);
    }

    /** The value for {@code key}, or null when the key is absent. */
    public Node get(String key) {
      Entry entry = entries.get(key);
      return entry == null ? null : entry.value();
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** {@code a + b}, saturating. */
  static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
