package io.etlorchestrator.yaml;

import io.etlorchestrator.core.alert.AlertKind;
import io.etlorchestrator.core.alert.AlertRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One alert rule of a definition's {@code failure_policies.alerts}, as plain data: which events
 * raise it and which channels it goes to. Channels are names the host maps to its own alert
 * channels.
 *
 * <pre>{@code
 * alerts:
 *   - on: step_failure
 *     channels: [slack]
 *   - on: [pipeline_failure, step_retry]
 *     channels: [pagerduty, email]
 * }</pre>
 *
 * @param on event names, each one of {@link #EVENTS}
 * @param channels channel names, at least one
 * @param line the 1-based line of the rule in its file, 0 when not read from a file
 */
public record AlertDefinition(List<String> on, List<String> channels, int line) {
  /** The event names an alert rule may name: the definition names of the core's {@link AlertKind}s. */
  public static final Set<String> EVENTS = eventSet();

  private static Set<String> eventSet() {
    Set<String> names = new java.util.LinkedHashSet<>();
    for (AlertKind kind : AlertKind.values()) {
      names.add(kind.definitionName());
    }
    return java.util.Collections.unmodifiableSet(names);
  }

  /**
   * Checks and copies.
   *
   * @throws IllegalArgumentException if {@code on} or {@code channels} is empty, or an event name
   *     is not one of {@link #EVENTS}
   */
  public AlertDefinition {
    on = List.copyOf(Objects.requireNonNull(on, "on must not be null"));
    channels = List.copyOf(Objects.requireNonNull(channels, "channels must not be null"));
    if (on.isEmpty()) {
      throw new IllegalArgumentException("an alert needs at least one event in 'on'");
    }
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("an alert needs at least one channel");
    }
    for (String event : on) {
      if (!EVENTS.contains(event)) {
        throw new IllegalArgumentException(
            String.format("unknown alert event '%s'; known events: %s", event, eventNames()));
      }
    }
  }

  /** This rule as the core's {@link AlertRule}s: one per event, each to all the channels. */
  public List<AlertRule> rules() {
    List<AlertRule> rules = new ArrayList<>(on.size());
    for (String event : on) {
      rules.add(new AlertRule(AlertKind.fromDefinitionName(event).orElseThrow(), channels));
    }
    return rules;
  }

  /** An alert on {@code events} to {@code channels}, not read from a file. */
  public static AlertDefinition of(List<String> events, List<String> channels) {
    return new AlertDefinition(events, channels, 0);
  }

  /** The known event names, comma-separated in a fixed order, for messages. */
  public static String eventNames() {
    return AlertKind.definitionNames();
  }
}
