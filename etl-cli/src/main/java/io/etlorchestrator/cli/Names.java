package io.etlorchestrator.cli;

import io.etlorchestrator.core.internal.Excerpt;
import io.etlorchestrator.core.internal.Suggestions;
import java.util.Collection;

/** "Did you mean" suggestions for names a user mistyped, by the reactor's one did-you-mean. */
final class Names {
  private Names() {}

  /**
   * {@code " (did you mean 'x'?)"} for the candidate closest to {@code name} when it is close
   * enough to be a typo, else an empty string (see {@link Suggestions}).
   */
  static String suggestion(String name, Collection<String> candidates) {
    return Suggestions.closest(name, candidates)
        .map(s -> " (did you mean '" + Excerpt.of(s) + "'?)")
        .orElse("");
  }
}
