package io.etlorchestrator.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * The simplest dependency-driven scheduler one could write by hand: one {@link CompletableFuture}
 * per step, started when all its predecessors' futures complete. No priorities, retries, events,
 * state or bounded parallelism beyond the pool's. The lower bound of what our executor's
 * bookkeeping costs, and a makespan comparison with no critical-path ordering.
 */
public final class CompletableFutureScheduler {
  private CompletableFutureScheduler() {}

  /** Runs {@code action} for every step of {@code dag} on {@code pool}, respecting dependencies. */
  public static void run(IndexedDag dag, Executor pool, IntConsumer action) {
    int n = dag.size();
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] futures = new CompletableFuture[n];
    for (int i : dag.topologicalOrder()) {
      int[] preds = dag.predecessors()[i];
      int step = i;
      Runnable run = () -> action.accept(step);
      CompletableFuture<Void> future;
      if (preds.length == 0) {
        future = CompletableFuture.runAsync(run, pool);
      } else if (preds.length == 1) {
        future = futures[preds[0]].thenRunAsync(run, pool);
      } else {
        CompletableFuture<?>[] before = new CompletableFuture<?>[preds.length];
        for (int k = 0; k < preds.length; k++) {
          before[k] = futures[preds[k]];
        }
        future = CompletableFuture.allOf(before).thenRunAsync(run, pool);
      }
      futures[i] = future;
    }
    CompletableFuture.allOf(futures).join();
  }
}
