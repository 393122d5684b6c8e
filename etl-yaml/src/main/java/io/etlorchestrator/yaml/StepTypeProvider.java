package io.etlorchestrator.yaml;

import java.util.Map;

/**
 * Contributes step types from a jar on the class path, found with {@link java.util.ServiceLoader}
 * by {@link StepTypeRegistry.Builder#discover()}.
 *
 * <p>To contribute, implement this interface in a public class with a public no-argument
 * constructor and list the class name in {@code
 * META-INF/services/io.etlorchestrator.yaml.StepTypeProvider}:
 *
 * <pre>{@code
 * public final class WarehouseSteps implements StepTypeProvider {
 *   public Map<String, StepFactory> stepTypes() {
 *     return Map.of("extract", JdbcExtract::new, "load", SnowflakeLoad::new);
 *   }
 * }
 * }</pre>
 */
public interface StepTypeProvider {
  /** The step types this provider contributes, by type name. */
  Map<String, StepFactory> stepTypes();
}
