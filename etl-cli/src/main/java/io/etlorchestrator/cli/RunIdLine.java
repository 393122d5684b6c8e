package io.etlorchestrator.cli;

import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.RunStarted;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prints {@code run_id: ID} as the first line of standard output and flushes it when the run
 * starts: the executor calls {@link #onRunStarted} before any step of the run is handed to a
 * worker, so a script that reads this line can resume the run even if the process is killed at
 * once. Prints at most once.
 */
final class RunIdLine implements RunListener {
  private final PrintStream out;
  private final AtomicBoolean printed = new AtomicBoolean();

  RunIdLine(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onRunStarted(RunStarted event) {
    print(event.runId());
  }

  /** Prints the line for {@code runId} unless it was printed already. */
  void print(String runId) {
    if (printed.compareAndSet(false, true)) {
      out.println("run_id: " + runId);
      out.flush();
    }
  }
}
