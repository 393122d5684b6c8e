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
    assertThat(stoppedBeforeBegin + interruptedWhileRunning + finishedFirst).isEqualTo(rounds);
    // Every interleaving was exercised, not just one.
    assertThat(stoppedBeforeBegin).isPositive();
    assertThat(interruptedWhileRunning).isPositive();
    assertThat(finishedFirst).isPositive();
  }
}
