package io.etlorchestrator.test.internal;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker pool of a run under test: {@code parallelism} daemon threads whose tasks are counted
 * in an {@link Activity} from submission to their end. Internal: not part of the public API.
 */
public final class TrackedPool extends AbstractExecutorService {
  private final ExecutorService threads;
  private final Activity activity;

  /** A pool of {@code size} daemon threads named {@code etl-test-worker-N}. */
  public TrackedPool(int size, Activity activity) {
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            size,
            task -> {
              Thread thread = new Thread(task, "etl-test-worker-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.activity = activity;
  }

  @Override
  public void execute(Runnable task) {
    activity.begin();
    try {
      threads.execute(
          () -> {
            try {
              task.run();
            } finally {
              activity.end();
            }
          });
    } catch (RejectedExecutionException | Error e) {
      activity.end();
      throw e;
    }
  }

  @Override
  public void shutdown() {
    threads.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return threads.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return threads.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return threads.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return threads.awaitTermination(timeout, unit);
  }
}
