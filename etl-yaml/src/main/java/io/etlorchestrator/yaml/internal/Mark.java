package io.etlorchestrator.yaml.internal;

/**
 * A position in a YAML document, 1-based; line 0 means the whole file. Internal: not part of the
 * public API.
 */
public record Mark(int line, int column) {
  /** The position standing for the whole file (no line). */
  public static final Mark FILE = new Mark(0, 0);
}
