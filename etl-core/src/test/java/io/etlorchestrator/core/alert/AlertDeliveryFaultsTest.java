package io.etlorchestrator.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.SeedPipeline;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.RunFinished;
import io.etlorchestrator.core.spi.AlertChannel;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Delivery under faults of the channel (issue 14): whatever a channel's send throws, its lane ends
 * the attempt, retries or gives up, counts it, and goes on with the channel's next alert.
 */
@Timeout(60)
class AlertDeliveryFaultsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant AT = Instant.parse("2024-01-15T10:00:00Z");

  /** What the first send of a {@link FaultyChannel} does once the test releases it. */
  enum Fault {
    RUNTIME_EXCEPTION,
    CHECKED_EXCEPTION,
    CUSTOM_ERROR,
    STACK_OVERFLOW,
    OUT_OF_MEMORY,
    /** Interrupts its own thread and throws {@link InterruptedException}. */
    INTERRUPTED,
    /** Interrupts its own thread and returns: the alert arrived, but the flag is left set. */
    INTERRUPT_LEFT_SET;

    void raise() throws Exception {
      switch (this) {
        case RUNTIME_EXCEPTION:
          throw new IllegalStateException("channel bug");
        case CHECKED_EXCEPTION:
          throw new IOException("channel down");
        case CUSTOM_ERROR:
          throw new ChannelBroke();
        case STACK_OVERFLOW:
          recurse(0);
          throw new AssertionError("unreachable");
        case OUT_OF_MEMORY:
          throw new OutOfMemoryError("the channel ran out of memory");
        case INTERRUPTED:
          Thread.currentThread().interrupt();
          throw new InterruptedException("the channel interrupted itself");
        case INTERRUPT_LEFT_SET:
          Thread.currentThread().interrupt();
          return;
        default:
          throw new AssertionError(this);
      }
    }

    /** Whether the alert of the faulty send arrived anyway. */
    boolean delivers() {
      return this == INTERRUPT_LEFT_SET;
    }
  }

  /** A custom {@link Error} subclass, as a channel's library might define. */
  static final class ChannelBroke extends Error {
    ChannelBroke() {
      super("the channel's library gave up");
    }
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  /**
   * A real channel: its first send waits until the test releases it, then does its {@link Fault};
   * every later send blocks the way a client does (so it sees an interrupt left set) and records
   * the alert. Its {@code toString()} throws, so logging it would break the lane too.
   */
  static final class FaultyChannel implements AlertChannel {
    private final Fault fault;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> received = new ArrayList<>();

    FaultyChannel(Fault fault) {
      this.fault = fault;
    }

    @Override
    public void send(Alert alert) throws Exception {
      if (calls.incrementAndGet() == 1) {
        firstStarted.countDown();
        release.await();
        fault.raise();
      } else {
        new CountDownLatch(0).await(); // returns at once, unless the thread was left interrupted
      }
      synchronized (this) {
        received.add(alert.runId());
      }
    }

    synchronized List<String> received() {
      return new ArrayList<>(received);
    }

    @Override
    public String toString() {
      throw new IllegalStateException("this channel cannot even describe itself");
    }
  }

  private static RunFinished succeeded(String runId) {
    return new RunFinished(
        new PipelineRun(
            runId, "daily_sales_etl", "fp", AT, Optional.of(AT), RunStatus.SUCCESS, Map.of(), List.of()));
  }

  /** Raises two alerts for {@code channel}, the second queued while the first send is in its fault. */
  private static void raiseTwo(Alerting alerting, FaultyChannel channel) throws InterruptedException {
    alerting.onRunFinished(succeeded("run_1"));
    assertThat(channel.firstStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    alerting.onRunFinished(succeeded("run_2"));
    channel.release.countDown();
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void oneAlertChannelDoesNotStopForGoodWhateverItsSendThrows(Fault fault) throws Exception {
    FaultyChannel slack = new FaultyChannel(fault);
    try (Alerting alerting =
        Alerting.builder()
            .channel("slack", slack)
            .rule(AlertKind.PIPELINE_SUCCESS, "slack")
            .deliveryAttempts(1)
            .build()) {
      raiseTwo(alerting, slack);

      assertThat(alerting.flush(WAIT)).as("every alert is delivered or given up after %s", fault).isTrue();
      assertThat(slack.received())
          .as("the alert after the %s reached the channel", fault)
          .isEqualTo(fault.delivers() ? List.of("run_1", "run_2") : List.of("run_2"));
      assertThat(alerting.deliveredCount()).isEqualTo(fault.delivers() ? 2 : 1);
      assertThat(alerting.failedCount()).isEqualTo(fault.delivers() ? 0 : 1);
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void aSendThatThrowsAnythingIsRetriedAndTheNextAlertFollows(Fault fault) throws Exception {
    FaultyChannel slack = new FaultyChannel(fault);
    try (Alerting alerting =
        Alerting.builder()
            .channel("slack", slack)
            .rule(AlertKind.PIPELINE_SUCCESS, "slack")
            .deliveryAttempts(2)
            .retryDelay(Duration.ZERO)
            .build()) {
      raiseTwo(alerting, slack);

      assertThat(alerting.flush(WAIT)).isTrue();
      assertThat(slack.received()).as("both alerts, in order, after the %s", fault).containsExactly("run_1", "run_2");
      assertThat(alerting.deliveredCount()).isEqualTo(2);
      assertThat(alerting.failedCount()).isZero();
    }
  }

  @Test
  void theLogSaysWhichChannelThrewAnErrorWithoutAskingTheChannelToDescribeItself() throws Exception {
    FaultyChannel slack = new FaultyChannel(Fault.CUSTOM_ERROR);
    try (LogCapture capture = new LogCapture(Alerting.class.getName());
        Alerting alerting =
            Alerting.builder()
                .channel("slack", slack)
                .rule(AlertKind.PIPELINE_SUCCESS, "slack")
                .deliveryAttempts(1)
                .build()) {
      raiseTwo(alerting, slack);
      assertThat(alerting.flush(WAIT)).isTrue();

      assertThat(capture.lines())
          .containsExactly(
              "ERROR channel 'slack' threw ChannelBroke: the channel's library gave up while sending"
                  + " alert pipeline_success of run run_1 (attempt 1 of 1)",
              "WARN alert pipeline_success of run run_1 could not be delivered to channel 'slack' after"
                  + " 1 attempt: ChannelBroke: the channel's library gave up");
    }
  }

  @Test
  void aSendThatHangsKeepsFlushFalseAndCloseEndsItWithinItsBound() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    AlertChannel hanging =
        alert -> {
          started.countDown();
          never.await();
        };
    Alerting alerting =
        Alerting.builder().channel("slack", hanging).rule(AlertKind.PIPELINE_SUCCESS, "slack").build();
    try (LogCapture capture = new LogCapture(Alerting.class.getName())) {
      alerting.onRunFinished(succeeded("run_1"));
      alerting.onRunFinished(succeeded("run_2"));
      assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      assertThat(alerting.flush(Duration.ofMillis(50))).as("the send still hangs").isFalse();
      alerting.close(); // waits its 10 s, then interrupts the send and drops what is queued

      assertThat(alerting.flush(Duration.ZERO)).as("nothing is left outstanding after close").isTrue();
      assertThat(alerting.failedCount()).as("the hung alert and the one queued behind it").isEqualTo(2);
      assertThat(alerting.deliveredCount()).isZero();
      assertThat(capture.lines())
          .contains("WARN closing alerting with alerts still undelivered")
          .anySatisfy(l -> assertThat(l).startsWith("WARN alert pipeline_success of run run_1 "))
          .anySatisfy(l -> assertThat(l).startsWith("WARN alert pipeline_success of run run_2 "));
    }
  }

  @Test
  void aRetryLeftQueuedOnAHostPoolIsGivenUpAtClose() throws Exception {
    ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
    try {
      CountDownLatch firstFailed = new CountDownLatch(1);
      Alerting alerting =
          Alerting.builder()
              .channel("slack", alert -> {
                firstFailed.countDown();
                throw new IOException("down");
              })
              .rule(AlertKind.PIPELINE_SUCCESS, "slack")
              .deliveryAttempts(3)
              .retryDelay(Duration.ofDays(1))
              .executor(pool)
              .build();
      alerting.onRunFinished(succeeded("run_1"));
      assertThat(firstFailed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      alerting.close();

      assertThat(alerting.flush(Duration.ZERO)).as("the retry due tomorrow was given up").isTrue();
      assertThat(alerting.failedCount()).isEqualTo(1);
      assertThat(pool.isShutdown()).as("the host's pool is left alone").isFalse();
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aHostPoolThatWasShutDownGivesAlertsUpWithoutFailingTheListener() throws Exception {
    ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
    pool.shutdown();
    FaultyChannel slack = new FaultyChannel(Fault.CHECKED_EXCEPTION);
    try (LogCapture capture = new LogCapture(Alerting.class.getName());
        Alerting alerting =
            Alerting.builder().channel("slack", slack).rule(AlertKind.PIPELINE_SUCCESS, "slack").executor(pool).build()) {
      assertThatCode(() -> alerting.onRunFinished(succeeded("run_1"))).doesNotThrowAnyException();

      assertThat(alerting.flush(Duration.ZERO)).isTrue();
      assertThat(alerting.failedCount()).isEqualTo(1);
      assertThat(slack.calls.get()).isZero();
      assertThat(capture.lines())
          .containsExactly(
              "WARN alert pipeline_success of run run_1 was not delivered to channel 'slack': the"
                  + " delivery threads are shut down");
    }
  }

  @Test
  void aHostPoolShutDownBetweenAttemptsGivesTheRetryUp() throws Exception {
    ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
    try {
      CountDownLatch sending = new CountDownLatch(1);
      CountDownLatch shutDown = new CountDownLatch(1);
      try (Alerting alerting =
          Alerting.builder()
              .channel("slack", alert -> {
                sending.countDown();
                shutDown.await();
                throw new IOException("down");
              })
              .rule(AlertKind.PIPELINE_SUCCESS, "slack")
              .deliveryAttempts(3)
              .retryDelay(Duration.ZERO)
              .executor(pool)
              .build()) {
        alerting.onRunFinished(succeeded("run_1"));
        assertThat(sending.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        pool.shutdown(); // the running send goes on; its retry cannot be scheduled
        shutDown.countDown();

        assertThat(alerting.flush(WAIT)).isTrue();
        assertThat(alerting.failedCount()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** An exception whose message cannot be read, as a step's library might throw. */
  static final class Unprintable extends RuntimeException {
    @Override
    public String getMessage() {
      throw new StackOverflowError();
    }
  }

  @Test
  void listenerMethodsNeverThrowIntoTheRunEvenForACauseThatCannotBeDescribed() throws Exception {
    RecordingChannel slack = RecordingChannel.working();
    PipelineStep step = SeedPipeline.pipeline().steps().get(0);
    try (Alerting alerting =
        Alerting.builder()
            .channel("slack", slack)
            .channel("pagerduty", alert -> {
              throw new Unprintable();
            })
            .rule(AlertKind.STEP_RETRY, "slack", "pagerduty")
            .deliveryAttempts(1)
            .build()) {
      RetryScheduled retry =
          new RetryScheduled("run_1", step, 1, Duration.ofSeconds(30), new Unprintable(), AT, StepRun.pending(step.name()));

      assertThatCode(() -> alerting.onRetryScheduled(retry)).doesNotThrowAnyException();

      assertThat(alerting.flush(WAIT)).isTrue();
      assertThat(slack.received()).singleElement()
          .satisfies(a -> assertThat(a.message()).startsWith("step '" + step.name() + "' attempt 1 failed (Unprintable"));
      assertThat(alerting.failedCount()).as("the channel's unprintable failure is counted all the same").isEqualTo(1);
    }
  }
}
