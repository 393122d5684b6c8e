package io.etlorchestrator.yaml;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.Wave;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.Durations;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.CheckSeverity;
import io.etlorchestrator.yaml.internal.CheckReader;
import io.etlorchestrator.yaml.internal.YamlText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes an {@link ExecutionPlan} as YAML in the seed's "Execution Plan Output" shape: {@code
 * pipeline}, {@code generated}, {@code steps}, {@code execution_waves}, {@code
 * total_estimated_duration} and {@code critical_path}, followed by {@code resource_limits}, {@code
 * connections}, {@code sources} (the checks on steps' inputs) and the seed's {@code
 * failure_policies} block when the pipeline sets any. Each step's checks are written under its
 * {@code checks:} as they were written ({@code - row_count: {min: 300, max: 400}}), with {@code
 * dataset:} when the step writes several datasets.
 *
 * <pre>{@code
 * String yaml = YamlPlanWriter.create().write(Planner.plan(pipeline));
 * }</pre>
 *
 * <p>A step with at most one input and one output is written with {@code source} and {@code
 * target} (as the seed writes extract and load steps), any other with {@code inputs} and {@code
 * output} (or {@code outputs} when it has several). {@code depends_on} lists the step's explicit
 * dependencies. Settings the seed does not show ({@code can_parallelize: false}, {@code timeout},
 * {@code resources}, a step's own {@code retry}) are written only when set, so the seed's plan is
 * reproduced byte for byte, and the output reads back with {@link YamlPipelineReader} as an equal
 * pipeline. Retry settings a file cannot express ({@code RetryPolicy.retryOn/abortOn} classes) are
 * not written.
 *
 * <p>Immutable and thread-safe.
 */
public final class YamlPlanWriter {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_INSTANT;

  private final Clock clock;

  private YamlPlanWriter(Clock clock) {
    this.clock = clock;
  }

  /** A writer stamping {@code generated} with the current UTC time. */
  public static YamlPlanWriter create() {
    return new YamlPlanWriter(Clock.systemUTC());
  }

  /** A writer stamping {@code generated} with {@code clock}'s time (truncated to seconds). */
  public static YamlPlanWriter withClock(Clock clock) {
    return new YamlPlanWriter(Checks.notNull(clock, "clock"));
  }

  /** The plan as YAML, without alert rules. */
  public String write(ExecutionPlan plan) {
    return write(plan, List.of());
  }

  /**
   * The plan of {@code definition}'s pipeline as YAML, with its alert rules, its circuit
   * breakers, rate limiters, bulkheads and attempt timeout, and its {@code connections:}.
   */
  public String write(PipelineDefinition definition) {
    Checks.notNull(definition, "definition");
    ExecutionPlan plan = definition.plan();
    StringBuilder out = new StringBuilder(256 + plan.pipeline().steps().size() * 160);
    write(plan, definition.alerts(), definition.resilience(), definition.connections(), out);
    return out.toString();
  }

  /** The plan as YAML, with {@code alerts} in {@code failure_policies.alerts}. */
  public String write(ExecutionPlan plan, List<AlertDefinition> alerts) {
    StringBuilder out = new StringBuilder(256 + plan.pipeline().steps().size() * 160);
    write(plan, alerts, out);
    return out.toString();
  }

  /**
   * Appends the plan as YAML to {@code out}.
   *
   * @throws UncheckedIOException if {@code out} fails
   */
  public void write(ExecutionPlan plan, List<AlertDefinition> alerts, Appendable out) {
    write(plan, alerts, ResilienceDefinition.NONE, out);
  }

  private void write(
      ExecutionPlan plan, List<AlertDefinition> alerts, ResilienceDefinition resilience, Appendable out) {
    write(plan, alerts, resilience, java.util.Map.of(), out);
  }

  private void write(
      ExecutionPlan plan,
      List<AlertDefinition> alerts,
      ResilienceDefinition resilience,
      java.util.Map<String, ConnectionDefinition> connections,
      Appendable out) {
    Checks.notNull(plan, "plan");
    Checks.notNull(alerts, "alerts");
    Checks.notNull(out, "out");
    try {
      Pipeline pipeline = plan.pipeline();
      line(out, "pipeline: " + YamlText.scalar(pipeline.name()));
      line(out, "generated: " + TIMESTAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
      line(out, "");
      line(out, "steps:");
      List<PipelineStep> steps = pipeline.steps();
      for (int i = 0; i < steps.size(); i++) {
        if (i > 0) {
          line(out, "");
        }
        writeStep(out, steps.get(i));
      }
      line(out, "");
      line(out, "execution_waves:");
      List<Wave> waves = plan.waves();
      for (int w = 0; w < waves.size(); w++) {
        Wave wave = waves.get(w);
        if (w > 0) {
          line(out, "");
        }
        line(out, "  - wave: " + wave.number());
        line(out, "    parallel: " + wave.parallel());
        line(out, "    steps: " + YamlText.flowList(wave.steps()));
        line(out, "    estimated_duration: " + duration(wave.estimatedDuration()));
      }
      line(out, "");
      line(out, "total_estimated_duration: " + duration(plan.totalEstimatedDuration()));
      line(out, "critical_path: " + YamlText.flowList(plan.criticalPath()));
      if (!pipeline.resourceLimits().isEmpty()) {
        line(out, "");
        line(out, "resource_limits:");
        for (var limit : pipeline.resourceLimits().entrySet()) {
          line(out, "  " + YamlText.scalar(limit.getKey()) + ": " + limit.getValue());
        }
      }
      writeConnections(out, connections);
      writeSources(out, pipeline);
      writeFailurePolicies(out, pipeline, alerts, resilience);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeStep(Appendable out, PipelineStep step) throws IOException {
    line(out, "  - name: " + YamlText.scalar(step.name()));
    line(out, "    type: " + YamlText.scalar(step.type()));
    Set<String> inputs = step.inputs();
    Set<String> outputs = step.outputs();
    if (inputs.size() <= 1 && outputs.size() <= 1) {
      for (String input : inputs) {
        line(out, "    source: " + YamlText.scalar(input));
      }
      for (String output : outputs) {
        line(out, "    target: " + YamlText.scalar(output));
      }
    } else {
      if (!inputs.isEmpty()) {
        line(out, "    inputs: " + YamlText.flowList(inputs));
      }
      if (outputs.size() == 1) {
        line(out, "    output: " + YamlText.scalar(outputs.iterator().next()));
      } else if (!outputs.isEmpty()) {
        line(out, "    outputs: " + YamlText.flowList(outputs));
      }
    }
    if (!step.dependsOn().isEmpty()) {
      line(out, "    depends_on: " + YamlText.flowList(step.dependsOn()));
    }
    line(out, "    estimated_duration: " + duration(step.estimatedDuration()));
    if (!step.canParallelize()) {
      line(out, "    can_parallelize: false");
    }
    if (step.timeout().isPresent()) {
      line(out, "    timeout: " + duration(step.timeout().get()));
    }
    if (!step.resources().isEmpty()) {
      line(out, "    resources: " + YamlText.flowList(step.resources()));
    }
    if (step.retryPolicy().isPresent()) {
      line(out, "    retry:");
      writeRetry(out, step.retryPolicy().get(), "      ", true);
    }
    if (step.version().isPresent()) {
      line(out, "    version: " + YamlText.scalar(step.version().get()));
    }
    if (!step.params().isEmpty()) {
      // JSON is YAML: one flow mapping keeps every value's type exactly, nested ones included.
      line(out, "    params: " + YamlText.flowMapping(step.params()));
    }
    boolean header = false;
    for (Check check : step.checks()) {
      if (check.onInput()) {
        continue; // written under sources:
      }
      if (!header) {
        line(out, "    checks:");
        header = true;
      }
      writeCheck(out, check, "      ", outputs.size() == 1 ? null : check.dataset());
    }
  }

  /** {@code - kind: argument}, then {@code dataset}, {@code severity} and {@code retry} when they are not the defaults. */
  private static void writeCheck(Appendable out, Check check, String indent, String dataset) throws IOException {
    line(out, indent + "- " + YamlText.scalar(check.kind()) + ": "
        + YamlText.flowValue(CheckReader.argument(check.kind(), check.params())));
    if (dataset != null) {
      line(out, indent + "  dataset: " + YamlText.scalar(dataset));
    }
    if (check.severity() != CheckSeverity.ERROR) {
      line(out, indent + "  severity: " + check.severity().definitionName());
    }
    if (check.retry()) {
      line(out, indent + "  retry: true");
    }
  }

  /** {@code connections:}, as {@code name: {url: ..., user_env: ...}}. */
  private static void writeConnections(Appendable out, java.util.Map<String, ConnectionDefinition> connections)
      throws IOException {
    if (connections.isEmpty()) {
      return;
    }
    line(out, "");
    line(out, "connections:");
    for (ConnectionDefinition c : connections.values()) {
      java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
      fields.put("url", c.url());
      c.user().ifPresent(u -> fields.put("user", u));
      c.userEnv().ifPresent(u -> fields.put("user_env", u));
      c.passwordEnv().ifPresent(p -> fields.put("password_env", p));
      line(out, "  " + YamlText.scalar(c.name()) + ": " + YamlText.flowMapping(fields));
    }
  }

  /** {@code sources:}: the checks on steps' inputs, once per source. */
  private static void writeSources(Appendable out, Pipeline pipeline) throws IOException {
    java.util.Map<String, List<Check>> sources = new java.util.LinkedHashMap<>();
    for (PipelineStep step : pipeline.steps()) {
      for (Check check : step.checks()) {
        if (check.onInput()) {
          List<Check> checks = sources.computeIfAbsent(check.dataset(), d -> new java.util.ArrayList<>());
          if (!checks.contains(check)) {
            checks.add(check);
          }
        }
      }
    }
    if (sources.isEmpty()) {
      return;
    }
    line(out, "");
    line(out, "sources:");
    for (var source : sources.entrySet()) {
      line(out, "  " + YamlText.scalar(source.getKey()) + ":");
      line(out, "    checks:");
      for (Check check : source.getValue()) {
        writeCheck(out, check, "      ", null);
      }
    }
  }

  private static void writeFailurePolicies(
      Appendable out, Pipeline pipeline, List<AlertDefinition> alerts, ResilienceDefinition resilience)
      throws IOException {
    boolean anyFallback = pipeline.steps().stream().anyMatch(s -> s.fallback().isPresent());
    boolean defaults =
        pipeline.defaultRetryPolicy().equals(RetryPolicy.ofDefaults())
            && pipeline.defaultFallback() == Fallback.FAIL_PIPELINE;
    if (defaults && !anyFallback && alerts.isEmpty() && resilience.isEmpty()) {
      return;
    }
    line(out, "");
    line(out, "failure_policies:");
    line(out, "  # Retry configuration");
    line(out, "  retry:");
    // Jitter is written when set: the seed's block has none, and a missing jitter reads as 0.
    writeRetry(out, pipeline.defaultRetryPolicy(), "    ", false);
    if (pipeline.defaultFallback() != Fallback.FAIL_PIPELINE) {
      line(out, "  default_fallback: " + pipeline.defaultFallback().definitionName());
    }
    if (anyFallback) {
      line(out, "");
      line(out, "  # What to do when step fails");
      line(out, "  on_failure:");
      boolean first = true;
      for (PipelineStep step : pipeline.steps()) {
        if (step.fallback().isEmpty()) {
          continue;
        }
        if (!first) {
          line(out, "");
        }
        first = false;
        line(out, "    " + YamlText.scalar(step.name()) + ":");
        line(out, "      action: retry");
        line(out, "      fallback: " + step.fallback().get().definitionName());
      }
    }
    if (!alerts.isEmpty()) {
      line(out, "");
      line(out, "  # Alerting");
      line(out, "  alerts:");
      for (AlertDefinition alert : alerts) {
        String on =
            alert.on().size() == 1
                ? YamlText.scalar(alert.on().get(0))
                : YamlText.flowList(alert.on());
        line(out, "    - on: " + on);
        line(out, "      channels: " + YamlText.flowList(alert.channels()));
      }
    }
    writeResilience(out, resilience);
  }

  private static void writeResilience(Appendable out, ResilienceDefinition resilience)
      throws IOException {
    if (resilience.isEmpty()) {
      return;
    }
    line(out, "");
    line(out, "  # Resilience (etl-failsafe)");
    if (!resilience.circuitBreakers().isEmpty()) {
      line(out, "  circuit_breakers:");
      for (var b : resilience.circuitBreakers().entrySet()) {
        line(out, "    " + YamlText.scalar(b.getKey()) + ": {failure_threshold: " + b.getValue().failureThreshold()
            + ", delay: " + duration(b.getValue().delay())
            + ", success_threshold: " + b.getValue().successThreshold() + "}");
      }
    }
    if (!resilience.rateLimiters().isEmpty()) {
      line(out, "  rate_limiters:");
      for (var l : resilience.rateLimiters().entrySet()) {
        line(out, "    " + YamlText.scalar(l.getKey()) + ": {permits: " + l.getValue().permits()
            + ", per: " + duration(l.getValue().per()) + "}");
      }
    }
    if (!resilience.bulkheads().isEmpty()) {
      line(out, "  bulkheads:");
      for (var b : resilience.bulkheads().entrySet()) {
        line(out, "    " + YamlText.scalar(b.getKey()) + ": {max_concurrent: " + b.getValue().maxConcurrent() + "}");
      }
    }
    if (resilience.attemptTimeout().isPresent()) {
      line(out, "  attempt_timeout: " + duration(resilience.attemptTimeout().get()));
    }
  }

  /**
   * Writes every retry field. A step's own policy always states its jitter, since a missing one
   * would be inherited from the pipeline's policy when read back.
   */
  private static void writeRetry(Appendable out, RetryPolicy policy, String indent, boolean jitter)
      throws IOException {
    line(out, indent + "max_attempts: " + policy.maxAttempts());
    line(out, indent + "backoff: " + policy.backoff().name().toLowerCase(Locale.ROOT));
    line(out, indent + "initial_delay: " + duration(policy.initialDelay()));
    line(out, indent + "max_delay: " + duration(policy.maxDelay()));
    if (jitter || policy.jitter() != 0.0) {
      line(out, indent + "jitter: " + BigDecimal.valueOf(policy.jitter()).toPlainString());
    }
  }

  private static String duration(Duration d) {
    return Durations.compact(d);
  }

  private static void line(Appendable out, String text) throws IOException {
    out.append(text).append('\n');
  }
}
