package io.etlorchestrator.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The seed's execution model: run a wave, wait for all of it, run the next. What our
 * dependency-driven executor is designed to beat on makespan.
 */
public final class WaveBarrierScheduler {
  private WaveBarrierScheduler() {}

  /** Runs {@code action} for every step of {@code dag}, wave by wave, on {@code pool}. */
  public static void run(IndexedDag dag, ExecutorService pool, IntConsumer action) {
    for (int[] wave : dag.waves()) {
      List<Future<?>> futures = new ArrayList<>(wave.length);
      for (int i : wave) {
        futures.add(pool.submit(() -> action.accept(i)));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
    }
  }
}
