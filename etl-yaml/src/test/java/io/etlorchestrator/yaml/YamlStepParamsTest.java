package io.etlorchestrator.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.etlorchestrator.core.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link StepDefinition}'s typed parameters, read from real YAML text: each helper's value, and
 * each refusal reported with the parameter's position and name, the step and its type, and what
 * the parameter accepts.
 */
class YamlStepParamsTest {
  /** The step's params start at line 6; a value after {@code "      key: "} is at column 13. */
  private static final String HEAD =
      String.join(
          "\n",
          "pipeline: orders",
          "steps:",
          "  - name: extract_orders",
          "    type: extract",
          "    params:",
          "");

  /** The prefix every problem of the one step carries, at {@code line:column}. */
  private static String at(int line, int column, String param) {
    return String.format(
        "orders.yaml:%d:%d: steps[0].params.%s: step type 'extract' rejected step 'extract_orders': ",
        line, column, param);
  }

  /** What {@code read} returns for the step whose params are {@code params}, read from YAML. */
  private static Object value(String params, Function<StepDefinition, ?> read) {
    AtomicReference<Object> seen = new AtomicReference<>();
    StepTypeRegistry types =
        StepTypeRegistry.builder()
            .register("extract", step -> { seen.set(Checks.notNull(read.apply(step), "read")); return ctx -> {}; })
            .build();
    YamlPipelineReader.withStepTypes(types).readString(HEAD + params, "orders.yaml");
    return seen.get();
  }

  /** The one problem reported for the step whose params are {@code params}. */
  private static String problem(String params, Function<StepDefinition, ?> read) {
    StepTypeRegistry types =
        StepTypeRegistry.builder().register("extract", step -> { read.apply(step); return ctx -> {}; }).build();
    YamlDefinitionException e =
        catchThrowableOfType(
            YamlDefinitionException.class,
            () -> YamlPipelineReader.withStepTypes(types).readString(HEAD + params, "orders.yaml"));
    assertThat(e).as("reading params %s", params).isNotNull();
    assertThat(e.yamlProblems()).hasSize(1);
    return e.yamlProblems().get(0).describe();
  }

  enum Mode {
    APPEND,
    OVERWRITE,
    FULL_REFRESH
  }

  @Nested
  class Ints {
    @Test
    void readsAWholeNumber() {
      assertThat(value("      rows: 52340\n", s -> s.intParam("rows"))).isEqualTo(52340);
      assertThat(value("      rows: -3\n", s -> s.intParam("rows", -5, 5))).isEqualTo(-3);
      assertThat(value("      rows: 7\n", s -> s.optionalIntParam("rows"))).isEqualTo(Optional.of(7));
      assertThat(value("      rows: 7\n", s -> s.optionalIntParam("batch", 1, 10))).isEqualTo(Optional.empty());
      assertThat(value("      batch: ~\n", s -> s.optionalIntParam("batch"))).as("null is absent").isEqualTo(Optional.empty());
    }

    @Test
    void aParamThatIsNotANumberIsReportedAtItsValueWithTheAcceptedRange() {
      assertThat(problem("      rows: lots\n", s -> s.intParam("rows", 1, Integer.MAX_VALUE)))
          .isEqualTo(at(6, 13, "rows") + "params.rows must be a whole number of at least 1, was text 'lots'");
      assertThat(problem("      rows: '500'\n", s -> s.intParam("rows")))
          .as("quoted text is not coerced")
          .isEqualTo(
              at(6, 13, "rows")
                  + "params.rows must be a whole number from -2147483648 to 2147483647, was text '500'");
      assertThat(problem("      rows: 1.5\n", s -> s.optionalIntParam("rows", Integer.MIN_VALUE, 10)))
          .isEqualTo(at(6, 13, "rows") + "params.rows must be a whole number of at most 10, was the number 1.5");
    }

    @Test
    void aNumberOutOfRangeIsReportedWithTheRange() {
      assertThat(problem("      rows: 5000\n", s -> s.intParam("rows", 1, 1000)))
          .isEqualTo(at(6, 13, "rows") + "params.rows must be a whole number from 1 to 1000, was the number 5000");
      assertThat(problem("      rows: 3000000000\n", s -> s.intParam("rows")))
          .isEqualTo(
              at(6, 13, "rows")
                  + "params.rows must be a whole number from -2147483648 to 2147483647, was the number 3000000000");
    }

    @Test
    void aMissingParamIsReportedAtTheStepsParamsWithTheOnesItHas() {
      assertThat(problem("      rows: 5\n      table: orders\n", s -> s.intParam("batch", 1, 100)))
          .isEqualTo(
              at(6, 7, "batch")
                  + "params.batch is required: a whole number from 1 to 100; the step's params are rows, table");
    }

    @Test
    void aMissingParamOfAStepWithoutParamsIsReportedAtTheStep() {
      StepTypeRegistry types =
          StepTypeRegistry.builder().register("extract", s -> { s.intParam("rows"); return ctx -> {}; }).build();

      YamlDefinitionException e =
          catchThrowableOfType(
              YamlDefinitionException.class,
              () ->
                  YamlPipelineReader.withStepTypes(types)
                      .readString("pipeline: p\nsteps:\n  - name: a\n    type: extract\n", "p.yaml"));

      assertThat(e.yamlProblems()).extracting(YamlProblem::describe)
          .containsExactly(
              "p.yaml:3:5: steps[0].params.rows: step type 'extract' rejected step 'a': params.rows is"
                  + " required: a whole number from -2147483648 to 2147483647; the step has no params");
    }

    @Test
    void aNullRequiredParamIsReportedAsNothing() {
      assertThat(problem("      rows: ~\n", s -> s.intParam("rows", 0, Integer.MAX_VALUE)))
          .isEqualTo(at(6, 13, "rows") + "params.rows must be a whole number of at least 0, was nothing (null)");
    }

    @Test
    void anEmptyRangeIsAProgrammingErrorOfTheFactory() {
      StepDefinition step = new StepDefinition("a", "t", List.of(), List.of(), List.of(), Map.of("rows", 5), 3);

      assertThatThrownBy(() -> step.intParam("rows", 10, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .isNotInstanceOf(StepParameterException.class)
          .hasMessage("min (10) must not be greater than max (1)");
    }
  }

  @Nested
  class Longs {
    @Test
    void readsAWholeNumberBeyondAnInt() {
      assertThat(value("      rows: 9000000000\n", s -> s.longParam("rows"))).isEqualTo(9_000_000_000L);
      assertThat(value("      rows: 12\n", s -> s.longParam("rows", 0, 20))).isEqualTo(12L);
      assertThat(value("      rows: 12\n", s -> s.optionalLongParam("rows", 0, Long.MAX_VALUE))).isEqualTo(Optional.of(12L));
      assertThat(value("      rows: 12\n", s -> s.optionalLongParam("other"))).isEqualTo(Optional.empty());
    }

    @Test
    void refusesWhatIsNotAWholeNumberInRange() {
      assertThat(problem("      rows: [1, 2]\n", s -> s.longParam("rows", 0, Long.MAX_VALUE)))
          .isEqualTo(at(6, 13, "rows") + "params.rows must be a whole number of at least 0, was a list");
      assertThat(problem("      rows: 99999999999999999999\n", s -> s.longParam("rows")))
          .isEqualTo(
              at(6, 13, "rows")
                  + "params.rows must be a whole number from -9223372036854775808 to 9223372036854775807,"
                  + " was the number 99999999999999999999");
    }
  }

  @Nested
  class Doubles {
    @Test
    void readsANumberWholeOrNot() {
      assertThat(value("      ratio: 0.25\n", s -> s.doubleParam("ratio"))).isEqualTo(0.25);
      assertThat(value("      ratio: 2\n", s -> s.doubleParam("ratio", 0, 10))).isEqualTo(2.0);
      assertThat(value("      ratio: 1\n", s -> s.optionalDoubleParam("ratio", 0, 1))).isEqualTo(Optional.of(1.0));
      assertThat(value("      ratio: 1\n", s -> s.optionalDoubleParam("other"))).isEqualTo(Optional.empty());
    }

    @Test
    void refusesWhatIsNotANumberInRange() {
      assertThat(problem("      ratio: 1.5\n", s -> s.doubleParam("ratio", 0, 1)))
          .isEqualTo(at(6, 14, "ratio") + "params.ratio must be a number from 0 to 1, was the number 1.5");
      assertThat(problem("      ratio: high\n", s -> s.doubleParam("ratio", 0.5, Double.POSITIVE_INFINITY)))
          .isEqualTo(at(6, 14, "ratio") + "params.ratio must be a number of at least 0.5, was text 'high'");
      assertThat(problem("      ratio: high\n", s -> s.optionalDoubleParam("ratio")))
          .isEqualTo(at(6, 14, "ratio") + "params.ratio must be a number, was text 'high'");
    }
  }

  @Nested
  class Booleans {
    @Test
    void readsTrueAndFalse() {
      assertThat(value("      ssl: true\n", s -> s.booleanParam("ssl"))).isEqualTo(true);
      assertThat(value("      ssl: false\n", s -> s.optionalBooleanParam("ssl"))).isEqualTo(Optional.of(false));
      assertThat(value("      ssl: false\n", s -> s.optionalBooleanParam("other"))).isEqualTo(Optional.empty());
    }

    @Test
    void refusesAnythingElse() {
      assertThat(problem("      ssl: 'true'\n", s -> s.booleanParam("ssl")))
          .isEqualTo(at(6, 12, "ssl") + "params.ssl must be true or false, was text 'true'");
      assertThat(problem("      ssl: 1\n", s -> s.optionalBooleanParam("ssl")))
          .isEqualTo(at(6, 12, "ssl") + "params.ssl must be true or false, was the number 1");
    }
  }

  @Nested
  class Durations {
    private static final String FORMATS =
        "a whole number with a unit (250ms, 30s, 5m, 2h) or several in descending order (1h30m,"
            + " 2m30s), or ISO-8601 (PT2M, PT1H30M)";

    @Test
    void readsTheFilesDurationSyntax() {
      assertThat(value("      poll: 1m30s\n", s -> s.durationParam("poll"))).isEqualTo(Duration.ofSeconds(90));
      assertThat(value("      poll: PT2M\n", s -> s.durationParam("poll"))).isEqualTo(Duration.ofMinutes(2));
      assertThat(value("      poll: 250ms\n", s -> s.optionalDurationParam("poll"))).isEqualTo(Optional.of(Duration.ofMillis(250)));
      assertThat(value("      poll: 0s\n", s -> s.durationParam("poll"))).isEqualTo(Duration.ZERO);
      assertThat(value("      poll: 5s\n", s -> s.optionalDurationParam("other"))).isEqualTo(Optional.empty());
    }

    @Test
    void refusesWhatIsNotADurationListingTheFormats() {
      assertThat(problem("      poll: soon\n", s -> s.durationParam("poll")))
          .isEqualTo(at(6, 13, "poll") + "params.poll must be a duration, was text 'soon'; accepted: " + FORMATS);
      assertThat(problem("      poll: 30\n", s -> s.optionalDurationParam("poll")))
          .isEqualTo(
              at(6, 13, "poll")
                  + "params.poll must be a duration, was the number 30 (it has no unit; write for example"
                  + " 30s); accepted: " + FORMATS);
      assertThat(problem("      poll: PT-5S\n", s -> s.durationParam("poll")))
          .isEqualTo(
              at(6, 13, "poll")
                  + "params.poll must be a duration, was text 'PT-5S' (a negative duration); accepted: " + FORMATS);
      assertThat(problem("      other: 1\n", s -> s.durationParam("poll")))
          .isEqualTo(
              at(6, 7, "poll")
                  + "params.poll is required: a duration; accepted: " + FORMATS + "; the step's params are other");
    }
  }

  @Nested
  class Lists {
    @Test
    void readsAListAndASingleValueAsAListOfOne() {
      assertThat(value("      columns: [id, 7, true]\n", s -> s.listParam("columns"))).isEqualTo(List.of("id", "7", "true"));
      assertThat(value("      columns: id\n", s -> s.listParam("columns"))).isEqualTo(List.of("id"));
      assertThat(value("      columns: ~\n", s -> s.listParam("columns"))).as("null is an empty list").isEqualTo(List.of());
      assertThat(value("      columns:\n        - id\n        - total\n", s -> s.optionalListParam("columns")))
          .isEqualTo(Optional.of(List.of("id", "total")));
      assertThat(value("      columns: id\n", s -> s.optionalListParam("other"))).isEqualTo(Optional.empty());
    }

    @Test
    void refusesAMappingAndAListHoldingMoreThanSingleValues() {
      assertThat(problem("      columns: {id: 1}\n", s -> s.listParam("columns")))
          .isEqualTo(
              at(6, 16, "columns")
                  + "params.columns must be a list of single values such as [a, b], or one value, was a mapping");
      assertThat(problem("      columns: [id, {total: 1}]\n", s -> s.optionalListParam("columns")))
          .isEqualTo(
              at(6, 16, "columns")
                  + "params.columns must be a list of single values such as [a, b], or one value, was a list"
                  + " whose item 1 is a mapping");
    }
  }

  @Nested
  class Enums {
    @Test
    void readsTheLowercaseNameOfAConstant() {
      assertThat(value("      mode: append\n", s -> s.enumParam("mode", Mode.class))).isEqualTo(Mode.APPEND);
      assertThat(value("      mode: full_refresh\n", s -> s.enumParam("mode", Mode.class))).isEqualTo(Mode.FULL_REFRESH);
      assertThat(value("      mode: Full-Refresh\n", s -> s.enumParam("mode", Mode.class)))
          .as("case and dashes forgiven, as for the file's own names")
          .isEqualTo(Mode.FULL_REFRESH);
      assertThat(value("      mode: overwrite\n", s -> s.optionalEnumParam("mode", Mode.class))).isEqualTo(Optional.of(Mode.OVERWRITE));
      assertThat(value("      mode: overwrite\n", s -> s.optionalEnumParam("other", Mode.class))).isEqualTo(Optional.empty());
    }

    @Test
    void refusesAnUnknownNameListingTheConstantsAndTheClosestOne() {
      assertThat(problem("      mode: apend\n", s -> s.enumParam("mode", Mode.class)))
          .isEqualTo(
              at(6, 13, "mode")
                  + "params.mode must be one of append, overwrite, full_refresh, was text 'apend' (did you mean 'append'?)");
      assertThat(problem("      mode: sideways\n", s -> s.optionalEnumParam("mode", Mode.class)))
          .isEqualTo(at(6, 13, "mode") + "params.mode must be one of append, overwrite, full_refresh, was text 'sideways'");
      assertThat(problem("      other: 1\n", s -> s.enumParam("mode", Mode.class)))
          .isEqualTo(
              at(6, 7, "mode")
                  + "params.mode is required: one of append, overwrite, full_refresh; the step's params are other");
    }
  }

  @Nested
  class Strings {
    @Test
    void readsASingleValueAsText() {
      assertThat(value("      table: orders\n", s -> s.stringParam("table"))).isEqualTo("orders");
      assertThat(value("      table: 42\n", s -> s.stringParam("table"))).isEqualTo("42");
      assertThat(value("      table: orders\n", s -> s.optionalStringParam("table"))).isEqualTo(Optional.of("orders"));
      assertThat(value("      table: orders\n", s -> s.optionalStringParam("other"))).isEqualTo(Optional.empty());
    }

    @Test
    void refusesAListOrAMapping() {
      assertThat(problem("      table: [a, b]\n", s -> s.stringParam("table")))
          .isEqualTo(at(6, 14, "table") + "params.table must be a single text value, was a list");
      assertThat(problem("      table: {a: 1}\n", s -> s.optionalStringParam("table")))
          .isEqualTo(at(6, 14, "table") + "params.table must be a single text value, was a mapping");
    }
  }

  @Nested
  class UnknownParams {
    @Test
    void acceptsKnownParams() {
      assertThat(value("      table: orders\n", s -> { s.rejectUnknownParams("table", "rows"); return "ok"; }))
          .isEqualTo("ok");
    }

    @Test
    void aMisspeltParamIsReportedWithTheClosestAndEveryKnownOne() {
      assertThat(problem("      tabl: orders\n", s -> { s.rejectUnknownParams("table", "rows"); return "ok"; }))
          .isEqualTo(at(6, 13, "tabl") + "unknown parameter params.tabl (did you mean 'table'?); accepted: table, rows");
      assertThat(problem("      x: 1\n", s -> { s.rejectUnknownParams(); return "ok"; }))
          .isEqualTo(at(6, 10, "x") + "unknown parameter params.x; the step type takes no params");
    }
  }

  @Test
  void aParamProblemWrappedByTheFactoryIsStillReportedAtTheParam() {
    String reported =
        problem(
            "      table: orders\n      rows: lots\n",
            s -> {
              try {
                return s.intParam("rows");
              } catch (StepParameterException e) {
                throw new IllegalStateException("cannot configure the extract: " + e.reason(), e);
              }
            });

    assertThat(reported)
        .isEqualTo(
            at(7, 13, "rows")
                + "cannot configure the extract: params.rows must be a whole number from -2147483648 to"
                + " 2147483647, was text 'lots'");
  }

  @Test
  void outsideAReaderTheProblemNamesTheStepAndItsLineAndCarriesItsParts() {
    StepDefinition step =
        new StepDefinition(
            "extract_orders", "extract", List.of(), List.of(), List.of(), Map.of("rows", "lots"), 3);

    StepParameterException e = catchThrowableOfType(StepParameterException.class, () -> step.intParam("rows", 1, 10));

    assertThat(e)
        .hasMessage("step 'extract_orders' (line 3): params.rows must be a whole number from 1 to 10, was text 'lots'");
    assertThat(e.step()).isEqualTo("extract_orders");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.parameter()).isEqualTo("rows");
    assertThat(e.reason()).isEqualTo("params.rows must be a whole number from 1 to 10, was text 'lots'");
  }
}
