package io.etlorchestrator.core.report;

import io.etlorchestrator.core.ManualScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for real runs: a {@link ManualScheduler} (retry delays pass when the test advances
 * it) plus time that step actions "spend" by calling {@link #spend(Duration)}, so that a run with
 * one worker has exact, repeatable step times.
 */
final class VirtualTime {
  final ManualScheduler scheduler = new ManualScheduler();
  private final AtomicLong spentNanos = new AtomicLong();

  /** Moves the clock forward by {@code duration}, as if a step had worked that long. */
  void spend(Duration duration) {
    spentNanos.addAndGet(duration.toNanos());
  }

  Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return scheduler.now().plusNanos(spentNanos.get());
      }
    };
  }
}
