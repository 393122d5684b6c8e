package io.etlorchestrator.yaml;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.yaml.internal.StepParams;
import java.time.Duration;
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
 * <p><b>Typed parameters.</b> A factory reads its parameters while the file is read, so that a
 * mistake is reported with the file's other problems before anything runs:
 *
 * <pre>{@code
 * StepFactory extract = step -> {
 *   step.rejectUnknownParams("table", "batch_size", "mode", "poll");
 *   String table = step.stringParam("table");
 *   int batchSize = step.optionalIntParam("batch_size", 1, 100_000).orElse(1_000);
 *   Mode mode = step.optionalEnumParam("mode", Mode.class).orElse(Mode.APPEND);
 *   Duration poll = step.durationParam("poll");
 *   return ctx -> copy(table, batchSize, mode, poll, ctx);
 * };
 * }</pre>
 *
 * <p>One pattern for every type: {@code xParam(name)} requires the parameter, {@code
 * optionalXParam(name)} gives an empty {@code Optional} when it is absent or null ({@code
 * .orElse(default)} for a default); numbers also take an inclusive range {@code (name, min,
 * max)}. Types: {@link #stringParam text}, {@link #intParam int}, {@link #longParam long}, {@link
 * #doubleParam double}, {@link #booleanParam boolean}, {@link #durationParam Duration} (the file's
 * duration syntax), {@link #listParam lists of texts} and {@link #enumParam enum constants}.
 * Values are not coerced across YAML types: {@code rows: '500'} (text) is not a number, as
 * elsewhere in a definition.
 *
 * <p>Every refusal is a {@link StepParameterException} that names the parameter and says what it
 * accepts (the range, the formats, the constants and the closest one); the reader reports it at
 * the parameter's own {@code file:line:column} with the step's name and type: {@code
 * orders.yaml:9:13: steps[0].params.rows: step type 'extract' rejected step 'extract_orders':
 * params.rows must be a whole number of at least 1, was text 'lots'}.
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

  /**
   * The value of parameter {@code name} as {@link #params()} holds it, if the step sets it to
   * something other than null; the typed methods below check and convert it.
   */
  public Optional<Object> param(String name) {
    return Optional.ofNullable(params.get(Checks.notNull(name, "name")));
  }

  /**
   * Checks that the step sets no parameter other than {@code known}, so that a misspelt optional
   * parameter is reported instead of silently ignored.
   *
   * @throws StepParameterException naming the first unknown parameter, the closest known one and
   *     every known one
   */
  public void rejectUnknownParams(String... known) {
    StepParams.rejectUnknown(this, List.of(known));
  }

  /**
   * The text of parameter {@code name}; numbers and booleans are given as text.
   *
   * @throws StepParameterException if the parameter is missing, null, a list or a mapping
   */
  public String stringParam(String name) {
    return StepParams.required(this, name, StepParams.TEXT);
  }

  /**
   * The text of parameter {@code name}, empty if absent or null; as {@link #stringParam(String)}.
   *
   * @throws StepParameterException if the parameter is a list or a mapping
   */
  public Optional<String> optionalStringParam(String name) {
    return StepParams.optional(this, name, StepParams.TEXT);
  }

  /**
   * Parameter {@code name} as an {@code int}: a whole number ({@code rows: 500}); text such as
   * {@code '500'} is refused, as elsewhere in a definition.
   *
   * @throws StepParameterException if the parameter is missing, not a whole number or beyond an
   *     {@code int}
   */
  public int intParam(String name) {
    return intParam(name, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /**
   * Parameter {@code name} as an {@code int} from {@code min} to {@code max} (both included).
   *
   * @throws StepParameterException if the parameter is missing, not a whole number or out of the
   *     range
   * @throws IllegalArgumentException if {@code min} is greater than {@code max}
   */
  public int intParam(String name, int min, int max) {
    return StepParams.required(this, name, intKind(min, max)).intValue();
  }

  /**
   * Parameter {@code name} as an {@code int}, empty if absent or null; as {@link
   * #intParam(String)}. {@code optionalIntParam("batch_size").orElse(500)} gives a default.
   *
   * @throws StepParameterException if the parameter is set but not a whole number
   */
  public Optional<Integer> optionalIntParam(String name) {
    return optionalIntParam(name, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /**
   * Parameter {@code name} as an {@code int} from {@code min} to {@code max}, empty if absent or
   * null; as {@link #intParam(String, int, int)}.
   *
   * @throws StepParameterException if the parameter is set but not a whole number in the range
   * @throws IllegalArgumentException if {@code min} is greater than {@code max}
   */
  public Optional<Integer> optionalIntParam(String name, int min, int max) {
    return StepParams.optional(this, name, intKind(min, max)).map(Long::intValue);
  }

  /**
   * Parameter {@code name} as a {@code long}: a whole number.
   *
   * @throws StepParameterException if the parameter is missing, not a whole number or beyond a
   *     {@code long}
   */
  public long longParam(String name) {
    return longParam(name, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * Parameter {@code name} as a {@code long} from {@code min} to {@code max} (both included).
   *
   * @throws StepParameterException if the parameter is missing, not a whole number or out of the
   *     range
   * @throws IllegalArgumentException if {@code min} is greater than {@code max}
   */
  public long longParam(String name, long min, long max) {
    return StepParams.required(this, name, longKind(min, max));
  }

  /**
   * Parameter {@code name} as a {@code long}, empty if absent or null; as {@link
   * #longParam(String)}.
   *
   * @throws StepParameterException if the parameter is set but not a whole number
   */
  public Optional<Long> optionalLongParam(String name) {
    return optionalLongParam(name, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * Parameter {@code name} as a {@code long} from {@code min} to {@code max}, empty if absent or
   * null; as {@link #longParam(String, long, long)}.
   *
   * @throws StepParameterException if the parameter is set but not a whole number in the range
   * @throws IllegalArgumentException if {@code min} is greater than {@code max}
   */
  public Optional<Long> optionalLongParam(String name, long min, long max) {
    return StepParams.optional(this, name, longKind(min, max));
  }

  /**
   * Parameter {@code name} as a {@code double}: a finite number, whole ({@code 2}) or not ({@code
   * 0.25}).
   *
   * @throws StepParameterException if the parameter is missing or not a finite number
   */
  public double doubleParam(String name) {
    return doubleParam(name, -Double.MAX_VALUE, Double.MAX_VALUE);
  }

  /**
   * Parameter {@code name} as a finite {@code double} from {@code min} to {@code max} (both
   * included; an infinite bound leaves that side open).
   *
   * @throws StepParameterException if the parameter is missing, not a number or out of the range
   * @throws IllegalArgumentException if {@code min} is greater than {@code max} or either is NaN
   */
  public double doubleParam(String name, double min, double max) {
    return StepParams.required(this, name, StepParams.number(min, max));
  }

  /**
   * Parameter {@code name} as a {@code double}, empty if absent or null; as {@link
   * #doubleParam(String)}.
   *
   * @throws StepParameterException if the parameter is set but not a finite number
   */
  public Optional<Double> optionalDoubleParam(String name) {
    return optionalDoubleParam(name, -Double.MAX_VALUE, Double.MAX_VALUE);
  }

  /**
   * Parameter {@code name} as a {@code double} from {@code min} to {@code max}, empty if absent or
   * null; as {@link #doubleParam(String, double, double)}.
   *
   * @throws StepParameterException if the parameter is set but not a number in the range
   * @throws IllegalArgumentException if {@code min} is greater than {@code max} or either is NaN
   */
  public Optional<Double> optionalDoubleParam(String name, double min, double max) {
    return StepParams.optional(this, name, StepParams.number(min, max));
  }

  /**
   * Parameter {@code name} as a {@code boolean}: {@code true} or {@code false}.
   *
   * @throws StepParameterException if the parameter is missing or not a boolean
   */
  public boolean booleanParam(String name) {
    return StepParams.required(this, name, StepParams.BOOLEAN);
  }

  /**
   * Parameter {@code name} as a {@code boolean}, empty if absent or null.
   *
   * @throws StepParameterException if the parameter is set but not a boolean
   */
  public Optional<Boolean> optionalBooleanParam(String name) {
    return StepParams.optional(this, name, StepParams.BOOLEAN);
  }

  /**
   * Parameter {@code name} as a duration, written as the file's own durations are: {@code 250ms},
   * {@code 30s}, {@code 5m}, {@code 2h}, combined in descending order ({@code 1h30m}) or ISO-8601
   * ({@code PT2M}). A bare number has no unit and is refused; so is a negative duration.
   *
   * @throws StepParameterException if the parameter is missing or not a duration of zero or more
   */
  public Duration durationParam(String name) {
    return StepParams.required(this, name, StepParams.DURATION);
  }

  /**
   * Parameter {@code name} as a duration, empty if absent or null; as {@link
   * #durationParam(String)}.
   *
   * @throws StepParameterException if the parameter is set but not a duration of zero or more
   */
  public Optional<Duration> optionalDurationParam(String name) {
    return StepParams.optional(this, name, StepParams.DURATION);
  }

  /**
   * Parameter {@code name} as a list of texts ({@code columns: [id, total]}); a single value
   * stands for a list of one ({@code columns: id}) and null for an empty list, as the file's own
   * lists. Items are given as {@link #stringParam(String)} gives a value.
   *
   * @throws StepParameterException if the parameter is missing, a mapping, or a list holding a
   *     list, a mapping or null
   */
  public List<String> listParam(String name) {
    return StepParams.required(this, name, StepParams.LIST);
  }

  /**
   * Parameter {@code name} as a list of texts, empty if absent or null; as {@link
   * #listParam(String)}.
   *
   * @throws StepParameterException if the parameter is set but not a list of single values
   */
  public Optional<List<String>> optionalListParam(String name) {
    return StepParams.optional(this, name, StepParams.LIST);
  }

  /**
   * Parameter {@code name} as a constant of {@code type}, written as its lowercase name ({@code
   * mode: append} for {@code Mode.APPEND}; case and {@code -} for {@code _} are forgiven).
   *
   * @throws StepParameterException if the parameter is missing or names no constant; the message
   *     lists the accepted names and the closest one
   */
  public <E extends Enum<E>> E enumParam(String name, Class<E> type) {
    return StepParams.required(this, name, StepParams.constant(type));
  }

  /**
   * Parameter {@code name} as a constant of {@code type}, empty if absent or null; as {@link
   * #enumParam(String, Class)}.
   *
   * @throws StepParameterException if the parameter is set but names no constant
   */
  public <E extends Enum<E>> Optional<E> optionalEnumParam(String name, Class<E> type) {
    return StepParams.optional(this, name, StepParams.constant(type));
  }

  private static StepParams.Kind<Long> intKind(int min, int max) {
    return StepParams.whole(min, max, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  private static StepParams.Kind<Long> longKind(long min, long max) {
    return StepParams.whole(min, max, Long.MIN_VALUE, Long.MAX_VALUE);
  }
}
