package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import java.util.Optional;

/**
 * One edge of a plan's dependency graph: {@code to} needs {@code from} to succeed first.
 *
 * @param from the step that must succeed first
 * @param to the step that waits for it
 * @param dataset the dataset {@code from} produces and {@code to} reads; empty when the edge comes
 *     only from an explicit {@code depends_on}
 */
public record Dependency(String from, String to, Optional<String> dataset) {
  /** Checks for nulls. */
  public Dependency {
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    Checks.notNull(dataset, "dataset");
  }
}
