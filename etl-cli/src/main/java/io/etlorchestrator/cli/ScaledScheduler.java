package io.etlorchestrator.cli;

import io.etlorchestrator.core.spi.Scheduler;
import java.time.Duration;

/**
 * A {@link Scheduler} that shrinks (or stretches) every delay by a factor before handing it to
 * another scheduler: how {@code --simulate --time-scale 0.01} turns the seed's 30 s retry backoff
 * into 300 ms, and a step's timeout into the same fraction of itself, so a rehearsal keeps the
 * proportions of the real run. Thread-safe when the scheduler it wraps is.
 */
final class ScaledScheduler implements Scheduler {
  private final Scheduler delegate;
  private final double factor;

  ScaledScheduler(Scheduler delegate, double factor) {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("time scale must be a positive number, was " + factor);
    }
    this.delegate = delegate;
    this.factor = factor;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    return delegate.schedule(scale(delay, factor), task);
  }

  /** {@code duration} times {@code factor}, to the nanosecond, never negative. */
  static Duration scale(Duration duration, double factor) {
    // In doubles: a long timeout (a year) times a factor would overflow Duration.toNanos().
    double nanos = (duration.getSeconds() * 1e9 + duration.getNano()) * factor;
    if (nanos >= Long.MAX_VALUE) {
      return Duration.ofNanos(Long.MAX_VALUE);
    }
    return Duration.ofNanos(Math.max(0L, Math.round(nanos)));
  }
}
