package io.etlorchestrator.cli;

import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.internal.Excerpt;
import io.etlorchestrator.core.StepAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The {@code --fail STEP[:N]} options: steps whose first N attempts fail (every attempt when N is
 * left out), to rehearse retries, fallbacks and alerts. Attempt numbers continue across a resume,
 * so {@code --fail load:2} on a run and again on its resume fails attempts 1 and 2 only once.
 */
final class FailureInjection {
  private final Map<String, OptionalInt> failures;

  private FailureInjection(Map<String, OptionalInt> failures) {
    this.failures = failures;
  }

  /**
   * Parses the {@code --fail} values and checks that each names a step of {@code pipeline}.
   *
   * @throws CliException naming every bad value
   */
  static FailureInjection parse(List<String> specs, Pipeline pipeline) {
    Map<String, OptionalInt> failures = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String spec : specs) {
      int colon = spec.lastIndexOf(':');
      String step = colon < 0 ? spec : spec.substring(0, colon);
      OptionalInt attempts = OptionalInt.empty();
      if (colon >= 0) {
        String count = spec.substring(colon + 1);
        try {
          int n = Integer.parseInt(count);
          if (n < 1) {
            throw new NumberFormatException();
          }
          attempts = OptionalInt.of(n);
        } catch (NumberFormatException e) {
          problems.add(
              String.format(
                  "--fail %s: '%s' is not a number of attempts; write STEP:N with N at least 1, or"
                      + " STEP alone to fail every attempt",
                  Excerpt.of(spec), Excerpt.of(count)));
          continue;
        }
      }
      if (pipeline.step(step).isEmpty()) {
        problems.add(
            String.format(
                "--fail %s: pipeline '%s' has no step '%s'%s",
                Excerpt.of(spec),
                Excerpt.of(pipeline.name()),
                Excerpt.of(step),
                Names.suggestion(step, stepNames(pipeline))));
        continue;
      }
      failures.put(step, attempts);
    }
    if (!problems.isEmpty()) {
      throw new CliException(String.join("\n", problems));
    }
    return new FailureInjection(failures);
  }

  /** Whether no failure is injected. */
  boolean isEmpty() {
    return failures.isEmpty();
  }

  /** {@code action}, failing the attempts of {@code step} that {@code --fail} names. */
  StepAction wrap(PipelineStep step, StepAction action) {
    OptionalInt failing = failures.get(step.name());
    if (failing == null) {
      return action;
    }
    return ctx -> {
      if (failing.isEmpty() || ctx.attempt() <= failing.getAsInt()) {
        throw new InjectedFailure(
            String.format(
                "injected failure of attempt %d (--fail %s%s)",
                ctx.attempt(),
                step.name(),
                failing.isEmpty() ? "" : ":" + failing.getAsInt()));
      }
      action.run(ctx);
    };
  }

  private static List<String> stepNames(Pipeline pipeline) {
    List<String> names = new ArrayList<>();
    for (PipelineStep step : pipeline.steps()) {
      names.add(step.name());
    }
    return names;
  }

  /** The failure of an attempt that {@code --fail} asked for. */
  static final class InjectedFailure extends Exception {
    private static final long serialVersionUID = 1L;

    InjectedFailure(String message) {
      super(message);
    }
  }
}
