package io.etlorchestrator.test;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunHandle;
import io.etlorchestrator.core.alert.Alert;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.test.internal.AlertRecorder;
import io.etlorchestrator.test.internal.RunDriver;
import io.etlorchestrator.test.internal.TrackedPool;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A run under test whose virtual time the test moves itself, from {@link PipelineTester#start()}:
 * for tests that look at a run half way, such as "the retry has not started 29 s after the
 * failure, and has at 30 s".
 *
 * <pre>{@code
 * try (ManualRun run = PipelineTester.of(pipeline).failing("extract_orders", 1).start()) {
 *   run.awaitIdle();                                   // attempt 1 failed, its retry is scheduled
 *   run.advance(Duration.ofSeconds(29));
 *   assertThat(run.eventLog()).doesNotContain("started extract_orders#2");
 *   run.advance(Duration.ofSeconds(1));
 *   assertThat(run.eventLog()).contains("started extract_orders#2");
 *   assertThat(run.finish()).succeeded();
 * }
 * }</pre>
 *
 * <p>Every method that waits waits in real time for at most the tester's {@linkplain
 * PipelineTester#realTimeLimit real-time limit}, and fails with an {@link AssertionError} showing
 * the run's steps and what its threads are doing if that is not enough. {@link #close()} cancels a
 * run that has not ended and releases its threads: open it in a try-with-resources block.
 *
 * <p>Meant for the test's thread: one call at a time. A tester has one open run at a time, since its
 * runs share its clock.
 */
public final class ManualRun implements AutoCloseable {
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

  private final RunHandle handle;
  private final RunDriver driver;
  private final ManualScheduler scheduler;
  private final ExecutionPlan plan;
  private final RecordingListener recorder;
  private final AlertRecorder alerts;
  private final CheckpointStore store;
  private final Executor executor;
  private final TrackedPool pool;
  private boolean closed;

  ManualRun(
      RunHandle handle,
      RunDriver driver,
      ManualScheduler scheduler,
      ExecutionPlan plan,
      RecordingListener recorder,
      AlertRecorder alerts,
      CheckpointStore store,
      Executor executor,
      TrackedPool pool) {
    this.handle = handle;
    this.driver = driver;
    this.scheduler = scheduler;
    this.plan = plan;
    this.recorder = recorder;
    this.alerts = alerts;
    this.store = store;
    this.executor = executor;
    this.pool = pool;
  }

  /** The run's id. */
  public String runId() {
    return handle.runId();
  }

  /** The run's virtual time: what it shows, what is scheduled. */
  public ManualScheduler scheduler() {
    return scheduler;
  }

  /** The events of the run so far, in order. */
  public List<Object> events() {
    return recorder.events();
  }

  /** The events of the run so far as lines, in order (see {@link RecordingListener#lines()}). */
  public List<String> eventLog() {
    return recorder.lines();
  }

  /**
   * Waits until no attempt of the run is running and nothing else of it is in flight (or it ended):
   * all that is left waits for virtual time.
   *
   * @return this
   * @throws AssertionError if that takes longer than the real-time limit
   */
  public ManualRun awaitIdle() {
    checkOpen();
    driver.awaitIdle();
    return this;
  }

  /**
   * Moves virtual time forward by {@code duration}. The clock stops at each instant a task (a
   * retry, a timeout, the end of a {@link PipelineTester#taking taking} step) falls due on the way
   * and the run settles there before it moves on, so what a retry does at 30 s is done before the
   * clock shows 31 s. Waits for the run to settle first.
   *
   * @return this
   * @throws AssertionError if the run does not settle within the real-time limit
   */
  public ManualRun advance(Duration duration) {
    checkOpen();
    Checks.notNull(duration, "duration");
    Checks.argument(!duration.isNegative(), "cannot move the clock back: duration was %s", duration);
    driver.advance(duration);
    return this;
  }

  /**
   * Lets the run settle, moves the clock to the next scheduled task, runs every task due then and
   * lets the run settle again.
   *
   * @return how far the clock moved
   * @throws AssertionError if nothing is scheduled, or the run does not settle within the limit
   */
  public Duration runNext() {
    checkOpen();
    return driver.runNext();
  }

  /** Cancels the run (as {@link RunHandle#cancel()}); {@link #finish()} then returns it CANCELLED. */
  public void cancel() {
    handle.cancel();
  }

  /**
   * Waits for the run to end without moving the clock.
   *
   * @throws AssertionError if the run still waits for virtual time (a retry not yet due), cannot
   *     end, or does not end within the real-time limit
   */
  public TestRun finish() {
    return ended(driver.awaitEnd());
  }

  /** Moves virtual time whenever the run is idle, as {@link PipelineTester#run()} does, until it ends. */
  public TestRun runToEnd() {
    return ended(driver.runToEnd());
  }

  private void checkOpen() {
    Checks.state(!closed, "run %s is closed; start another with PipelineTester.start()", handle.runId());
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    return closed;
  }

  private TestRun ended(PipelineRun run) {
    Map<String, List<Alert>> delivered = alerts == null ? Map.of() : alerts.delivered(Duration.ofSeconds(10));
    TestRun result = new TestRun(run, plan, recorder, delivered, store, scheduler);
    close();
    return result;
  }

  /**
   * Cancels the run if it has not ended, waits a few seconds of real time for its attempts to
   * return, and releases the run's threads. An attempt that ignores its interrupt keeps its
   * thread (a daemon) until it returns; the threads are then released in the background. Does
   * nothing the second time.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Runnable release =
        () -> {
          try {
            executor.close();
          } finally {
            pool.shutdownNow();
            if (alerts != null) {
              alerts.close();
            }
          }
        };
    if (!driver.done()) {
      handle.cancel();
    }
    if (driver.done() || driver.awaitQuietly(CANCEL_WAIT)) {
      release.run();
    } else {
      Thread releaser = new Thread(release, "etl-test-release-" + handle.runId());
      releaser.setDaemon(true);
      releaser.start();
    }
  }
}
