package io.etlorchestrator.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Heap readings for the harnesses: live heap after full GCs, and peaks of the heap pools. */
final class Heap {
  private Heap() {}

  /** Heap in use after three full GCs: roughly what is still reachable. */
  static long live() {
    for (int k = 0; k < 3; k++) {
      System.gc();
    }
    return used();
  }

  /** Heap in use now, garbage included. */
  static long used() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Starts a new peak measurement for {@link #peak()}. */
  static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks since {@link #resetPeaks()}: an upper bound of the peak heap. */
  static long peak() {
    long total = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        total += pool.getPeakUsage().getUsed();
      }
    }
    return total;
  }
}
