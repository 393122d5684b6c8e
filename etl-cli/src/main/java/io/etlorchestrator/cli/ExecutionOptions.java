package io.etlorchestrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code resume} share: store, limits, parameters, rehearsal, alerts. */
final class ExecutionOptions {
  @Mixin StoreOption store = new StoreOption();

  @Mixin WorkdirOption workdir = new WorkdirOption();

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Most steps running at once (default: the number of processors).")
  Integer parallelism;

  @Option(
      names = "--param",
      paramLabel = "KEY=VALUE",
      description =
          "A run parameter handed to every step (repeatable); a shell step sees it as ETL_PARAM_KEY."
              + " On resume, replaces the recorded parameters, which are kept otherwise.")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--html",
      paramLabel = "PATH",
      description =
          "Also write the run report as an HTML page to PATH; if PATH is a directory, to"
              + " PATH/RUN_ID.html, or PATH/RUN_ID.resume-N.html after the run's N-th resume, so that"
              + " a resume keeps the report of the invocation before it.")
  Path html;

  @Option(
      names = "--simulate",
      description =
          "Rehearse: instead of running each step, wait its estimated_duration times --time-scale and"
              + " report plausible rows.")
  boolean simulate;

  @Option(
      names = "--time-scale",
      paramLabel = "FACTOR",
      description =
          "In a rehearsal (--simulate): factor applied to estimated durations, retry delays and timeouts"
              + " (default: " + Simulation.DEFAULT_TIME_SCALE + "; on resume, the rehearsal's own).")
  Double timeScale;

  @Option(
      names = "--fail",
      paramLabel = "STEP[:N]",
      description =
          "Make STEP fail its first N attempts, or every attempt without :N, to rehearse retries and"
              + " fallbacks (repeatable).")
  List<String> fail = new ArrayList<>();

  @Option(
      names = {"--webhook", "--alert-webhook"},
      paramLabel = "CHANNEL=URL",
      description =
          "Send the alerts of CHANNEL to a webhook (repeatable): Slack-style JSON, or PagerDuty Events v2"
              + " for channels named pagerduty*. Channels without one go to the log.")
  Map<String, String> webhooks = new LinkedHashMap<>();

  @Option(
      names = "--pagerduty-routing-key",
      paramLabel = "KEY",
      description = "The PagerDuty routing key, needed by the webhooks of channels named pagerduty*.")
  String pagerDutyRoutingKey;

  /** The effective time scale, checking that it is only given with {@code --simulate}. */
  double timeScale() {
    if (timeScale != null && !simulate) {
      throw new CliException("--time-scale only applies with --simulate");
    }
    return timeScale == null ? Simulation.DEFAULT_TIME_SCALE : timeScale;
  }

  /**
   * The {@code --param} values, checked as the run's options check them: a name with a control
   * character, or a name or value that the checkpoint could not store, is the user's mistake.
   */
  Map<String, String> params() {
    try {
      return io.etlorchestrator.core.RunOptions.builder().params(params).build().params();
    } catch (IllegalArgumentException e) {
      throw new CliException("--param: " + e.getMessage(), e);
    }
  }

  /** The effective parallelism. */
  int parallelism() {
    if (parallelism == null) {
      return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
    if (parallelism < 1) {
      throw new CliException("--parallelism must be at least 1, was " + parallelism);
    }
    return parallelism;
  }
}
