package io.etlorchestrator.core;

import java.util.Arrays;

/**
 * A binary heap of step indices, highest priority first: the longest remaining critical path,
 * then the earliest in definition order. Not thread-safe: used under the run's lock.
 */
final class ReadyQueue {
  private final ExecutionPlan plan;
  private int[] heap;
  private int size;

  ReadyQueue(ExecutionPlan plan, int capacity) {
    this.plan = plan;
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

  int poll() {
    int top = heap[0];
    int last = heap[--size];
    int k = 0;
    int half = size >>> 1;
    while (k < half) {
      int child = 2 * k + 1;
      int right = child + 1;
      if (right < size && before(heap[right], heap[child])) {
        child = right;
      }
      if (!before(heap[child], last)) {
        break;
      }
      heap[k] = heap[child];
      k = child;
    }
    if (size > 0) {
      heap[k] = last;
    }
    return top;
  }

  private boolean before(int a, int b) {
    long ta = plan.remainingCriticalPathNanos(a);
    long tb = plan.remainingCriticalPathNanos(b);
    return ta > tb || (ta == tb && a < b);
  }
}
