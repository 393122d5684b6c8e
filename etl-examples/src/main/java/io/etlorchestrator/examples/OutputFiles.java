package io.etlorchestrator.examples;

import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints where a run's outputs are, with rows counted from the files and the warehouse table
 * themselves (not from what the steps reported).
 */
final class OutputFiles {
  private OutputFiles() {}

  static void print(PrintStream out, Pipeline pipeline, SalesSteps steps, PipelineRun run) {
    out.println("Outputs (rows counted from the files and tables):");
    for (PipelineStep step : pipeline.steps()) {
      for (String dataset : step.outputs()) {
        if (dataset.endsWith(".parquet")) {
          Path file = steps.path(dataset);
          out.printf(Locale.ROOT, "  %-38s %s%s%n", dataset, describeFile(file), age(file, run));
        } else {
          String table = dataset.substring(dataset.indexOf('.') + 1);
          Path warehouse = steps.warehouse().file();
          String rows;
          try {
            rows = Files.exists(warehouse)
                ? String.format(Locale.ROOT, "%,9d rows", steps.warehouse().count(table))
                : "not written";
          } catch (Exception e) {
            rows = "not readable: " + e.getMessage();
          }
          out.printf(Locale.ROOT, "  %-38s %s  table %s in %s%n", dataset, rows, table, warehouse);
        }
      }
    }
    out.flush();
  }

  private static String describeFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return "not written";
    }
    try {
      return String.format(Locale.ROOT, "%,9d rows %9s  %s",
          DuckDb.countParquetRows(file), kilobytes(Files.size(file)), file);
    } catch (Exception e) {
      return "not readable: " + e.getMessage();
    }
  }

  /** Marks a file the run did not write: it is left from an earlier run in the same directory. */
  private static String age(Path file, PipelineRun run) {
    try {
      if (Files.isRegularFile(file)
          && Files.getLastModifiedTime(file).toInstant().isBefore(run.startedAt())) {
        return "  (from an earlier run)";
      }
    } catch (java.io.IOException e) {
      return "";
    }
    return "";
  }

  private static String kilobytes(long bytes) {
    return String.format(Locale.ROOT, "%,d KB", (bytes + 1023) / 1024);
  }
}
