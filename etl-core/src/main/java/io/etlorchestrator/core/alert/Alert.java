package io.etlorchestrator.core.alert;

import io.etlorchestrator.core.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * One alert, as {@link Alerting} hands it to every {@link
 * io.etlorchestrator.core.spi.AlertChannel} its rules name.
 *
 * @param kind what the alert is about
 * @param pipeline the pipeline's name
 * @param runId the run's id
 * @param step the step concerned; empty for alerts about the whole run
 * @param message one line for people, such as {@code step 'load_warehouse' failed after 3 attempts
 *     (alert_and_continue): IOException: disk full}
 * @param severity how urgent it is
 * @param at when it happened (the event's time, from the executor's clock)
 */
public record Alert(
    AlertKind kind,
    String pipeline,
    String runId,
    Optional<String> step,
    String message,
    AlertSeverity severity,
    Instant at) {

  /** Checks for nulls. */
  public Alert {
    Checks.notNull(kind, "kind");
    Checks.notNull(pipeline, "pipeline");
    Checks.notNull(runId, "runId");
    Checks.notNull(step, "step");
    Checks.notNull(message, "message");
    Checks.notNull(severity, "severity");
    Checks.notNull(at, "at");
  }

  /**
   * A key that is the same for every alert about the same step of the same run ({@code
   * run_20240115_100000/load_warehouse}) or about the same run ({@code run_20240115_100000}):
   * PagerDuty's {@code dedup_key}.
   */
  public String dedupKey() {
    return step.map(s -> runId + "/" + s).orElse(runId);
  }

  /** The message with its pipeline and run: {@code [daily_sales_etl] ... (run run_20240115_100000)}. */
  public String summary() {
    return "[" + pipeline + "] " + message + " (run " + runId + ")";
  }
}
