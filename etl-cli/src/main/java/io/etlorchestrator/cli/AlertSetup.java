package io.etlorchestrator.cli;

import io.etlorchestrator.core.alert.Alerting;
import io.etlorchestrator.core.alert.WebhookChannel;
import io.etlorchestrator.core.internal.Redaction;
import io.etlorchestrator.yaml.AlertDefinition;
import io.etlorchestrator.yaml.PipelineDefinition;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link Alerting} of a run from a definition's {@code alerts:} rules and the {@code
 * --webhook CHANNEL=URL} options. {@code log} is always registered; a channel named {@code
 * pagerduty} (or starting with it) posts PagerDuty Events v2 JSON with {@code
 * --pagerduty-routing-key}, any other webhook Slack's {@code {"text": ...}}. Channels a rule names
 * without a webhook go to the log, and the command says so once, on standard error, so the seed's
 * {@code slack}, {@code pagerduty} and {@code email} work as written.
 *
 * <p>A webhook URL and the routing key are credentials: messages show a URL as {@code
 * scheme://host:port/***} and never the key.
 */
final class AlertSetup {
  private AlertSetup() {}

  static Alerting build(PipelineDefinition pipeline, ExecutionOptions options, PrintStream err) {
    Alerting.Builder builder = pipeline.alertingBuilder();
    Set<String> named = new LinkedHashSet<>();
    for (AlertDefinition definition : pipeline.alerts()) {
      named.addAll(definition.channels());
    }
    for (Map.Entry<String, String> webhook : options.webhooks.entrySet()) {
      builder.channel(webhook.getKey(), channel(webhook.getKey(), webhook.getValue(), options));
    }
    Set<String> unconfigured = new LinkedHashSet<>(named);
    unconfigured.remove(Alerting.LOG_CHANNEL);
    unconfigured.removeAll(options.webhooks.keySet());
    if (!unconfigured.isEmpty()) {
      err.printf(
          "alerts: channel%s %s %s no webhook (--webhook CHANNEL=URL); %s alerts go to the log%n",
          unconfigured.size() == 1 ? "" : "s",
          String.join(", ", unconfigured),
          unconfigured.size() == 1 ? "has" : "have",
          unconfigured.size() == 1 ? "its" : "their");
    }
    return builder.build();
  }

  private static WebhookChannel channel(String name, String url, ExecutionOptions options) {
    String shown = Redaction.url(url);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // Not e.getMessage(): it ends with the whole URL.
      throw new CliException(
          String.format("--webhook %s=%s: not a URL: %s at index %d", name, shown, e.getReason(), e.getIndex()));
    }
    try {
      if (name.toLowerCase(Locale.ROOT).startsWith("pagerduty")) {
        if (options.pagerDutyRoutingKey == null || options.pagerDutyRoutingKey.isBlank()) {
          throw new CliException(
              String.format(
                  "--webhook %s=%s: a PagerDuty channel needs --pagerduty-routing-key KEY", name, shown));
        }
        return WebhookChannel.pagerDuty(uri, options.pagerDutyRoutingKey).build();
      }
      return WebhookChannel.slack(uri).build();
    } catch (IllegalArgumentException e) {
      throw new CliException(String.format("--webhook %s=%s: %s", name, shown, e.getMessage()));
    }
  }
}
