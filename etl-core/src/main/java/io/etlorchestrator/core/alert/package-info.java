/**
 * Alerts, as the seed's {@code alerts:} block: {@link io.etlorchestrator.core.alert.AlertRule}s
 * ({@code on: step_failure, channels: [slack]}), the {@link io.etlorchestrator.core.alert.Alerting}
 * listener that raises and delivers them, and the built-in {@link
 * io.etlorchestrator.core.alert.WebhookChannel}. Channels implement {@link
 * io.etlorchestrator.core.spi.AlertChannel}.
 */
package io.etlorchestrator.core.alert;
