package io.etlorchestrator.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * "Did you mean" suggestions for misspelt names: the candidate with the smallest edit distance,
 * if it is close enough to be a plausible typo. The one did-you-mean of the reactor.
 *
 * <p>Bounded, so that a file with 20,000 misspelt names validates in linear time: names longer
 * than {@value #MAX_NAME_LENGTH} characters get no suggestion (and are never suggested), a search
 * compares only candidates of a plausible length, the closest lengths first, up to a fixed amount
 * of work ({@value #MAX_CELLS} cells of the edit-distance table), and one {@link #among(Iterable)
 * index} makes at most {@value #MAX_SEARCHES} searches, after which names get no suggestion (a
 * match but for case is always found). Internal: not part of the public API.
 */
public final class Suggestions {
  /** Names longer than this get no suggestion and are never suggested. */
  public static final int MAX_NAME_LENGTH = 100;

  /**
   * The work one search may do, in cells of the edit-distance table (a name of {@code n}
   * characters against one of {@code m} costs {@code (n + 1) * (m + 1)}): thousands of candidates
   * of an ordinary length, a few hundred of the longest, about a millisecond.
   */
  public static final long MAX_CELLS = 2_000_000;

  /** The most searches one index makes; later names get no suggestion. */
  public static final int MAX_SEARCHES = 100;

  private static final int NO_LIMIT = Integer.MAX_VALUE;

  /** Candidates by length (0 .. the longest usable); each list in the candidates' order. */
  private final List<List<Candidate>> byLength;
  /** The first candidate of each lowercase spelling. */
  private final Map<String, String> byLowerCase;
  private int searches;

  private record Candidate(String name, String lower, int order) {}

  private Suggestions(Iterable<String> candidates) {
    byLength = new ArrayList<>();
    byLowerCase = new HashMap<>();
    int order = 0;
    for (String candidate : candidates) {
      if (candidate.length() > MAX_NAME_LENGTH + MAX_NAME_LENGTH / 2) {
        continue; // too long to be within the edit limit of any name that gets a suggestion
      }
      String lower = candidate.toLowerCase(Locale.ROOT);
      byLowerCase.putIfAbsent(lower, candidate);
      while (byLength.size() <= candidate.length()) {
        byLength.add(new ArrayList<>());
      }
      byLength.get(candidate.length()).add(new Candidate(candidate, lower, order++));
    }
  }

  /**
   * An index of {@code candidates} for suggesting many names: built once in linear time, it
   * searches for at most {@value #MAX_SEARCHES} names, each within a fixed amount of work. Not
   * thread-safe.
   */
  public static Suggestions among(Iterable<String> candidates) {
    return new Suggestions(candidates);
  }

  /**
   * The candidate closest to {@code name} (see {@link #closest(String, Iterable)}), while this
   * index has searches left.
   */
  public Optional<String> closest(String name) {
    if (name.length() > MAX_NAME_LENGTH) {
      return Optional.empty();
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String exact = byLowerCase.get(lower);
    if (exact != null) {
      return Optional.of(exact);
    }
    if (searches >= MAX_SEARCHES) {
      return Optional.empty();
    }
    searches++;
    return search(name, lower);
  }

  /**
   * Returns the candidate closest to {@code name} by Levenshtein distance (case-insensitive), if
   * that distance is at most a third of the longer string's length (and at least 1 edit is
   * allowed). Ties go to the first candidate in iteration order, so results are deterministic.
   * For one name; to suggest many names among the same candidates use {@link #among}.
   */
  public static Optional<String> closest(String name, Iterable<String> candidates) {
    if (name.length() > MAX_NAME_LENGTH) {
      return Optional.empty();
    }
    return new Suggestions(candidates).closest(name);
  }

  private Optional<String> search(String name, String lower) {
    int length = name.length();
    Candidate best = null;
    int bestDistance = NO_LIMIT;
    long budget = MAX_CELLS;
    // Lengths from the name's outwards: a candidate can only be within the edit limit if its
    // length is, and the nearest lengths hold the likeliest typos. Beyond half the name's length
    // (plus one edit) no length can be.
    int maxDelta = length / 2 + 1;
    for (int delta = 0; delta <= maxDelta && budget > 0; delta++) {
      for (int side = 0; side < (delta == 0 ? 1 : 2) && budget > 0; side++) {
        int candidateLength = side == 0 ? length - delta : length + delta;
        if (candidateLength < 0 || candidateLength >= byLength.size()) {
          continue;
        }
        int limit = limit(length, candidateLength);
        if (delta > limit) {
          continue;
        }
        for (Candidate candidate : byLength.get(candidateLength)) {
          // What one comparison can cost at most: a cell of the table per pair of characters.
          budget -= (long) (length + 1) * (candidateLength + 1);
          if (budget < 0) {
            break;
          }
          int distance = distance(lower, candidate.lower(), Math.min(limit, bestDistance));
          if (distance <= limit
              && (distance < bestDistance
                  || distance == bestDistance && candidate.order() < best.order())) {
            best = candidate;
            bestDistance = distance;
          }
        }
      }
    }
    return best == null ? Optional.empty() : Optional.of(best.name());
  }

  private static int limit(int a, int b) {
    return Math.max(1, Math.max(a, b) / 3);
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
