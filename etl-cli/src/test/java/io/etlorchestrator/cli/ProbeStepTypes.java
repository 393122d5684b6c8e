package io.etlorchestrator.cli;

import io.etlorchestrator.yaml.StepFactory;
import io.etlorchestrator.yaml.StepTypeProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A step type found through ServiceLoader, as a user's jar would contribute one: {@code probe}
 * records what the command had printed on standard output when the step ran, and reports
 * {@code params.rows} rows.
 */
public final class ProbeStepTypes implements StepTypeProvider {
  /** The standard output of the command being run in this process (set by {@link Cli}). */
  static final AtomicReference<ByteArrayOutputStream> stdout = new AtomicReference<>();
  /** Standard output as each probe step saw it when it started. */
  static final List<String> seen = new CopyOnWriteArrayList<>();

  /** Needed by ServiceLoader. */
  public ProbeStepTypes() {}

  @Override
  public Map<String, StepFactory> stepTypes() {
    return Map.of(
        "probe",
        step -> {
          long rows = step.optionalLongParam("rows", 0, Long.MAX_VALUE).orElse(0L);
          return ctx -> {
            ByteArrayOutputStream out = stdout.get();
            seen.add(out == null ? "" : out.toString(StandardCharsets.UTF_8));
            ctx.reportRows(rows);
          };
        });
  }
}
