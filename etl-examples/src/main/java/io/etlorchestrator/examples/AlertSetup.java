package io.etlorchestrator.examples;

import io.etlorchestrator.core.alert.AlertRule;
import io.etlorchestrator.core.alert.Alerting;
import io.etlorchestrator.core.alert.WebhookChannel;
import io.etlorchestrator.core.spi.AlertChannel;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the example's alerts go: the definition's rules ({@code step_failure} to {@code slack},
 * {@code pipeline_failure} to {@code pagerduty} and {@code email}) with the channels the command
 * line registers, and every channel name nobody registered routed to the logging channel ({@code
 * log}, which writes to standard error), so the demo works without any account anywhere.
 *
 * <p>{@link #slack} and {@link #pagerDuty} register the channels the seed's rules name; {@link
 * #webhook} registers a channel {@value #WEBHOOK} that gets every alert of every rule as Slack
 * JSON ({@code {"text": ...}}, which Mattermost, Rocket.Chat and most chat tools accept too).
 */
final class AlertSetup {
  /** The channel {@code --webhook} registers; it gets every alert. */
  static final String WEBHOOK = "webhook";
  /** How long one webhook request may take. */
  static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(5);

  private final List<AlertRule> rules;
  private final Map<String, WebhookChannel> channels = new LinkedHashMap<>();

  AlertSetup(List<AlertRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** These channels with {@code rules} instead of this setup's rules. */
  AlertSetup withRules(List<AlertRule> rules) {
    AlertSetup copy = new AlertSetup(rules);
    copy.channels.putAll(channels);
    return copy;
  }

  /** Registers {@code slack} as a Slack incoming webhook at {@code url}. */
  AlertSetup slack(URI url) {
    channels.put("slack", WebhookChannel.slack(url).timeout(WEBHOOK_TIMEOUT).build());
    return this;
  }

  /** Registers {@code pagerduty} as a PagerDuty Events v2 endpoint at {@code url}. */
  AlertSetup pagerDuty(URI url, String routingKey) {
    channels.put("pagerduty", WebhookChannel.pagerDuty(url, routingKey).timeout(WEBHOOK_TIMEOUT).build());
    return this;
  }

  /** Registers {@value #WEBHOOK} at {@code url}, added to every rule. */
  AlertSetup webhook(URI url) {
    channels.put(WEBHOOK, WebhookChannel.slack(url).timeout(WEBHOOK_TIMEOUT).build());
    return this;
  }

  /** The rules the alerting applies: the definition's, with {@value #WEBHOOK} added to each if registered. */
  List<AlertRule> rules() {
    if (!channels.containsKey(WEBHOOK)) {
      return rules;
    }
    return rules.stream().map(rule -> {
      List<String> names = new ArrayList<>(rule.channels());
      names.add(WEBHOOK);
      return new AlertRule(rule.kind(), names);
    }).collect(Collectors.toList());
  }

  /** Channel names the rules use that nobody registered: their alerts go to the log channel. */
  Set<String> unregistered() {
    Set<String> names = new LinkedHashSet<>();
    for (AlertRule rule : rules()) {
      for (String name : rule.channels()) {
        if (!channels.containsKey(name) && !Alerting.LOG_CHANNEL.equals(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** A new alerting with the rules and channels; the caller closes it. */
  Alerting build() {
    Alerting.Builder builder = Alerting.builder()
        .rules(rules())
        .unregisteredChannelsTo(Alerting.LOG_CHANNEL)
        .deliveryAttempts(3)
        .retryDelay(Duration.ofMillis(500));
    channels.forEach((name, channel) -> builder.channel(name, (AlertChannel) channel));
    return builder.build();
  }

  /** What goes where, for people: a line per rule, per registered channel and for the rest. */
  List<String> describe() {
    List<String> lines = new ArrayList<>();
    if (rules.isEmpty()) {
      lines.add("Alerts: the definition has no alert rules");
      return lines;
    }
    lines.add("Alerts: " + rules().stream()
        .map(rule -> rule.kind().definitionName() + " -> " + String.join(", ", rule.channels()))
        .collect(Collectors.joining("; ")));
    channels.forEach((name, channel) ->
        // The channel's toString, not its URL: a webhook URL is a credential.
        lines.add(String.format("  %s: %s", name, channel)));
    Set<String> unregistered = unregistered();
    if (!unregistered.isEmpty()) {
      lines.add(String.format(
          "  %s: not registered here, so %s go to the log channel (standard error);"
              + " --slack-webhook, --pagerduty-key or --webhook send them over HTTP",
          String.join(", ", unregistered), unregistered.size() == 1 ? "its alerts" : "their alerts"));
    }
    return lines;
  }
}
