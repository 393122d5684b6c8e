package io.etlorchestrator.core.quality;

/**
 * The logic of a check on one dataset: reads what it needs through its {@link CheckContext} (the
 * dataset's profile, its history, the run) and gives a {@link CheckVerdict}. Called on the thread
 * that ran the step, after its action returned and before any dependent starts; the attempt's
 * timeout and cancellation apply.
 *
 * <p>Throwing (a column the data lacks, a file that cannot be read) makes the check's outcome
 * {@link CheckOutcome#ERROR}: the check could not say, which counts as a failure for a check of
 * severity {@link CheckSeverity#ERROR}.
 */
@FunctionalInterface
public interface DatasetCheck {
  /** Checks the dataset. */
  CheckVerdict check(CheckContext context) throws Exception;
}
