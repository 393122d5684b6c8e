package io.etlorchestrator.benchmarks;

import java.util.PriorityQueue;

/**
 * Simulated schedules of an {@link IndexedDag} on {@code workers} identical workers with no
 * overhead at all: the ideal figures a real executor's makespan is compared with.
 */
public final class ListSchedule {
  private ListSchedule() {}

  /**
   * The makespan of greedy list scheduling with the longest remaining critical path first (the
   * executor's policy) and zero overhead. Graham's bound puts it within {@code 2 - 1/workers} of
   * the optimum; it usually sits on {@link #lowerBound}.
   */
  public static long criticalPathFirstNanos(IndexedDag dag, int workers) {
    return criticalPathFirstNanos(dag, dag.durationNanos(), workers);
  }

  /**
   * The same schedule, ordered by the estimates as the executor orders it, but with step {@code i}
   * taking {@code runNanos[i]}: the ideal for the durations a run's steps actually took (a
   * sleeping step oversleeps), so comparing a run with it leaves only the scheduler's own cost.
   */
  public static long criticalPathFirstNanos(IndexedDag dag, long[] runNanos, int workers) {
    int n = dag.size();
    long[] tail = tails(dag);
    int[] waiting = new int[n];
    PriorityQueue<Integer> ready =
        new PriorityQueue<>(
            (a, b) -> tail[a] != tail[b] ? Long.compare(tail[b], tail[a]) : Integer.compare(a, b));
    for (int i = 0; i < n; i++) {
      waiting[i] = dag.predecessors()[i].length;
      if (waiting[i] == 0) {
        ready.add(i);
      }
    }
    // Running steps ordered by finish time: {finish, step}.
    PriorityQueue<long[]> running = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    long now = 0;
    int done = 0;
    while (done < n) {
      while (running.size() < workers && !ready.isEmpty()) {
        int i = ready.poll();
        running.add(new long[] {now + runNanos[i], i});
      }
      long[] next = running.poll();
      now = next[0];
      done++;
      for (int s : dag.successors()[(int) next[1]]) {
        if (--waiting[s] == 0) {
          ready.add(s);
        }
      }
    }
    return now;
  }

  /** The makespan of the wave-barrier model with unlimited workers: the sum of wave maxima. */
  public static long waveBarrierNanos(IndexedDag dag) {
    long total = 0;
    for (int[] wave : dag.waves()) {
      long longest = 0;
      for (int i : wave) {
        longest = Math.max(longest, dag.durationNanos()[i]);
      }
      total += longest;
    }
    return total;
  }

  /** No schedule can beat this: the longer of the critical path and the work per worker. */
  public static long lowerBound(IndexedDag dag, int workers) {
    long[] tail = tails(dag);
    long critical = 0;
    for (long t : tail) {
      critical = Math.max(critical, t);
    }
    return Math.max(critical, (dag.totalWorkNanos() + workers - 1) / workers);
  }

  private static long[] tails(IndexedDag dag) {
    int[] order = dag.topologicalOrder();
    long[] tail = new long[dag.size()];
    for (int k = order.length - 1; k >= 0; k--) {
      int v = order[k];
      long longest = 0;
      for (int s : dag.successors()[v]) {
        longest = Math.max(longest, tail[s]);
      }
      tail[v] = dag.durationNanos()[v] + longest;
    }
    return tail;
  }
}
