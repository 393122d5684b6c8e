package io.etlorchestrator.test.internal;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.event.AttemptRejected;
import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.RunFinished;
import io.etlorchestrator.core.event.RunStarted;
import io.etlorchestrator.core.event.StepCancelled;
import io.etlorchestrator.core.event.StepFailed;
import io.etlorchestrator.core.event.StepSkipped;
import io.etlorchestrator.core.event.StepStarted;
import io.etlorchestrator.core.event.StepSucceeded;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run as a few lines of text, for failure messages: a header with the run's status, then one
 * line per step with its status, attempts, rows and error or reason. Internal: not part of the
 * public API.
 *
 * <pre>
 * run run_20240115_100000_k3x9 of pipeline 'daily_sales_etl': FAILED (pipeline failed: step 'transform_orders' failed)
 *   step              status   attempts  rows   error or reason
 *   extract_orders    SUCCESS  1         52340
 *   transform_orders  FAILED   3         0      InjectedFailure: injected failure of attempt 3 ...
 *   load_warehouse    SKIPPED  0         0      upstream step 'transform_orders' failed
 * </pre>
 */
public final class RunTable {
  private static final String[] HEADINGS = {"step", "status", "attempts", "rows", "error or reason"};

  private RunTable() {}

  /** {@code run} as a table. */
  public static String of(PipelineRun run) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("run %s of pipeline '%s': %s", run.runId(), run.pipeline(), run.status()));
    run.reason().ifPresent(reason -> out.append(" (").append(reason).append(')'));
    if (run.resumeCount() > 0) {
      out.append(String.format(", resumed %d %s", run.resumeCount(), run.resumeCount() == 1 ? "time" : "times"));
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADINGS);
    for (StepRun step : run.steps()) {
      rows.add(
          new String[] {
            step.name(),
            step.status().name(),
            Integer.toString(step.attempts()),
            Long.toString(step.rows()),
            step.error().or(step::reason).orElse("")
          });
    }
    int[] widths = new int[HEADINGS.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int c = 0; c < row.length; c++) {
        line.append(row[c]);
        if (c < row.length - 1) {
          line.append(" ".repeat(widths[c] - row[c].length() + 2));
        }
      }
      out.append('\n').append(line.toString().stripTrailing());
    }
    return out.toString();
  }

  /**
   * The run {@code runId} of {@code pipeline} as far as {@code events} tell, for a run that has
   * not ended: each step's state from its latest event, steps not heard of as PENDING.
   */
  public static String live(String runId, String pipeline, List<String> stepNames, List<Object> events) {
    Map<String, StepRun> steps = new LinkedHashMap<>();
    stepNames.forEach(name -> steps.put(name, StepRun.pending(name)));
    PipelineRun last = null;
    for (Object event : events) {
      if (event instanceof RunStarted e) {
        e.state().steps().forEach(s -> steps.put(s.name(), s));
      } else if (event instanceof RunFinished e) {
        last = e.run();
      } else {
        stateOf(event).ifPresent(s -> steps.put(s.name(), s));
      }
    }
    if (last != null) {
      return of(last);
    }
    return of(
        new PipelineRun(
            runId,
            pipeline,
            "",
            java.time.Instant.EPOCH,
            Optional.empty(),
            io.etlorchestrator.core.RunStatus.RUNNING,
            Map.of(),
            new ArrayList<>(steps.values())));
  }

  private static Optional<StepRun> stateOf(Object event) {
    if (event instanceof StepStarted e) {
      return Optional.of(e.state());
    } else if (event instanceof RetryScheduled e) {
      return Optional.of(e.state());
    } else if (event instanceof AttemptRejected e) {
      return Optional.of(e.state());
    } else if (event instanceof StepSucceeded e) {
      return Optional.of(e.state());
    } else if (event instanceof StepFailed e) {
      return Optional.of(e.state());
    } else if (event instanceof StepSkipped e) {
      return Optional.of(e.state());
    } else if (event instanceof StepCancelled e) {
      return Optional.of(e.state());
    }
    return Optional.empty();
  }
}
