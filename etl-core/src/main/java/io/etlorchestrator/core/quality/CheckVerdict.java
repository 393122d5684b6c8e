package io.etlorchestrator.core.quality;

import io.etlorchestrator.core.internal.Checks;
import java.util.Optional;

/**
 * What a {@link DatasetCheck} found: whether the data passed, what it observed, what it expected,
 * the baseline it compared with (for drift), and a message in the user's terms.
 *
 * <pre>{@code
 * DatasetCheck atLeastOneRow = ctx -> {
 *   long rows = ctx.profile().rows().orElseThrow();
 *   return rows > 0
 *       ? CheckVerdict.pass(rows + " rows", "at least 1 row")
 *       : CheckVerdict.fail("0 rows", "at least 1 row", "the file is empty");
 * };
 * }</pre>
 *
 * @param passed whether the data is as expected
 * @param observed what the check saw ({@code 52,340 rows}), if it says
 * @param expected what it wanted ({@code between 300 and 400 rows}), if it says
 * @param baseline what it compared with ({@code 365 rows in run run_20240114_...}), if it did
 * @param message one line for people; for a failure, what is wrong
 */
public record CheckVerdict(
    boolean passed,
    Optional<String> observed,
    Optional<String> expected,
    Optional<String> baseline,
    String message) {

  /** Checks. */
  public CheckVerdict {
    Checks.notNull(observed, "observed");
    Checks.notNull(expected, "expected");
    Checks.notNull(baseline, "baseline");
    Checks.notNull(message, "message");
  }

  /** The data passed: {@code observed} is what was seen, {@code expected} what was wanted. */
  public static CheckVerdict pass(String observed, String expected) {
    return new CheckVerdict(
        true, Optional.of(observed), Optional.of(expected), Optional.empty(), "as expected");
  }

  /** The data did not pass, for the reason {@code message}. */
  public static CheckVerdict fail(String observed, String expected, String message) {
    return new CheckVerdict(
        false, Optional.of(observed), Optional.of(expected), Optional.empty(), message);
  }

  /** This verdict, saying it compared with {@code baseline}. */
  public CheckVerdict withBaseline(String baseline) {
    return new CheckVerdict(passed, observed, expected, Optional.of(baseline), message);
  }

  /** This verdict with another message. */
  public CheckVerdict withMessage(String message) {
    return new CheckVerdict(passed, observed, expected, baseline, message);
  }
}
