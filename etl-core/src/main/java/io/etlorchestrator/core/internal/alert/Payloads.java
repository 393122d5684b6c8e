package io.etlorchestrator.core.internal.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etlorchestrator.core.alert.Alert;
import java.time.format.DateTimeFormatter;

/** The JSON bodies webhooks receive. Internal: not part of the public API. */
public final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** PagerDuty's limit on {@code payload.summary}. */
  static final int SUMMARY_LIMIT = 1024;

  private Payloads() {}

  /** Slack's incoming-webhook body: {@code {"text": ":red_circle: [pipeline] message (run id)"}}. */
  public static String slack(Alert alert) {
    ObjectNode body = JSON.createObjectNode();
    body.put("text", emoji(alert) + " " + alert.summary());
    return write(body);
  }

  /**
   * A PagerDuty Events API v2 {@code trigger} event: routing key, {@code dedup_key} (run id and
   * step), and a payload with summary, severity, source (the {@code source} given, or the
   * pipeline), timestamp, component (the step), group (the pipeline), class (the alert kind) and
   * custom details.
   */
  public static String pagerDuty(Alert alert, String routingKey, String source) {
    ObjectNode body = JSON.createObjectNode();
    body.put("routing_key", routingKey);
    body.put("event_action", "trigger");
    body.put("dedup_key", alert.dedupKey());
    ObjectNode payload = body.putObject("payload");
    String summary = alert.summary();
    payload.put(
        "summary", summary.length() <= SUMMARY_LIMIT ? summary : summary.substring(0, SUMMARY_LIMIT - 1) + "…");
    payload.put("severity", alert.severity().definitionName());
    payload.put("source", source.isEmpty() ? alert.pipeline() : source);
    payload.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(alert.at()));
    alert.step().ifPresent(step -> payload.put("component", step));
    payload.put("group", alert.pipeline());
    payload.put("class", alert.kind().definitionName());
    ObjectNode details = payload.putObject("custom_details");
    details.put("pipeline", alert.pipeline());
    details.put("run_id", alert.runId());
    alert.step().ifPresent(step -> details.put("step", step));
    details.put("message", alert.message());
    return write(body);
  }

  private static String emoji(Alert alert) {
    switch (alert.severity()) {
      case CRITICAL:
        return ":rotating_light:";
      case ERROR:
        return ":red_circle:";
      case WARNING:
        return ":warning:";
      default:
        return ":large_green_circle:";
    }
  }

  private static String write(ObjectNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an alert as JSON", e);
    }
  }
}
