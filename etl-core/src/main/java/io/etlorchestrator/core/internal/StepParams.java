package io.etlorchestrator.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step's settings ({@code PipelineStep.params()}) as plain, immutable values, and their canonical
 * form for fingerprints. Internal: not part of the public API.
 */
public final class StepParams {
  private static final ObjectWriter CANONICAL =
      CheckpointJson.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private StepParams() {}

  /** An unmodifiable copy of {@code params} whose values are frozen too; {@code path} names it in errors. */
  public static Map<String, Object> freeze(Map<String, Object> params, String path) {
    Checks.notNull(params, path);
    if (params.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : params.entrySet()) {
      Checks.argument(entry.getKey() != null, "%s must not have a null key", path);
      copy.put(entry.getKey(), freezeValue(entry.getValue(), path + "." + entry.getKey()));
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * {@code value}, frozen: text, a number, a boolean or null as it is; a list or mapping (with
   * text keys) copied and made unmodifiable, their values frozen in turn.
   *
   * @throws IllegalArgumentException naming {@code path} and the value's type for anything else
   */
  public static Object freezeValue(Object value, String path) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger
        || value instanceof Double
        || value instanceof Float
        || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      List<Object> copy = new ArrayList<>(list.size());
      for (int k = 0; k < list.size(); k++) {
        copy.add(freezeValue(list.get(k), path + "[" + k + "]"));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        Checks.argument(
            entry.getKey() instanceof String,
            "%s: a mapping's keys must be text, was %s",
            path,
            entry.getKey() == null ? "null" : entry.getKey().getClass().getSimpleName());
        String key = (String) entry.getKey();
        copy.put(key, freezeValue(entry.getValue(), path + "." + key));
      }
      return Collections.unmodifiableMap(copy);
    }
    throw new IllegalArgumentException(
        String.format(
            "%s: a value of type %s; accepted: text, numbers, booleans, null, and lists and mappings"
                + " of those",
            path, value.getClass().getName()));
  }

  /** The canonical JSON of {@code params} (keys sorted, at every level), for fingerprints. */
  public static byte[] canonical(Map<String, Object> params) {
    try {
      return CANONICAL.writeValueAsBytes(params);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a step's params as JSON", e);
    }
  }
}
