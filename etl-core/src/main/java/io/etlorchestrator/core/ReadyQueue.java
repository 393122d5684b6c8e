package io.etlorchestrator.core;

import java.util.Arrays;

/**
 * A set of step ranks (see {@link StepTable}) that hands out the lowest first: the ready step
 * with the longest remaining critical path, then the earliest in definition order. Not
 * thread-safe: used under the run's lock.
 *
 * <p>A tree of 64-bit words: bit {@code b} of word {@code w} of level 0 says whether rank {@code
 * 64w + b} is in the set, and a bit of level {@code k + 1} says whether the matching word of level
 * {@code k} has any bit set. Adding, taking the lowest and removing cost one step per level (three
 * levels up to 262,144 steps, four up to 16 million) and no comparisons, so a run whose 10,000
 * steps are all ready at once pays no more per step than a chain does.
 */
final class ReadyQueue {
  /** Level 0 first; the last level is a single word. */
  private final long[][] levels;
  private int size;

  /** An empty queue for ranks {@code 0 .. universe - 1}. */
  ReadyQueue(int universe) {
    int depth = 1;
    for (long words = wordsFor(universe); words > 1; words = wordsFor(words)) {
      depth++;
    }
    levels = new long[depth][];
    long bits = Math.max(1, universe);
    for (int k = 0; k < depth; k++) {
      levels[k] = new long[(int) wordsFor(bits)];
      bits = levels[k].length;
    }
  }

  private static long wordsFor(long bits) {
    return Math.max(1, (bits + 63) >>> 6);
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The lowest rank in the queue; the queue must not be empty. */
  int peek() {
    int index = 0;
    for (int k = levels.length - 1; k >= 0; k--) {
      index = (index << 6) | Long.numberOfTrailingZeros(levels[k][index]);
    }
    return index;
  }

  void clear() {
    for (long[] level : levels) {
      Arrays.fill(level, 0L);
    }
    size = 0;
  }

  /** Adds {@code rank}; adding a rank already in the queue changes nothing. */
  void add(int rank) {
    if ((levels[0][rank >>> 6] & (1L << rank)) != 0) {
      return;
    }
    int index = rank;
    for (long[] level : levels) {
      int word = index >>> 6;
      long before = level[word];
      level[word] = before | (1L << index);
      if (before != 0) {
        break; // the levels above already know this word has a bit set
      }
      index = word;
    }
    size++;
  }

  /** Removes and returns the lowest rank; the queue must not be empty. */
  int poll() {
    int rank = peek();
    int index = rank;
    for (long[] level : levels) {
      int word = index >>> 6;
      long after = level[word] & ~(1L << index);
      level[word] = after;
      if (after != 0) {
        break;
      }
      index = word;
    }
    size--;
    return rank;
  }
}
