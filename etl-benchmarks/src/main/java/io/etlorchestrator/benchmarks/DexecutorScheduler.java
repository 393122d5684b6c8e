package io.etlorchestrator.benchmarks;

import com.github.dexecutor.core.DefaultDexecutor;
import com.github.dexecutor.core.DexecutorConfig;
import com.github.dexecutor.core.ExecutionConfig;
import com.github.dexecutor.core.task.Task;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;

/**
 * The peer library, Dexecutor ({@code com.github.dexecutor:dexecutor-core}), running an {@link
 * IndexedDag} on a pool the caller owns: one {@code Integer} node per step, an edge per
 * dependency, terminating on the first error. Dexecutor's own model: the graph is declared per
 * run and the calling thread drives the run, so {@link #run} builds the graph each time, as a
 * host using Dexecutor would.
 */
public final class DexecutorScheduler {
  private DexecutorScheduler() {}

  /** Runs {@code action} for every step of {@code dag} on {@code pool} through Dexecutor. */
  public static void run(IndexedDag dag, ExecutorService pool, IntConsumer action) {
    declare(dag, pool, action).execute(ExecutionConfig.TERMINATING);
  }

  /** Only declares the graph, without running it: the share of {@link #run} that is set-up. */
  public static DefaultDexecutor<Integer, Integer> declare(
      IndexedDag dag, ExecutorService pool, IntConsumer action) {
    DexecutorConfig<Integer, Integer> config =
        new DexecutorConfig<>(pool, id -> new ActionTask(id, action));
    DefaultDexecutor<Integer, Integer> dexecutor = new DefaultDexecutor<>(config);
    for (int i = 0; i < dag.size(); i++) {
      int[] preds = dag.predecessors()[i];
      if (preds.length == 0) {
        dexecutor.addIndependent(i);
      }
      for (int p : preds) {
        dexecutor.addDependency(p, i);
      }
    }
    return dexecutor;
  }

  /** A Dexecutor task calling the action with its step index. */
  private static final class ActionTask extends Task<Integer, Integer> {
    private static final long serialVersionUID = 1L;
    private final transient IntConsumer action;
    private final int step;

    ActionTask(int step, IntConsumer action) {
      this.step = step;
      this.action = action;
    }

    @Override
    public Integer execute() {
      action.accept(step);
      return null;
    }
  }
}
