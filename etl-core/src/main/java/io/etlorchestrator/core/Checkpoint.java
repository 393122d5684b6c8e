package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.CheckpointJson;

/**
 * The checkpoint document of a run (the seed's {@code to_checkpoint} / {@code from_checkpoint}):
 * JSON with {@code format_version}, {@code run_id}, {@code pipeline}, {@code plan_fingerprint},
 * {@code started_at} and {@code finished_at} (ISO-8601), {@code status}, {@code params}, {@code
 * resumed_at} and {@code steps}, an object of step name to {@code status}, {@code attempts},
 * {@code started_at}, {@code finished_at}, {@code rows}, {@code metrics}, {@code error}, {@code
 * reason} and {@code fingerprint}. Statuses are lower case ({@code success}, {@code
 * completed_with_failures}...). Only {@code run_id}, {@code pipeline}, {@code started_at}, {@code
 * status} and {@code steps} (each with a {@code status}) are required, so a checkpoint can be
 * written by hand:
 *
 * <pre>{@code
 * {"run_id": "run_20240115_100000", "pipeline": "daily_sales_etl",
 *  "started_at": "2024-01-15T10:00:00Z", "status": "failed",
 *  "steps": {"extract_orders": {"status": "success", "attempts": 1, "rows": 52340}}}
 * }</pre>
 *
 * <p>This version writes and reads {@code format_version} {@value #FORMAT_VERSION}; a missing
 * version means 1, a newer one is refused with a message saying so.
 */
public final class Checkpoint {
  /** The format version written, and the newest read. */
  public static final int FORMAT_VERSION = CheckpointJson.FORMAT_VERSION;

  private Checkpoint() {}

  /** The run as a pretty-printed checkpoint document. */
  public static String toJson(PipelineRun run) {
    return CheckpointJson.toPrettyJson(Checks.notNull(run, "run"));
  }

  /**
   * Reads a checkpoint document.
   *
   * @param source names the document in error messages (a file name, say)
   * @throws CheckpointException naming {@code source}, the field and what would be valid
   */
  public static PipelineRun fromJson(String json, String source) {
    Checks.notNull(json, "json");
    Checks.notNull(source, "source");
    return CheckpointJson.parse(json, source);
  }
}
