package io.etlorchestrator.core;

import java.util.Arrays;

/**
 * A binary heap of step ranks (see {@link StepTable}), lowest first: the step with the longest
 * remaining critical path, then the earliest in definition order. Not thread-safe: used under the
 * run's lock.
 */
final class ReadyQueue {
  private int[] heap;
  private int size;

  ReadyQueue(int capacity) {
    this.heap = new int[Math.max(4, capacity)];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int peek() {
    return heap[0];
  }

  void clear() {
    size = 0;
  }

  void add(int step) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    int k = size++;
    while (k > 0) {
      int parent = (k - 1) >>> 1;
      if (!before(step, heap[parent])) {
        break;
      }
      heap[k] = heap[parent];
      k = parent;
    }
    heap[k] = step;
  }

  /**
   * Adds {@code count} steps of {@code steps} at once: into an empty queue in linear time (a run's
   * first ready steps can be all of its steps), else one by one.
   */
  void addAll(int[] steps, int count) {
    if (size > 0) {
      for (int k = 0; k < count; k++) {
        add(steps[k]);
      }
      return;
    }
    if (heap.length < count) {
      heap = new int[count];
    }
    System.arraycopy(steps, 0, heap, 0, count);
    size = count;
    for (int k = (size >>> 1) - 1; k >= 0; k--) {
      siftDown(k, heap[k]);
    }
  }

  int poll() {
    int top = heap[0];
    int last = heap[--size];
    if (size > 0) {
      siftDown(0, last);
    }
    return top;
  }

  /** Places {@code step} at slot {@code k} or below, moving higher-priority children up. */
  private void siftDown(int k, int step) {
    int half = size >>> 1;
    while (k < half) {
      int child = 2 * k + 1;
      int right = child + 1;
      if (right < size && before(heap[right], heap[child])) {
        child = right;
      }
      if (!before(heap[child], step)) {
        break;
      }
      heap[k] = heap[child];
      k = child;
    }
    heap[k] = step;
  }

  private static boolean before(int a, int b) {
    return a < b;
  }
}
