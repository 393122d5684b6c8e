package io.etlorchestrator.core.internal;

import java.util.Optional;

/**
 * "Did you mean" suggestions for misspelt names: the candidate with the smallest edit distance,
 * if it is close enough to be a plausible typo. Internal: not part of the public API.
 */
public final class Suggestions {
  private Suggestions() {}

  /**
   * Returns the candidate closest to {@code name} by Levenshtein distance (case-insensitive), if
   * that distance is at most a third of the longer string's length (and at least 1 edit is
   * allowed). Ties go to the first candidate in iteration order, so results are deterministic.
   */
  public static Optional<String> closest(String name, Iterable<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    for (String candidate : candidates) {
      int limit = Math.max(1, Math.max(name.length(), candidate.length()) / 3);
      if (Math.abs(candidate.length() - name.length()) > limit) {
        continue;
      }
      int distance = distance(lower, candidate.toLowerCase(java.util.Locale.ROOT), limit);
      if (distance <= limit && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance, giving up early (returning {@code limit + 1}) once it exceeds {@code limit}. */
  static int distance(String a, String b, int limit) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = current[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        rowMin = Math.min(rowMin, current[j]);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
