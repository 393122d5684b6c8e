package io.etlorchestrator.core.internal.alert;

import io.etlorchestrator.core.alert.Alert;
import io.etlorchestrator.core.spi.AlertChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The built-in logging channel. Internal: use {@link AlertChannel#logging()}. */
public final class LoggingChannel implements AlertChannel {
  /** The one instance. */
  public static final LoggingChannel INSTANCE = new LoggingChannel();

  /** The logger alerts are written to. */
  public static final String LOGGER = "io.etlorchestrator.alerts";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private LoggingChannel() {}

  @Override
  public void send(Alert alert) {
    try (MDC.MDCCloseable run = MDC.putCloseable("runId", alert.runId());
        MDC.MDCCloseable step = MDC.putCloseable("step", alert.step().orElse(""))) {
      String format = "{} alert: {}";
      switch (alert.severity()) {
        case CRITICAL:
        case ERROR:
          log.error(format, alert.kind().definitionName(), alert.summary());
          break;
        case WARNING:
          log.warn(format, alert.kind().definitionName(), alert.summary());
          break;
        default:
          log.info(format, alert.kind().definitionName(), alert.summary());
      }
    }
  }

  @Override
  public String toString() {
    return "AlertChannel.logging()";
  }
}
