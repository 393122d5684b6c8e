package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The handshake between an attempt's thread and a stop (timeout or cancel) racing it: a stop
 * before the attempt begins keeps it from running, a stop while it runs interrupts exactly that
 * thread, and no interrupt outlives the attempt, whatever the interleaving.
 */
class AttemptContextTest {
  private static final PipelineStep STEP = PipelineStep.builder("step").build();

  private static void spin(int iterations) {
    for (int k = 0; k < iterations; k++) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aStopRacingTheAttemptNeverLeaksAnInterruptAndAlwaysWins() throws Exception {
    int rounds = 20_000;
    CyclicBarrier start = new CyclicBarrier(2);
    CyclicBarrier done = new CyclicBarrier(2);
    AtomicReference<AttemptContext> current = new AtomicReference<>();
    AtomicReference<Throwable> stopperFailure = new AtomicReference<>();
    Thread stopper =
        new Thread(
            () -> {
              try {
                for (int r = 0; r < rounds; r++) {
                  start.await(10, TimeUnit.SECONDS);
                  spin(ThreadLocalRandom.current().nextInt(400));
                  current.get().stop(r % 2 == 0 ? AttemptContext.CANCELLED : AttemptContext.TIMED_OUT);
                  done.await(10, TimeUnit.SECONDS);
                }
              } catch (Throwable e) {
                stopperFailure.set(e);
              }
            },
            "stopper");
    stopper.start();
    int stoppedBeforeBegin = 0;
    int interruptedWhileRunning = 0;
    int finishedFirst = 0;
    for (int r = 0; r < rounds; r++) {
      int reason = r % 2 == 0 ? AttemptContext.CANCELLED : AttemptContext.TIMED_OUT;
      AttemptContext attempt = new AttemptContext("run", STEP, 0, 1, Map.of(), Instant.EPOCH);
      current.set(attempt);
      start.await(10, TimeUnit.SECONDS);
      spin(ThreadLocalRandom.current().nextInt(200));
      boolean began = attempt.begin(Thread.currentThread());
      boolean sawInterrupt = false;
      if (began) {
        for (int k = ThreadLocalRandom.current().nextInt(400); k > 0 && !sawInterrupt; k--) {
          sawInterrupt = Thread.currentThread().isInterrupted();
          Thread.onSpinWait();
        }
        attempt.end();
      }
      done.await(10, TimeUnit.SECONDS); // the stop has returned

      assertThat(Thread.currentThread().isInterrupted())
          .as("round %s: no interrupt outlives the attempt", r)
          .isFalse();
      assertThat(attempt.began()).isEqualTo(began);
      if (!began) {
        stoppedBeforeBegin++;
        assertThat(attempt.state()).isEqualTo(reason);
        assertThat(attempt.isCancelled()).isTrue();
      } else if (attempt.state() == reason) {
        interruptedWhileRunning++;
        assertThat(attempt.isCancelled()).isTrue();
      } else {
        finishedFirst++;
        assertThat(attempt.state()).isEqualTo(AttemptContext.DONE);
        assertThat(attempt.isCancelled()).as("round %s: a stop after the end changes nothing", r).isFalse();
        assertThat(sawInterrupt).isFalse();
      }
    }
    stopper.join(10_000);
    assertThat(stopperFailure.get()).isNull();
    // Which way each round goes is up to the threads' scheduling, which a loaded machine can skew
    // to one way only; the three tests below take each way on purpose.
    assertThat(stoppedBeforeBegin + interruptedWhileRunning + finishedFirst).isEqualTo(rounds);
  }

  @Test
  void aStopBeforeTheAttemptBeginsKeepsItFromRunning() {
    AttemptContext attempt = new AttemptContext("run", STEP, 0, 1, Map.of(), Instant.EPOCH);

    attempt.stop(AttemptContext.CANCELLED);

    assertThat(attempt.begin(Thread.currentThread())).as("begins after the stop").isFalse();
    assertThat(attempt.began()).isFalse();
    assertThat(attempt.state()).isEqualTo(AttemptContext.CANCELLED);
    assertThat(attempt.isCancelled()).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).as("nothing to interrupt").isFalse();
  }

  @Test
  void aStopWhileTheAttemptRunsInterruptsItsThreadAndNoLongerThanTheAttempt() {
    AttemptContext attempt = new AttemptContext("run", STEP, 0, 1, Map.of(), Instant.EPOCH);
    assertThat(attempt.begin(Thread.currentThread())).isTrue();

    stopFromAnotherThread(attempt, AttemptContext.TIMED_OUT);

    assertThat(Thread.currentThread().isInterrupted()).as("the running attempt's thread is interrupted").isTrue();
    attempt.end();
    assertThat(Thread.currentThread().isInterrupted()).as("no interrupt outlives the attempt").isFalse();
    assertThat(attempt.began()).isTrue();
    assertThat(attempt.state()).isEqualTo(AttemptContext.TIMED_OUT);
    assertThat(attempt.isCancelled()).isTrue();
  }

  @Test
  void aStopAfterTheAttemptEndedChangesNothing() {
    AttemptContext attempt = new AttemptContext("run", STEP, 0, 1, Map.of(), Instant.EPOCH);
    assertThat(attempt.begin(Thread.currentThread())).isTrue();
    attempt.end();

    stopFromAnotherThread(attempt, AttemptContext.CANCELLED);

    assertThat(attempt.state()).isEqualTo(AttemptContext.DONE);
    assertThat(attempt.isCancelled()).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).as("the ended attempt's thread is left alone").isFalse();
  }

  /** Stops {@code attempt} on another thread and waits, without being interruptible, until it has. */
  private static void stopFromAnotherThread(AttemptContext attempt, int reason) {
    Thread stopper = new Thread(() -> attempt.stop(reason), "stopper");
    stopper.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (stopper.isAlive() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // a join would take the interrupt meant for the attempt
    }
    assertThat(stopper.isAlive()).as("the stop returned").isFalse();
  }
}
