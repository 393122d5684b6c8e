package io.etlorchestrator.examples;

import io.etlorchestrator.core.StepAction;
import java.util.Locale;

/**
 * A failure injected into a step for a demo or a test: the step's first {@code attempts} attempts
 * throw {@link InjectedFailureException} before doing any work, later attempts run normally.
 * Attempt numbers continue across a resume, so {@code transform_orders:3} fails a run whose
 * retry policy allows three attempts, and its resume succeeds.
 *
 * @param step the step to fail
 * @param attempts how many of its first attempts fail, at least 1
 */
public record InjectedFailure(String step, int attempts) {
  /** Checks the values. */
  public InjectedFailure {
    if (step == null || step.isBlank()) {
      throw new IllegalArgumentException("step must not be blank");
    }
    if (attempts < 1) {
      throw new IllegalArgumentException(
          String.format("the number of failing attempts of '%s' must be at least 1, was %d", step, attempts));
    }
  }

  /**
   * Parses {@code STEP:N}, e.g. {@code extract_orders:2}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static InjectedFailure parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(String.format(
          "'%s' is not STEP:N (a step name and how many of its first attempts fail, e.g. extract_orders:2)", text));
    }
    int attempts;
    try {
      attempts = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(String.format(
          "'%s': '%s' is not a number of attempts", text, text.substring(colon + 1)), e);
    }
    return new InjectedFailure(text.substring(0, colon), attempts);
  }

  /** {@code action}, failing its first {@link #attempts()} attempts. */
  public StepAction wrap(StepAction action) {
    return ctx -> {
      if (ctx.attempt() <= attempts) {
        throw new InjectedFailureException(String.format(Locale.ROOT,
            "injected failure of step '%s', attempt %d (--fail %s:%d fails its first %d)",
            step, ctx.attempt(), step, attempts, attempts));
      }
      action.run(ctx);
    };
  }

  /** Thrown by a step whose failure was injected; retried like any other failure. */
  public static final class InjectedFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFailureException(String message) {
      super(message);
    }
  }
}
