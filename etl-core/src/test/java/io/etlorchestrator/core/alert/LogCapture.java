package io.etlorchestrator.core.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures what one logger writes (the test config silences the library's loggers otherwise). */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level level;
  private final boolean additive;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture(String name) {
    logger = (Logger) LoggerFactory.getLogger(name);
    level = logger.getLevel();
    additive = logger.isAdditive();
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false);
    appender.start();
    logger.addAppender(appender);
  }

  /** Lines such as {@code WARN alert ...}, at INFO and above. */
  synchronized List<String> lines() {
    return appender.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .map(e -> e.getLevel() + " " + e.getFormattedMessage())
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(level);
    logger.setAdditive(additive);
  }
}
