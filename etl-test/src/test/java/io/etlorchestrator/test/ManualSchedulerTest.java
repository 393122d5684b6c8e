package io.etlorchestrator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ManualSchedulerTest {
  private final ManualScheduler time = new ManualScheduler();

  @Test
  void tasksRunWhenTheClockPassesTheirDueTimeInOrderWithTheClockShowingIt() {
    List<String> ran = new ArrayList<>();
    time.schedule(Duration.ofSeconds(60), () -> ran.add("b at " + time.now()));
    time.schedule(Duration.ofSeconds(30), () -> ran.add("a at " + time.now()));
    time.schedule(Duration.ofSeconds(60), () -> ran.add("c at " + time.now()));

    time.advance(Duration.ofSeconds(59));
    assertThat(ran).containsExactly("a at 2024-01-15T10:00:30Z");

    time.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("a at 2024-01-15T10:00:30Z", "b at 2024-01-15T10:01:00Z", "c at 2024-01-15T10:01:00Z");
    assertThat(time.now()).isEqualTo(Instant.parse("2024-01-15T10:01:00Z"));
    assertThat(time.clock().instant()).isEqualTo(time.now());
    assertThat(time.clock().getZone()).isEqualTo(java.time.ZoneOffset.UTC);
    assertThat(time.clock().withZone(ZoneId.of("Europe/Paris")).instant()).isEqualTo(time.now());
    assertThat(time.scheduledDelays()).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  @Test
  void aTaskScheduledByATaskRunsInTheSameMoveIfItFallsDueWithinIt() {
    List<Instant> ran = new ArrayList<>();
    time.schedule(Duration.ofSeconds(10), () -> time.schedule(Duration.ofSeconds(10), () -> ran.add(time.now())));

    time.advance(Duration.ofSeconds(25));

    assertThat(ran).containsExactly(ManualScheduler.DEFAULT_START.plusSeconds(20));
    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void aCancelledTaskNeverRuns() {
    AtomicInteger runs = new AtomicInteger();
    Scheduler.Cancellable task = time.schedule(Duration.ofSeconds(1), runs::incrementAndGet);

    task.cancel();
    time.advance(Duration.ofMinutes(1));

    assertThat(runs).hasValue(0);
    assertThat(time.pending()).isZero();
  }

  @Test
  void runNextJumpsToTheEarliestTask() {
    time.schedule(Duration.ofMinutes(5), () -> {});
    time.schedule(Duration.ofMinutes(2), () -> {});

    assertThat(time.nextDueIn()).contains(Duration.ofMinutes(2));
    assertThat(time.runNext()).isEqualTo(Duration.ofMinutes(2));
    assertThat(time.nextDueIn()).contains(Duration.ofMinutes(3));
    assertThat(time.runNext()).isEqualTo(Duration.ofMinutes(3));
    assertThat(time.nextDueIn()).isEmpty();
    assertThatThrownBy(time::runNext)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no task is scheduled; nothing to run");
  }

  @Test
  void theClockNeverGoesBack() {
    time.advance(Duration.ofSeconds(10));

    assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot move the clock back: duration was PT-1S");
    assertThatThrownBy(() -> time.advanceTo(ManualScheduler.DEFAULT_START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot move the clock back from 2024-01-15T10:00:10Z to 2024-01-15T10:00:00Z");
  }

  @Test
  void aNegativeDelayRunsAtTheNextMove() {
    AtomicInteger runs = new AtomicInteger();
    time.schedule(Duration.ofSeconds(-5), runs::incrementAndGet);

    time.advance(Duration.ZERO);

    assertThat(runs).hasValue(1);
  }

  @Test
  void aTaskThatThrowsLeavesTheRestWaiting() {
    AtomicInteger later = new AtomicInteger();
    time.schedule(Duration.ofSeconds(1), () -> {
      throw new IllegalStateException("boom");
    });
    time.schedule(Duration.ofSeconds(2), later::incrementAndGet);

    assertThatThrownBy(() -> time.advance(Duration.ofSeconds(5))).hasMessage("boom");

    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
    assertThat(time.pending()).isEqualTo(1);
    time.advance(Duration.ofSeconds(4));
    assertThat(later).hasValue(1);
  }

  @Test
  void awaitPendingFailsSayingHowManyAreWaiting() {
    time.schedule(Duration.ofSeconds(1), () -> {});

    assertThatThrownBy(() -> time.awaitPending(2, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("expected at least 2 scheduled tasks within PT0.05S of real time, 1 are waiting");
  }

  @Test
  void awaitPendingReturnsOnceAnotherThreadScheduled() throws Exception {
    Thread other = new Thread(() -> time.schedule(Duration.ofSeconds(1), () -> {}));
    other.start();

    time.awaitPending(1, Duration.ofSeconds(30));

    other.join();
    assertThat(time.pending()).isEqualTo(1);
  }

  @Test
  void tasksScheduledFromManyThreadsWhileTheClockMovesEachRunOnce() throws Exception {
    int threads = 4;
    int perThread = 2_000;
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> producers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        producers.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int k = 0; k < perThread; k++) {
                    int id = base + k;
                    time.schedule(Duration.ofMillis(k % 7), () -> ran.add(id));
                  }
                  return null;
                }));
      }
      go.countDown();
      while (!producers.stream().allMatch(Future::isDone)) {
        time.advance(Duration.ofMillis(1));
      }
      for (Future<?> producer : producers) {
        producer.get(30, TimeUnit.SECONDS);
      }
      time.advance(Duration.ofSeconds(1));
    } finally {
      pool.shutdownNow();
    }

    assertThat(ran).hasSize(threads * perThread).doesNotHaveDuplicates();
    assertThat(time.pending()).isZero();
  }
}
