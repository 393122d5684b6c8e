package io.etlorchestrator.examples;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/** Captures what one logger logs during each test, as {@code LEVEL message} lines. */
final class CapturedLog implements BeforeEachCallback, AfterEachCallback {
  private final String name;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  CapturedLog(String name) {
    this.name = name;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    appender.list.clear();
    appender.start();
    ((Logger) LoggerFactory.getLogger(name)).addAppender(appender);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ((Logger) LoggerFactory.getLogger(name)).detachAppender(appender);
    appender.stop();
  }

  /** The lines logged so far in this test. */
  List<String> lines() {
    synchronized (appender.list) {
      return appender.list.stream()
          .map(e -> e.getLevel() + " " + e.getFormattedMessage())
          .collect(Collectors.toList());
    }
  }
}
