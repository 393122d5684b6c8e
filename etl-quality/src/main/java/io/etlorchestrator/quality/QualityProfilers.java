package io.etlorchestrator.quality;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.yaml.ConnectionDefinition;
import io.etlorchestrator.yaml.PipelineDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The profilers a definition's checks read their datasets with: a {@link TableProfiler} for its
 * {@code connections:} (when it has any) and a {@link FileProfiler} for files relative to its
 * {@linkplain PipelineDefinition#workingDirectory() working directory}. {@link
 * PipelineDefinition#executorBuilder()} registers these when this module is on the class path; use
 * this to profile or check datasets without a run:
 *
 * <pre>{@code
 * for (DatasetEngine engine : QualityProfilers.of(definition)) {
 *   Optional<DatasetProfile> profile = engine.profile("staging/orders.parquet");
 *   ...
 * }
 * }</pre>
 */
public final class QualityProfilers {
  private QualityProfilers() {}

  /** The engines for {@code definition}'s connections and working directory, tables first. */
  public static List<DatasetEngine> of(PipelineDefinition definition) {
    Checks.notNull(definition, "definition");
    List<ConnectionSpec> connections = new ArrayList<>();
    definition.connections().values().forEach(c -> connections.add(connection(c)));
    return of(connections, definition.workingDirectory());
  }

  /** The engines for {@code connections} and files relative to {@code workingDirectory}, tables first. */
  public static List<DatasetEngine> of(Collection<ConnectionSpec> connections, Path workingDirectory) {
    Checks.notNull(connections, "connections");
    Checks.notNull(workingDirectory, "workingDirectory");
    List<DatasetEngine> engines = new ArrayList<>();
    if (!connections.isEmpty()) {
      TableProfiler.Builder tables = TableProfiler.builder().workingDirectory(workingDirectory);
      connections.forEach(tables::connection);
      engines.add(tables.build());
    }
    engines.add(FileProfiler.in(workingDirectory));
    return List.copyOf(engines);
  }

  /** A definition file's connection as a {@link ConnectionSpec}. */
  public static ConnectionSpec connection(ConnectionDefinition definition) {
    Checks.notNull(definition, "definition");
    return new ConnectionSpec(definition.name(), definition.url(), definition.user(), definition.userEnv(),
        definition.passwordEnv());
  }
}
