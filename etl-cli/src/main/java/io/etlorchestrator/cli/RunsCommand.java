package io.etlorchestrator.cli;

import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.FileCheckpointStore;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepStatus;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code etl runs}: the runs recorded in a checkpoint store, newest first, as a table of run id,
 * pipeline, status, start (UTC), duration and steps succeeded.
 */
@Command(
    name = "runs",
    sortOptions = false,
    description = "List the recorded runs, newest first: status, start (UTC), duration.",
    footer = {"", "Exit codes: 0 listed (also when there are none), 2 unreadable store."})
public final class RunsCommand implements Callable<Integer> {
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  @ParentCommand EtlCommand root;

  @Mixin StoreOption store = new StoreOption();

  @Option(names = "--pipeline", paramLabel = "NAME", description = "Only the runs of pipeline NAME.")
  String pipeline;

  @Option(names = "--limit", paramLabel = "N", description = "At most N runs (default: ${DEFAULT-VALUE}).")
  int limit = 50;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new CliException("--limit must be at least 1, was " + limit);
    }
    FileCheckpointStore checkpoints = store.open(root);
    List<PipelineRun> runs =
        pipeline == null ? checkpoints.allRuns(0, limit) : checkpoints.runs(pipeline, 0, limit);
    PrintStream out = root.out();
    if (runs.isEmpty()) {
      out.printf(
          "no runs%s in %s%n", pipeline == null ? "" : " of pipeline '" + pipeline + "'", checkpoints.directory());
      out.flush();
      return ExitCode.SUCCESS.code();
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"RUN ID", "PIPELINE", "STATUS", "STARTED (UTC)", "DURATION", "STEPS"});
    for (PipelineRun run : runs) {
      rows.add(
          new String[] {
            run.runId(),
            run.pipeline(),
            run.status().name() + (run.resumeCount() > 0 ? " (resumed " + run.resumeCount() + "x)" : ""),
            START.format(run.startedAt()),
            run.duration().map(DurationText::human).orElse("-"),
            run.count(StepStatus.SUCCESS) + "/" + run.steps().size() + " succeeded"
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
    return ExitCode.SUCCESS.code();
  }
}
