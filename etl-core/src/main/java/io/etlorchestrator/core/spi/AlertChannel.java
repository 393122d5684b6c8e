package io.etlorchestrator.core.spi;

import io.etlorchestrator.core.alert.Alert;
import io.etlorchestrator.core.internal.alert.LoggingChannel;

/**
 * Where alerts go: Slack, PagerDuty, e-mail, a log. A host registers channels by name with {@link
 * io.etlorchestrator.core.alert.Alerting.Builder#channel(String, AlertChannel)}, and alert rules
 * name them ({@code on: step_failure, channels: [slack]}).
 *
 * <p>Built in: {@link #logging()} (registered as {@code log} in every {@code Alerting}) and {@link
 * io.etlorchestrator.core.alert.WebhookChannel} (Slack- and PagerDuty-compatible JSON over HTTP).
 *
 * <p>{@code Alerting} calls {@link #send} on its own delivery threads, never on a thread that runs
 * the pipeline, one alert at a time per channel, in the order the alerts were raised. A send that
 * throws (anything: an exception or an {@link Error}) is retried with a delay, and after the last
 * attempt the failure is logged: it never fails or blocks a run, nor stops the channel's later
 * alerts. An implementation should bound how long a send may take (the webhook channel has a
 * timeout), because a channel's next alert waits for its previous one, and should answer an
 * interrupt by returning or throwing (it is how {@code close()} ends a send). Exception messages
 * and {@code toString()} end up in logs: keep credentials (tokens, secret URLs) out of them.
 * Implementations must
 * be safe to call from several threads for different alerts if they are registered under several
 * names or in several {@code Alerting}s.
 */
@FunctionalInterface
public interface AlertChannel {
  /**
   * Delivers {@code alert}, returning once it has been accepted.
   *
   * @throws Exception if it could not be delivered; the delivery is retried
   */
  void send(Alert alert) throws Exception;

  /**
   * A channel that writes each alert to the SLF4J logger {@code io.etlorchestrator.alerts}: at
   * ERROR for critical and error alerts, WARN for warnings, INFO otherwise, with the run id and
   * step in the MDC ({@code runId}, {@code step}). Never fails.
   */
  static AlertChannel logging() {
    return LoggingChannel.INSTANCE;
  }
}
