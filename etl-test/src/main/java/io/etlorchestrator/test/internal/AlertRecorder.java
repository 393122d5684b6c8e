package io.etlorchestrator.test.internal;

import io.etlorchestrator.core.alert.Alert;
import io.etlorchestrator.core.alert.AlertRule;
import io.etlorchestrator.core.alert.Alerting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts of a run under test: an {@link Alerting} with the test's rules, every channel they
 * name (the {@code log} channel too) registered as a recorder. Internal: not part of the public API.
 */
public final class AlertRecorder implements AutoCloseable {
  private final Map<String, List<Alert>> received = new LinkedHashMap<>();
  private final Alerting alerting;

  /** Records the alerts {@code rules} raise. */
  public AlertRecorder(Collection<AlertRule> rules) {
    Alerting.Builder builder = Alerting.builder().rules(rules).deliveryAttempts(1);
    for (AlertRule rule : rules) {
      for (String channel : rule.channels()) {
        if (!received.containsKey(channel)) {
          received.put(channel, new ArrayList<>());
          builder.channel(channel, alert -> record(channel, alert));
        }
      }
    }
    this.alerting = builder.build();
  }

  /** The listener to add to the run. */
  public Alerting listener() {
    return alerting;
  }

  private synchronized void record(String channel, Alert alert) {
    received.get(channel).add(alert);
  }

  /**
   * Waits up to {@code timeout} for alerts still on their way to their channels, then returns what
   * each channel received, in the order raised.
   */
  public Map<String, List<Alert>> delivered(Duration timeout) {
    try {
      if (!alerting.flush(timeout)) {
        throw new AssertionError(String.format("alerts were still being delivered after %s of real time", timeout));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for alerts to be delivered", e);
    }
    synchronized (this) {
      Map<String, List<Alert>> copy = new LinkedHashMap<>();
      received.forEach((channel, alerts) -> copy.put(channel, List.copyOf(alerts)));
      return copy;
    }
  }

  @Override
  public void close() {
    alerting.close();
  }
}
