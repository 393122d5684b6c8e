package io.etlorchestrator.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step as a definition file writes it: what a {@link StepFactory} receives to make the step's
 * action.
 *
 * <p>{@code source} and {@code inputs} both land in {@link #inputs()}; {@code target}, {@code
 * output} and {@code outputs} in {@link #outputs()}. {@link #params()} is the step's free {@code
 * params} mapping with YAML values as plain Java values: {@code String}, {@code Boolean}, {@code
 * Integer}/{@code Long}/{@code BigInteger}, {@code Double}/{@code BigDecimal}, {@code List},
 * {@code Map} (keys in file order) and {@code null}; all collections are unmodifiable.
 *
 * @param name the step's name
 * @param type the step type, {@link io.etlorchestrator.core.PipelineStep#DEFAULT_TYPE} when the
 *     file gives none
 * @param inputs datasets read, in file order
 * @param outputs datasets written, in file order
 * @param dependsOn explicit dependencies, in file order
 * @param params the free {@code params} mapping, empty when absent
 * @param line the 1-based line where the step starts, for messages
 */
public record StepDefinition(
    String name,
    String type,
    List<String> inputs,
    List<String> outputs,
    List<String> dependsOn,
    Map<String, Object> params,
    int line) {

  /** Checks for nulls and copies. */
  public StepDefinition {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(type, "type must not be null");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    dependsOn = List.copyOf(dependsOn);
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The value of parameter {@code name}, if the step sets it to something other than null. */
  public Optional<Object> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /**
   * The text of parameter {@code name}; numbers and booleans are given as written.
   *
   * @throws IllegalArgumentException if the parameter is missing, null, a list or a mapping; a
   *     factory may let it propagate and the reader reports it at the step's line
   */
  public String stringParam(String name) {
    Object value = params.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          String.format("params.%s is required; the step's params are %s", name, params.keySet()));
    }
    if (value instanceof List || value instanceof Map) {
      throw new IllegalArgumentException(
          String.format("params.%s must be a single value, was %s", name, value));
    }
    return value.toString();
  }
}
