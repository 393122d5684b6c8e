package io.etlorchestrator.cli;

import io.etlorchestrator.core.event.CheckCompleted;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.quality.CheckOutcome;
import java.io.PrintStream;

/**
 * Prints a line on standard error for every data-quality check of a run that warned: a check of
 * severity {@code warn} leaves the run's status (and the exit code) alone, so this is where the
 * user sees it, besides the report and the alerts. Failed checks of severity {@code error} fail
 * their step, which the progress lines and the report already say.
 */
final class CheckWarnings implements RunListener {
  private final PrintStream err;

  CheckWarnings(PrintStream err) {
    this.err = err;
  }

  @Override
  public void onCheckCompleted(CheckCompleted event) {
    if (event.result().outcome() == CheckOutcome.WARN) {
      err.println(CheckLines.warning(event.step().name(), event.result()));
      err.flush();
    }
  }
}
