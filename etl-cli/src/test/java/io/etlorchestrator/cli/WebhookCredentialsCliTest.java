package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code --webhook CHANNEL=URL} and {@code --pagerduty-routing-key} are credentials (issue 14): the
 * command's standard error and its log never show the secret part of a URL or the key.
 */
@Timeout(60)
class WebhookCredentialsCliTest {
  private static final String TOKEN = "SECRETTOKEN123";
  private static final String ROUTING_KEY = "ROUTINGKEY0042";
  private static final String PASSWORD = "PASSWORD77";
  private static final List<String> SECRETS = List.of(TOKEN, ROUTING_KEY, PASSWORD);

  @TempDir Path dir;
  Path seed;

  @BeforeEach
  void setUp() {
    seed = Seed.copyTo(dir);
  }

  private Cli.Result simulate(String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "run", seed.toString(), "--store", dir.resolve("store").toString(), "--simulate", "--time-scale", "0.001"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(new String[0]));
  }

  /** Everything the library and the command log while {@code action} runs, DEBUG included. */
  private static List<String> logOf(Runnable action) {
    Logger logger = (Logger) LoggerFactory.getLogger("io.etlorchestrator");
    Level level = logger.getLevel();
    boolean additive = logger.isAdditive();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false);
    try {
      action.run();
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(level);
      logger.setAdditive(additive);
    }
    List<String> texts = new ArrayList<>();
    synchronized (appender) {
      for (ILoggingEvent event : appender.list) {
        texts.add(event.getLevel() + " " + event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
          texts.add("  " + t.getClassName() + ": " + t.getMessage());
        }
      }
    }
    return texts;
  }

  private static void assertNoSecretIn(String text, String where) {
    for (String secret : SECRETS) {
      assertThat(text).as("%s must not show %s", where, secret).doesNotContain(secret);
    }
  }

  @Test
  void webhookUrlsAndTheRoutingKeyNeverReachStandardErrorOrTheLog() throws IOException {
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (failedOnce.add(exchange.getRequestURI().getPath())) {
        // The first request of each endpoint is answered 500 with all it got, as a careless error page might.
        byte[] echo = ("rejected " + exchange.getRequestURI() + ": " + body).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(500, echo.length);
        exchange.getResponseBody().write(echo);
      } else {
        exchange.sendResponseHeaders(200, -1);
      }
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Cli.Result[] result = new Cli.Result[1];

      List<String> log = logOf(() -> result[0] = simulate(
          "--fail", "load_warehouse",
          "--webhook", "slack=" + base + "/services/T000/B000/" + TOKEN,
          "--webhook", "pagerduty=" + base + "/pd/" + TOKEN,
          "--pagerduty-routing-key", ROUTING_KEY));

      assertThat(result[0].exitCode()).as(result[0].toString()).isEqualTo(1);
      assertThat(failedOnce).as("both endpoints were called").hasSize(2);
      assertNoSecretIn(result[0].err(), "standard error");
      assertNoSecretIn(result[0].out(), "standard output");
      assertNoSecretIn(String.join("\n", log), "the log");
      assertThat(log)
          .as("the log names the endpoint that answered 500 all the same")
          .anySatisfy(l -> assertThat(l).contains("channel 'slack'").contains(base + "/*** answered HTTP 500"))
          .anySatisfy(l -> assertThat(l).contains("channel 'pagerduty'").contains(base + "/*** answered HTTP 500"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRejectedWebhookOptionIsNamedWithoutItsCredentials() {
    Cli.Result notAUrl = simulate("--webhook", "slack=https://hooks.example.com/services/T000/B000/" + TOKEN + " x");
    Cli.Result noKey = simulate("--webhook", "pagerduty=http://127.0.0.1:9/pd/" + TOKEN);
    Cli.Result notHttp = simulate("--webhook", "slack=ftp://alerts:" + PASSWORD + "@example.com/" + TOKEN);

    assertThat(notAUrl.exitCode()).isEqualTo(2);
    assertThat(notAUrl.err())
        .contains("--webhook slack=https://hooks.example.com/***: not a URL: Illegal character in path at index 59");
    assertThat(noKey.exitCode()).isEqualTo(2);
    assertThat(noKey.err())
        .contains("--webhook pagerduty=http://127.0.0.1:9/***: a PagerDuty channel needs --pagerduty-routing-key KEY");
    assertThat(notHttp.exitCode()).isEqualTo(2);
    assertThat(notHttp.err())
        .contains("--webhook slack=ftp://example.com/***: webhook url must be http or https, was 'ftp://example.com/***'");
    for (Cli.Result result : List.of(notAUrl, noKey, notHttp)) {
      assertNoSecretIn(result.err(), "standard error");
    }
  }
}
