package io.etlorchestrator.core.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures what one logger writes (the test config silences the library's loggers otherwise). */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level level;
  private final boolean additive;
  private final ListAppender<ILoggingEvent> appender =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          event.prepareForDeferredProcessing(); // keeps the MDC and arguments of the moment
          super.append(event);
        }
      };

  public LogCapture(String name) {
    logger = (Logger) LoggerFactory.getLogger(name);
    level = logger.getLevel();
    additive = logger.isAdditive();
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false);
    appender.start();
    logger.addAppender(appender);
  }

  /** Lines such as {@code WARN alert ...}, at INFO and above. */
  public synchronized List<String> lines() {
    return appender.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .map(e -> e.getLevel() + " " + e.getFormattedMessage())
        .collect(Collectors.toList());
  }

  /**
   * Everything written, DEBUG included: each event's formatted message, then the class and
   * message of its throwable, of every cause and of every suppressed exception.
   */
  public synchronized List<String> everything() {
    List<String> texts = new ArrayList<>();
    for (ILoggingEvent event : appender.list) {
      texts.add(event.getLevel() + " " + event.getFormattedMessage());
      addThrowable(event.getThrowableProxy(), texts);
    }
    return texts;
  }

  private static void addThrowable(IThrowableProxy proxy, List<String> texts) {
    if (proxy == null) {
      return;
    }
    texts.add("  " + proxy.getClassName() + ": " + proxy.getMessage());
    addThrowable(proxy.getCause(), texts);
    for (IThrowableProxy suppressed : proxy.getSuppressed()) {
      addThrowable(suppressed, texts);
    }
  }

  /** Every event written so far. */
  public synchronized List<ILoggingEvent> events() {
    return new ArrayList<>(appender.list);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(level);
    logger.setAdditive(additive);
  }
}
