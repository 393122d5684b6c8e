package io.etlorchestrator.core.alert;

import io.etlorchestrator.core.internal.Checks;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One rule of the seed's {@code alerts:} block: alerts of {@code kind} go to the channels named
 * {@code channels}.
 *
 * <pre>{@code
 * AlertRule.on(AlertKind.PIPELINE_FAILURE, "pagerduty", "email")
 * }</pre>
 *
 * @param kind what the rule fires on
 * @param channels names of {@link io.etlorchestrator.core.spi.AlertChannel}s registered with
 *     {@link Alerting.Builder#channel}; at least one, without duplicates (in order)
 */
public record AlertRule(AlertKind kind, List<String> channels) {
  /** Checks and copies; duplicate channel names are dropped. */
  public AlertRule {
    Checks.notNull(kind, "kind");
    Checks.notNull(channels, "channels");
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (String channel : channels) {
      Checks.notNull(channel, "channel");
      Checks.argument(!channel.isBlank(), "alert rule on %s names a blank channel", kind.definitionName());
      unique.add(channel);
    }
    Checks.argument(
        !unique.isEmpty(), "alert rule on %s names no channel; name at least one", kind.definitionName());
    channels = List.copyOf(unique);
  }

  /** A rule sending alerts of {@code kind} to {@code channels}. */
  public static AlertRule on(AlertKind kind, String... channels) {
    return new AlertRule(kind, Arrays.asList(Checks.notNull(channels, "channels")));
  }
}
