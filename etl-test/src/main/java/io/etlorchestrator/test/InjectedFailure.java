package io.etlorchestrator.test;

/**
 * What an attempt throws when {@link PipelineTester#failing(String, int)} or {@link
 * PipelineTester#failingEveryAttempt(String)} asked it to fail. The step's retry policy retries it
 * like any other exception, and the run records it as {@code InjectedFailure: injected failure of
 * attempt 1 of step 'extract_orders' (failing its first 2 attempts)}.
 */
public final class InjectedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String step;
  private final int attempt;

  /** A failure of attempt {@code attempt} of {@code step}, described by {@code message}. */
  public InjectedFailure(String step, int attempt, String message) {
    super(message);
    this.step = step;
    this.attempt = attempt;
  }

  /** The step whose attempt failed. */
  public String step() {
    return step;
  }

  /** The number of the attempt that failed (attempt numbers continue across a resume). */
  public int attempt() {
    return attempt;
  }
}
