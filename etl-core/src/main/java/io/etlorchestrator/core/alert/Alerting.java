package io.etlorchestrator.core.alert;

import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.RunFinished;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.RunStarted;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.Errors;
import io.etlorchestrator.core.internal.Suggestions;
import io.etlorchestrator.core.internal.alert.DeliveryLane;
import io.etlorchestrator.core.internal.report.Marks;
import io.etlorchestrator.core.spi.AlertChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the events of runs into alerts and delivers them to channels, as the seed's {@code
 * alerts:} block says: a {@link RunListener} to add to an {@link io.etlorchestrator.core.Executor}.
 *
 * <pre>{@code
 * try (Alerting alerting = Alerting.builder()
 *         .channel("slack", WebhookChannel.slack(URI.create(slackUrl)).build())
 *         .channel("pagerduty", WebhookChannel.pagerDuty(routingKey).build())
 *         .rule(AlertKind.STEP_FAILURE, "slack")
 *         .rule(AlertKind.PIPELINE_FAILURE, "pagerduty", "email")
 *         .unregisteredChannelsTo("log")      // "email" is not registered: log it instead
 *         .build();
 *     Executor executor = Executor.builder().listener(alerting).build()) {
 *   executor.run(plan);
 * }
 * }</pre>
 *
 * <h2>What raises an alert</h2>
 *
 * <ul>
 *   <li>{@link AlertKind#STEP_FAILURE} (severity error): a step failed after its last attempt,
 *       whatever its fallback; this is the alert of {@link Fallback#ALERT_AND_CONTINUE}.
 *   <li>{@link AlertKind#STEP_RETRY} (warning): an attempt failed and another is scheduled.
 *   <li>{@link AlertKind#PIPELINE_FAILURE}: a run ended {@link RunStatus#FAILED} (critical) or
 *       {@link RunStatus#COMPLETED_WITH_FAILURES} (warning). A cancelled run raises nothing: its
 *       caller stopped it.
 *   <li>{@link AlertKind#PIPELINE_SUCCESS} (info): a run ended {@link RunStatus#SUCCESS}.
 * </ul>
 *
 * An alert goes to every channel the rules for its kind name, once per channel.
 *
 * <h2>Channels</h2>
 *
 * Channels are registered by name; {@code log} ({@link AlertChannel#logging()}) is registered in
 * every instance. A rule naming a channel that is not registered makes {@link Builder#build()}
 * throw an {@link AlertConfigurationException} listing the registered ones, unless {@link
 * Builder#unregisteredChannelsTo(String)} chose a channel for such names; then {@code build()}
 * logs once which names are routed there.
 *
 * <h2>Delivery</h2>
 *
 * Listener methods only queue alerts and return: delivery happens on delivery threads, never on a
 * thread of the run, so a slow or failing channel never slows, blocks or fails a pipeline, and
 * these listener methods never throw. Each channel gets its alerts one at a time, in the order
 * they were raised; a failed send is retried ({@link Builder#deliveryAttempts(int)} in all, the
 * delay doubling from {@link Builder#retryDelay(Duration)}, scheduled without holding a thread)
 * and then logged at WARN with the SLF4J logger of this class. Whatever a send throws ends that
 * attempt the same way: an exception, an {@link Error} of any kind (also logged at ERROR with its
 * stack trace, and not rethrown: no caller is there to hear it) or an interrupt; the channel's next
 * alerts are sent all the same. Bound each channel's send time (the webhook channel has a
 * timeout): a channel's next alert waits for the previous one, and {@link #flush(Duration)}
 * returns false while a send hangs.
 *
 * <p>By default the instance owns its delivery threads (daemon threads named {@code
 * etl-alerts-N}, one per channel up to 4) and stops them in {@link #close()}; a pool supplied
 * with {@link Builder#executor(ScheduledExecutorService)} is used and never shut down.
 *
 * <p>Thread-safe: one instance can serve several executors and concurrent runs.
 */
public final class Alerting implements RunListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Alerting.class);
  /** The name under which {@link AlertChannel#logging()} is always registered. */
  public static final String LOG_CHANNEL = "log";

  private final List<AlertRule> rules;
  private final Map<String, AlertChannel> channels;
  private final Map<AlertKind, List<DeliveryLane>> lanesByKind = new EnumMap<>(AlertKind.class);
  private final Collection<DeliveryLane> lanes;
  private final ScheduledExecutorService pool;
  private final boolean ownsPool;
  private final Object outstandingLock = new Object();
  private long outstanding;
  private final AtomicLong delivered = new AtomicLong();
  private final Map<String, String> pipelines = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean closed;

  private Alerting(
      Builder builder, Map<String, String> routes, ScheduledExecutorService pool, boolean ownsPool) {
    this.rules = List.copyOf(builder.rules);
    this.channels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.channels));
    this.pool = pool;
    this.ownsPool = ownsPool;
    Map<String, DeliveryLane> byTarget = new LinkedHashMap<>();
    DeliveryLane.Outcome outcome = (channel, alert, ok) -> done(ok);
    for (AlertRule rule : rules) {
      List<DeliveryLane> forKind = lanesByKind.computeIfAbsent(rule.kind(), k -> new ArrayList<>());
      for (String name : rule.channels()) {
        String target = routes.get(name);
        DeliveryLane lane =
            byTarget.computeIfAbsent(
                target,
                t ->
                    new DeliveryLane(
                        t, channels.get(t), pool, builder.deliveryAttempts, builder.retryDelay, outcome));
        if (!forKind.contains(lane)) {
          forKind.add(lane);
        }
      }
    }
    this.lanes = List.copyOf(byTarget.values());
  }

  /** A builder with {@code log} registered and no rules. */
  public static Builder builder() {
    return new Builder();
  }

  /** The rules, in the order they were added. */
  public List<AlertRule> rules() {
    return rules;
  }

  /** The registered channel names, {@code log} first. */
  public Set<String> channelNames() {
    return channels.keySet();
  }

  /**
   * Waits until every alert raised so far has been delivered or given up, at most {@code timeout}.
   * For a command line that is about to exit, and for tests.
   *
   * @return true if nothing is left to deliver
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    Checks.notNull(timeout, "timeout");
    // Elapsed time against the timeout, never a deadline: nanoTime() plus a long timeout overflows.
    long start = System.nanoTime();
    long limit = io.etlorchestrator.core.internal.Durations.saturatedNanos(timeout);
    synchronized (outstandingLock) {
      while (outstanding > 0) {
        long left = limit - (System.nanoTime() - start);
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(outstandingLock, left);
      }
      return true;
    }
  }

  /** Deliveries (alert to one channel) that succeeded so far. */
  public long deliveredCount() {
    return delivered.get();
  }

  /** Deliveries (alert to one channel) given up after their last attempt so far. */
  public long failedCount() {
    return failed.get();
  }

  /**
   * Stops raising alerts, waits up to 10 seconds for queued ones to be delivered, then gives up
   * every alert still queued (each logged at WARN and counted in {@link #failedCount()}) and stops
   * the delivery threads if this instance created them, interrupting sends still in flight and
   * giving them one more second to end. Returns within those 11 seconds even if a channel's send
   * hangs; a send that ignores the interrupt keeps its alert outstanding until it returns.
   */
  @Override
  public void close() {
    closed = true;
    boolean interrupted = false;
    try {
      if (!flush(Duration.ofSeconds(10))) {
        log.warn("closing alerting with alerts still undelivered");
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    for (DeliveryLane lane : lanes) {
      lane.stop("alerting was closed before it could be delivered");
    }
    if (ownsPool) {
      pool.shutdownNow();
      try {
        if (!interrupted && !pool.awaitTermination(1, TimeUnit.SECONDS)) {
          log.warn("an alert channel's send ignored the interrupt of close(); its alert stays undelivered");
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void done(boolean ok) {
    (ok ? delivered : failed).incrementAndGet();
    synchronized (outstandingLock) {
      outstanding--;
      if (outstanding == 0) {
        outstandingLock.notifyAll();
      }
    }
  }

  private boolean wants(AlertKind kind) {
    return lanesByKind.containsKey(kind);
  }

  private void raise(Alert alert) {
    if (closed) {
      log.warn("alerting is closed; dropped {}", alert.summary());
      return;
    }
    List<DeliveryLane> targets = lanesByKind.getOrDefault(alert.kind(), List.of());
    synchronized (outstandingLock) {
      outstanding += targets.size();
    }
    for (DeliveryLane lane : targets) {
      lane.submit(alert);
    }
  }

  /**
   * Runs {@code action}, logging instead of throwing: a listener that throws would fail the run,
   * and no alert is worth that. Errors included: the alert is dropped and the run goes on.
   */
  private static void safely(Runnable action) {
    try {
      action.run();
    } catch (Throwable e) {
      try {
        log.error("could not raise an alert: {}", Errors.describe(e), e);
      } catch (RuntimeException | Error unloggable) {
        // Nothing more can be said about it, and the run must not hear of it.
      }
    }
  }

  /** Notes the run's pipeline; a started run raises no alert. */
  @Override
  public void onRunStarted(RunStarted event) {
    safely(() -> pipelines.put(event.runId(), event.plan().pipeline().name()));
  }

  /** Raises a {@link AlertKind#STEP_RETRY} alert if a rule wants one. */
  @Override
  public void onRetryScheduled(RetryScheduled event) {
    if (!wants(AlertKind.STEP_RETRY)) {
      return;
    }
    safely(
        () ->
            raise(
                new Alert(
                    AlertKind.STEP_RETRY,
                    pipelineOf(event.runId()),
                    event.runId(),
                    Optional.of(event.step().name()),
                    String.format(
                        "step '%s' attempt %d failed (%s); retrying in %s",
                        event.step().name(),
                        event.failedAttempt(),
                        Errors.describe(event.cause()),
                        Marks.duration(event.delay())),
                    AlertSeverity.WARNING,
                    event.at())));
  }

  /**
   * Raises {@link AlertKind#CHECK_FAILURE} or {@link AlertKind#CHECK_WARNING} for a check that did
   * not pass, and {@link AlertKind#DRIFT_DETECTED} too for a drift check, if rules want them.
   */
  @Override
  public void onCheckCompleted(io.etlorchestrator.core.event.CheckCompleted event) {
    io.etlorchestrator.core.quality.CheckResult result = event.result();
    if (result.outcome() == io.etlorchestrator.core.quality.CheckOutcome.PASS) {
      return;
    }
    boolean warning = result.outcome() == io.etlorchestrator.core.quality.CheckOutcome.WARN;
    AlertKind kind = warning ? AlertKind.CHECK_WARNING : AlertKind.CHECK_FAILURE;
    AlertSeverity severity = warning ? AlertSeverity.WARNING : AlertSeverity.ERROR;
    String message =
        String.format(
            "check %s on %s of step '%s' %s: %s%s",
            result.check(),
            result.dataset(),
            event.step().name(),
            result.outcome() == io.etlorchestrator.core.quality.CheckOutcome.ERROR
                ? "could not run"
                : warning ? "warns" : "failed",
            result.message(),
            result.observed().map(o -> " (observed " + o + result.expected().map(e -> ", expected " + e).orElse("") + ")").orElse(""));
    if (wants(kind)) {
      safely(() -> raise(new Alert(kind, pipelineOf(event.runId()), event.runId(),
          Optional.of(event.step().name()), message, severity, result.at())));
    }
    if (result.kind().equals("drift") && wants(AlertKind.DRIFT_DETECTED)) {
      safely(() -> raise(new Alert(AlertKind.DRIFT_DETECTED, pipelineOf(event.runId()), event.runId(),
          Optional.of(event.step().name()),
          message + result.baseline().map(b -> "; baseline " + b).orElse(""), severity, result.at())));
    }
  }

  /** Raises a {@link AlertKind#STEP_FAILURE} alert if a rule wants one. */
  @Override
  public void onStepFailed(StepFailed event) {
    if (!wants(AlertKind.STEP_FAILURE)) {
      return;
    }
    safely(
        () ->
            raise(
                new Alert(
                    AlertKind.STEP_FAILURE,
                    pipelineOf(event.runId()),
                    event.runId(),
                    Optional.of(event.step().name()),
                    String.format(
                        "step '%s' failed after %d attempt%s (%s): %s",
                        event.step().name(),
                        event.attempts(),
                        event.attempts() == 1 ? "" : "s",
                        event.fallback().definitionName(),
                        event.state().error().orElseGet(() -> Errors.describe(event.cause()))),
                    AlertSeverity.ERROR,
                    event.at())));
  }

  /** Raises a {@link AlertKind#PIPELINE_FAILURE} or {@link AlertKind#PIPELINE_SUCCESS} alert. */
  @Override
  public void onRunFinished(RunFinished event) {
    safely(
        () -> {
          try {
            runFinished(event.run());
          } finally {
            pipelines.remove(event.run().runId());
          }
        });
  }

  private void runFinished(PipelineRun run) {
    AlertKind kind;
    AlertSeverity severity;
    String message;
    String took = run.duration().map(d -> " in " + Marks.duration(d)).orElse("");
    switch (run.status()) {
      case SUCCESS:
        kind = AlertKind.PIPELINE_SUCCESS;
        severity = AlertSeverity.INFO;
        message =
            String.format(
                "pipeline '%s' succeeded%s: %d step%s, %s rows",
                run.pipeline(), took, run.steps().size(), run.steps().size() == 1 ? "" : "s",
                Marks.rows(run.totalRows()));
        break;
      case FAILED:
        kind = AlertKind.PIPELINE_FAILURE;
        severity = AlertSeverity.CRITICAL;
        message = String.format("pipeline '%s' failed%s: %s", run.pipeline(), took, outcome(run));
        break;
      case COMPLETED_WITH_FAILURES:
        kind = AlertKind.PIPELINE_FAILURE;
        severity = AlertSeverity.WARNING;
        message =
            String.format(
                "pipeline '%s' completed with failures%s: %s", run.pipeline(), took, outcome(run));
        break;
      default:
        return;
    }
    if (wants(kind)) {
      raise(
          new Alert(
              kind, run.pipeline(), run.runId(), Optional.empty(), message, severity,
              run.finishedAt().orElse(run.startedAt())));
    }
  }

  private static String outcome(PipelineRun run) {
    List<String> parts = new ArrayList<>();
    List<String> failedSteps =
        run.steps().stream()
            .filter(s -> s.status() == StepStatus.FAILED)
            .map(StepRun::name)
            .collect(Collectors.toList());
    if (!failedSteps.isEmpty()) {
      parts.add("failed " + String.join(", ", failedSteps));
    }
    for (StepStatus status : List.of(StepStatus.CANCELLED, StepStatus.SKIPPED, StepStatus.SUCCESS)) {
      int count = run.count(status);
      if (count > 0) {
        parts.add(count + " " + (status == StepStatus.SUCCESS ? "succeeded" : Marks.stepWord(status)));
      }
    }
    return String.join("; ", parts);
  }

  /** Step events name the run, not the pipeline: it was noted when the run started. */
  private String pipelineOf(String runId) {
    return pipelines.getOrDefault(runId, "");
  }

  /** Builds an {@link Alerting}; {@link #build()} checks that every channel a rule names exists. */
  public static final class Builder {
    private final List<AlertRule> rules = new ArrayList<>();
    private final Map<String, AlertChannel> channels = new LinkedHashMap<>();
    private String unregisteredTo;
    private int deliveryAttempts = 3;
    private Duration retryDelay = Duration.ofSeconds(2);
    private ScheduledExecutorService executor;

    private Builder() {
      channels.put(LOG_CHANNEL, AlertChannel.logging());
    }

    /** Registers {@code channel} as {@code name}, replacing a channel of that name ({@code log} too). */
    public Builder channel(String name, AlertChannel channel) {
      Checks.notNull(name, "name");
      Checks.argument(!name.isBlank(), "channel name must not be blank");
      channels.put(name, Checks.notNull(channel, "channel"));
      return this;
    }

    /** Adds a rule. */
    public Builder rule(AlertRule rule) {
      rules.add(Checks.notNull(rule, "rule"));
      return this;
    }

    /** Adds a rule sending alerts of {@code kind} to {@code channels}. */
    public Builder rule(AlertKind kind, String... channels) {
      return rule(AlertRule.on(kind, channels));
    }

    /** Adds rules, in order. */
    public Builder rules(Collection<AlertRule> rules) {
      Checks.notNull(rules, "rules").forEach(this::rule);
      return this;
    }

    /**
     * Sends alerts for channel names nobody registered to the registered channel {@code name}
     * (the command line uses {@code log}) instead of rejecting them in {@link #build()}.
     */
    public Builder unregisteredChannelsTo(String name) {
      this.unregisteredTo = Checks.notNull(name, "name");
      return this;
    }

    /** Attempts per alert and channel, first included (default 3). */
    public Builder deliveryAttempts(int attempts) {
      Checks.argument(attempts >= 1, "delivery attempts must be at least 1, was %s", attempts);
      this.deliveryAttempts = attempts;
      return this;
    }

    /** The delay before the second attempt of a delivery, doubling after that (default 2 s). */
    public Builder retryDelay(Duration delay) {
      Checks.notNull(delay, "delay");
      Checks.argument(!delay.isNegative(), "retry delay must not be negative, was %s", delay);
      this.retryDelay = delay;
      return this;
    }

    /**
     * Delivers on {@code executor}, which the host owns and shuts down (default: threads of this
     * instance's, stopped by {@link Alerting#close()}).
     */
    public Builder executor(ScheduledExecutorService executor) {
      this.executor = Checks.notNull(executor, "executor");
      return this;
    }

    /**
     * The alerting.
     *
     * @throws AlertConfigurationException if a rule names a channel that is not registered and
     *     no {@link #unregisteredChannelsTo(String)} channel was chosen, or that channel is not
     *     registered itself
     */
    public Alerting build() {
      List<String> registered = new ArrayList<>(channels.keySet());
      Set<String> unknown = new LinkedHashSet<>();
      List<String> problems = new ArrayList<>();
      for (AlertRule rule : rules) {
        for (String name : rule.channels()) {
          if (!channels.containsKey(name) && unknown.add(name) && unregisteredTo == null) {
            String suggestion =
                Suggestions.closest(name, registered).map(s -> " (did you mean '" + s + "'?)").orElse("");
            problems.add(
                String.format(
                    "alert rule on %s names channel '%s', which is not registered%s",
                    rule.kind().definitionName(), name, suggestion));
          }
        }
      }
      if (unregisteredTo != null && !channels.containsKey(unregisteredTo)) {
        throw new AlertConfigurationException(
            String.format(
                "unregistered alert channels are to go to channel '%s', which is not registered"
                    + " either; registered channels: %s",
                unregisteredTo, String.join(", ", registered)),
            List.of(unregisteredTo),
            registered);
      }
      if (!problems.isEmpty()) {
        throw new AlertConfigurationException(
            String.join("\n", problems)
                + String.format(
                    "\nregistered channels: %s. Register a channel with"
                        + " Alerting.builder().channel(name, channel), or send alerts for"
                        + " unregistered names to one with unregisteredChannelsTo(\"log\")",
                    String.join(", ", registered)),
            new ArrayList<>(unknown),
            registered);
      }
      Map<String, String> routes = new LinkedHashMap<>();
      for (String name : registered) {
        routes.put(name, name);
      }
      for (String name : unknown) {
        routes.put(name, unregisteredTo);
      }
      if (!unknown.isEmpty()) {
        log.info(
            "alert channel{} {} {} not registered; {} alerts go to channel '{}'",
            unknown.size() == 1 ? "" : "s",
            String.join(", ", unknown),
            unknown.size() == 1 ? "is" : "are",
            unknown.size() == 1 ? "its" : "their",
            unregisteredTo);
      }
      ScheduledExecutorService pool = executor;
      boolean owns = false;
      if (pool == null) {
        ScheduledThreadPoolExecutor own =
            new ScheduledThreadPoolExecutor(
                Math.max(1, Math.min(4, new LinkedHashSet<>(routes.values()).size())), daemonThreads());
        own.setRemoveOnCancelPolicy(true);
        pool = own;
        owns = true;
      }
      return new Alerting(this, routes, pool, owns);
    }

    private static ThreadFactory daemonThreads() {
      AtomicInteger count = new AtomicInteger();
      return task -> {
        Thread thread = new Thread(task, "etl-alerts-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };
    }
  }
}
