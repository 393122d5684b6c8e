package io.etlorchestrator.yaml.internal;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.Excerpt;
import io.etlorchestrator.core.internal.Suggestions;
import io.etlorchestrator.yaml.StepDefinition;
import io.etlorchestrator.yaml.StepParameterException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed reading of a step's {@code params}, behind {@link StepDefinition}'s parameter methods:
 * every value the wrong kind, out of range or missing becomes a {@link StepParameterException}
 * naming the parameter and what it accepts. Internal: not part of the public API.
 */
public final class StepParams {
  /**
   * What a parameter must be, and how its value (as {@link StepDefinition#params()} holds it) is
   * converted.
   *
   * @param expected what the parameter must be, for messages: {@code a whole number of at least 1}
   * @param accepted the accepted forms when {@code expected} does not list them, else empty
   * @param convert the value converted, or null when it is not acceptable
   * @param hint what to add after the rejected value, such as a did-you-mean; empty for nothing
   */
  public record Kind<T>(
      String expected, String accepted, Function<Object, T> convert, Function<Object, String> hint) {
    private String acceptedSuffix() {
      return accepted.isEmpty() ? "" : "; accepted: " + accepted;
    }
  }

  /** A single value given as text: numbers and booleans too. */
  public static final Kind<String> TEXT =
      new Kind<>("a single text value", "", StepParams::scalarText, value -> "");

  /** {@code true} or {@code false}. */
  public static final Kind<Boolean> BOOLEAN =
      new Kind<>("true or false", "", value -> value instanceof Boolean ? (Boolean) value : null, value -> "");

  /**
   * A duration from zero to {@link io.etlorchestrator.core.Limits#MAX_DURATION} in the definition
   * files' syntax ({@link DurationText}).
   */
  public static final Kind<Duration> DURATION =
      new Kind<>("a duration", DurationText.FORMATS, StepParams::duration, StepParams::durationHint);

  /** Text values; a single value stands for a list of one, YAML null for an empty list. */
  public static final Kind<List<String>> LIST =
      new Kind<>(
          "a list of single values such as [a, b], or one value", "", StepParams::texts, StepParams::listHint);

  private StepParams() {}

  /**
   * A whole number from {@code min} to {@code max}, for a Java type ranging from {@code typeMin}
   * to {@code typeMax} (so that messages say "at least 1" rather than "from 1 to 2147483647").
   */
  public static Kind<Long> whole(long min, long max, long typeMin, long typeMax) {
    Checks.argument(min <= max, "min (%d) must not be greater than max (%d)", min, max);
    String expected;
    if (min == typeMin && max == typeMax || min != typeMin && max != typeMax) {
      expected = String.format(Locale.ROOT, "a whole number from %d to %d", min, max);
    } else if (max == typeMax) {
      expected = String.format(Locale.ROOT, "a whole number of at least %d", min);
    } else {
      expected = String.format(Locale.ROOT, "a whole number of at most %d", max);
    }
    BigInteger low = BigInteger.valueOf(min);
    BigInteger high = BigInteger.valueOf(max);
    return new Kind<>(
        expected,
        "",
        value -> {
          if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            return null;
          }
          BigInteger big = new BigInteger(value.toString());
          return big.compareTo(low) < 0 || big.compareTo(high) > 0 ? null : big.longValue();
        },
        value -> "");
  }

  /**
   * A finite number from {@code min} to {@code max}; whole numbers are accepted. A bound of
   * {@code ±Double.MAX_VALUE} or infinity leaves that side open.
   */
  public static Kind<Double> number(double min, double max) {
    Checks.argument(!Double.isNaN(min) && !Double.isNaN(max), "min and max must be numbers, were %s and %s", min, max);
    Checks.argument(min <= max, "min (%s) must not be greater than max (%s)", min, max);
    boolean openBelow = min <= -Double.MAX_VALUE;
    boolean openAbove = max >= Double.MAX_VALUE;
    String expected;
    if (openBelow && openAbove) {
      expected = "a number";
    } else if (openAbove) {
      expected = "a number of at least " + plain(min);
    } else if (openBelow) {
      expected = "a number of at most " + plain(max);
    } else {
      expected = String.format("a number from %s to %s", plain(min), plain(max));
    }
    return new Kind<>(
        expected,
        "",
        value -> {
          if (!(value instanceof Number)) {
            return null;
          }
          double d = ((Number) value).doubleValue();
          return Double.isFinite(d) && d >= min && d <= max ? d : null;
        },
        value -> "");
  }

  /** One of the constants of {@code type}, written as its lowercase name. */
  public static <E extends Enum<E>> Kind<E> constant(Class<E> type) {
    Checks.notNull(type, "type");
    E[] constants = type.getEnumConstants();
    List<String> names = Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    return new Kind<>(
        "one of " + String.join(", ", names),
        "",
        value -> {
          int index = value instanceof String ? names.indexOf(Values.normalizedName((String) value)) : -1;
          return index < 0 ? null : constants[index];
        },
        value ->
            value instanceof String
                ? Suggestions.closest(Values.normalizedName((String) value), names)
                    .map(s -> String.format(" (did you mean '%s'?)", s))
                    .orElse("")
                : "");
  }

  /** Parameter {@code name} of {@code step} as {@code kind}; a problem if it is missing or wrong. */
  public static <T> T required(StepDefinition step, String name, Kind<T> kind) {
    Checks.notNull(name, "name");
    if (!step.params().containsKey(name)) {
      throw new StepParameterException(
          step,
          name,
          String.format(
              "params.%s is required: %s%s; %s",
              Excerpt.of(name), kind.expected(), kind.acceptedSuffix(), paramNames(step.params())));
    }
    return convert(step, name, kind, step.params().get(name));
  }

  /** Parameter {@code name} of {@code step} as {@code kind}; empty if absent or null. */
  public static <T> Optional<T> optional(StepDefinition step, String name, Kind<T> kind) {
    Checks.notNull(name, "name");
    Object value = step.params().get(name);
    return value == null ? Optional.empty() : Optional.of(convert(step, name, kind, value));
  }

  /** A problem naming the first parameter of {@code step} that is not in {@code known}. */
  public static void rejectUnknown(StepDefinition step, Collection<String> known) {
    for (String name : step.params().keySet()) {
      if (!known.contains(name)) {
        String accepted =
            known.isEmpty()
                ? "the step type takes no params"
                : "accepted: " + String.join(", ", known);
        throw new StepParameterException(
            step,
            name,
            String.format(
                "unknown parameter params.%s%s; %s",
                Excerpt.of(name),
                Suggestions.closest(name, known).map(s -> String.format(" (did you mean '%s'?)", s)).orElse(""),
                accepted));
      }
    }
  }

  private static <T> T convert(StepDefinition step, String name, Kind<T> kind, Object value) {
    T converted = kind.convert().apply(value);
    if (converted == null) {
      throw new StepParameterException(
          step,
          name,
          String.format(
              "params.%s must be %s, was %s%s%s",
              Excerpt.of(name), kind.expected(), describe(value), kind.hint().apply(value), kind.acceptedSuffix()));
    }
    return converted;
  }

  /** A value as messages name it: {@code text 'x'}, {@code the number 5}, {@code a list}. */
  static String describe(Object value) {
    if (value == null) {
      return "nothing (null)";
    }
    if (value instanceof Boolean) {
      return "the boolean " + value;
    }
    if (value instanceof Number) {
      return "the number " + value;
    }
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    return "text '" + Excerpt.of(value.toString()) + "'";
  }

  private static String paramNames(Map<String, Object> params) {
    return params.isEmpty()
        ? "the step has no params"
        : "the step's params are "
            + String.join(", ", params.keySet().stream().map(Excerpt::of).toList());
  }

  private static String scalarText(Object value) {
    return value == null || value instanceof List || value instanceof Map ? null : value.toString();
  }

  private static Duration duration(Object value) {
    if (!(value instanceof String)) {
      return null;
    }
    return DurationText.parse((String) value)
        .filter(d -> !d.isNegative() && d.compareTo(io.etlorchestrator.core.Limits.MAX_DURATION) <= 0)
        .orElse(null);
  }

  private static String durationHint(Object value) {
    if (value instanceof Number) {
      return String.format(" (it has no unit; write for example %ss)", value);
    }
    if (value instanceof String) {
      Optional<Duration> parsed = DurationText.parse((String) value);
      if (parsed.isPresent() && parsed.get().isNegative()) {
        return " (a negative duration)";
      }
      if (parsed.isPresent() || DurationText.isWellFormed((String) value)) {
        return " (longer than " + io.etlorchestrator.core.Limits.MAX_DURATION_TEXT + ", the longest accepted)";
      }
    }
    return "";
  }

  private static List<String> texts(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List)) {
      String text = scalarText(value);
      return text == null ? null : List.of(text);
    }
    List<?> items = (List<?>) value;
    List<String> result = new ArrayList<>(items.size());
    for (Object item : items) {
      String text = scalarText(item);
      if (text == null) {
        return null;
      }
      result.add(text);
    }
    return List.copyOf(result);
  }

  private static String listHint(Object value) {
    if (value instanceof List) {
      List<?> items = (List<?>) value;
      for (int i = 0; i < items.size(); i++) {
        if (scalarText(items.get(i)) == null) {
          return String.format(" whose item %d is %s", i, describe(items.get(i)));
        }
      }
    }
    return "";
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
