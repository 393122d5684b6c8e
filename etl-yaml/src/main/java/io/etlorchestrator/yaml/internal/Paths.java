package io.etlorchestrator.yaml.internal;

/** Field paths such as {@code steps[3].depends_on[1]}. Internal: not part of the public API. */
public final class Paths {
  private Paths() {}

  /**
   * {@code parent.key}, or {@code key} at the root; a key over 256 characters (or holding control
   * characters) as its {@link io.etlorchestrator.core.internal.Excerpt}, since paths are shown.
   */
  public static String key(String parent, String key) {
    String shown = io.etlorchestrator.core.internal.Excerpt.of(key);
    return parent.isEmpty() ? shown : parent + "." + shown;
  }

  /** {@code parent[index]} (0-based). */
  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The path of a sequence of keys (String) and indexes (Integer). */
  public static String of(Iterable<Object> segments) {
    String path = "";
    for (Object segment : segments) {
      path = segment instanceof Integer ? index(path, (Integer) segment) : key(path, (String) segment);
    }
    return path;
  }
}
