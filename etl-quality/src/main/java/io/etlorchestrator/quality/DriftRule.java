package io.etlorchestrator.quality;

import io.etlorchestrator.core.internal.Checks;
import java.util.OptionalDouble;

/**
 * How a {@linkplain QualityChecks#drift drift} check compares a metric with its baseline, the
 * dataset's profiles in earlier successful runs: a relative rule (the metric may move at most
 * {@code maxChange} from the baseline's mean), a z-score rule (at most {@code sensitivity}
 * standard deviations from the mean of the baseline runs), or both, in which case either failing
 * fails the check (the relative rule catches a drop that a noisy history would hide; the z-score a
 * drift too small for a fixed threshold).
 *
 * <p>The z-score needs at least {@link #MIN_HISTORY} baseline runs (fewer: that rule passes, saying
 * "not enough history"), and the deviation it divides by is at least {@link #DEVIATION_FLOOR} of
 * the mean's size (at least 1 for counts, 1 percentage point for {@code null_ratio}), so that a flat
 * history does not flag noise.
 *
 * <pre>{@code
 * DriftRule.maxChange(0.20)                               // baseline: previous
 * DriftRule.sensitivity(3).overLast(14)                   // z-score over the last 14 runs
 * DriftRule.maxChange(0.20).andSensitivity(3).overLast(14)
 * }</pre>
 *
 * @param maxChange the largest relative change allowed (0.2 for 20%), if that rule is set
 * @param sensitivity the largest z-score allowed, if that rule is set
 * @param baselineRuns how many of the latest successful runs form the baseline (1: the previous one)
 */
public record DriftRule(OptionalDouble maxChange, OptionalDouble sensitivity, int baselineRuns) {
  /** How many baseline runs the z-score needs. */
  public static final int MIN_HISTORY = 5;

  /** The smallest deviation the z-score divides by, as a fraction of the baseline mean's size. */
  public static final double DEVIATION_FLOOR = 0.05;

  /** The baseline a z-score rule gets unless told: the last 14 runs. */
  public static final int DEFAULT_Z_RUNS = 14;

  /** Checks. */
  public DriftRule {
    Checks.notNull(maxChange, "maxChange");
    Checks.notNull(sensitivity, "sensitivity");
    Checks.argument(maxChange.isPresent() || sensitivity.isPresent(), "a drift rule needs max_change, sensitivity or both");
    maxChange.ifPresent(m -> Checks.argument(m >= 0 && Double.isFinite(m), "max_change must be zero or more, was %s", m));
    sensitivity.ifPresent(s -> Checks.argument(s > 0 && Double.isFinite(s), "sensitivity must be positive, was %s", s));
    Checks.argument(baselineRuns >= 1, "the baseline needs at least 1 run, was %s", baselineRuns);
    Checks.argument(
        sensitivity.isEmpty() || baselineRuns >= MIN_HISTORY,
        "a z-score (sensitivity) needs a baseline of at least %s runs ({last: N}), was %s",
        MIN_HISTORY, baselineRuns);
  }

  /** The relative rule alone, against the previous run. */
  public static DriftRule maxChange(double fraction) {
    return new DriftRule(OptionalDouble.of(fraction), OptionalDouble.empty(), 1);
  }

  /** The z-score rule alone, over the last {@value #DEFAULT_Z_RUNS} runs. */
  public static DriftRule sensitivity(double zScore) {
    return new DriftRule(OptionalDouble.empty(), OptionalDouble.of(zScore), DEFAULT_Z_RUNS);
  }

  /** This rule with the z-score rule too (over at least {@value #DEFAULT_Z_RUNS} runs unless set). */
  public DriftRule andSensitivity(double zScore) {
    return new DriftRule(maxChange, OptionalDouble.of(zScore), Math.max(baselineRuns, DEFAULT_Z_RUNS));
  }

  /** This rule with the last {@code runs} successful runs as its baseline. */
  public DriftRule overLast(int runs) {
    return new DriftRule(maxChange, sensitivity, runs);
  }
}
