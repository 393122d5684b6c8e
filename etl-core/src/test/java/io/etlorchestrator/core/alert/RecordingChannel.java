package io.etlorchestrator.core.alert;

import io.etlorchestrator.core.spi.AlertChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real channel for tests: keeps what it receives, and can fail its first sends or hold every
 * send until released.
 */
final class RecordingChannel implements AlertChannel {
  private final List<Alert> received = new ArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final int failures;
  private final CountDownLatch gate;
  private final List<String> threads = new ArrayList<>();

  private RecordingChannel(int failures, CountDownLatch gate) {
    this.failures = failures;
    this.gate = gate;
  }

  static RecordingChannel working() {
    return new RecordingChannel(0, new CountDownLatch(0));
  }

  static RecordingChannel failing(int failures) {
    return new RecordingChannel(failures, new CountDownLatch(0));
  }

  /** Every send waits until {@code gate} opens. */
  static RecordingChannel held(CountDownLatch gate) {
    return new RecordingChannel(0, gate);
  }

  @Override
  public void send(Alert alert) throws Exception {
    synchronized (this) {
      threads.add(Thread.currentThread().getName());
    }
    int n = calls.incrementAndGet();
    gate.await();
    if (n <= failures) {
      throw new IOException("channel down (call " + n + ")");
    }
    synchronized (this) {
      received.add(alert);
    }
  }

  synchronized List<Alert> received() {
    return new ArrayList<>(received);
  }

  synchronized List<String> threads() {
    return new ArrayList<>(threads);
  }

  int calls() {
    return calls.get();
  }
}
