package io.etlorchestrator.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineDefinitionException;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class YamlPipelineReaderTest {
  private static final YamlPipelineReader READER = YamlPipelineReader.forPlanning();

  private static PipelineStep onlyStep(String stepYaml) {
    return READER.readString("pipeline: p\nsteps:\n  - name: a\n" + stepYaml).pipeline().steps().get(0);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "120s, PT2M",
    "30s, PT30S",
    "300s, PT5M",
    "5m, PT5M",
    "1h30m, PT1H30M",
    "2h, PT2H",
    "250ms, PT0.25S",
    "1m30s500ms, PT1M30.5S",
    "0s, PT0S",
    "PT2M, PT2M",
    "pt1h, PT1H",
    "PT0.5S, PT0.5S"
  })
  void readsDurationsAsTheSeedWritesThemAndMore(String text, String expected) {
    PipelineStep step = onlyStep("    estimated_duration: " + text + "\n");

    assertThat(step.estimatedDuration()).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2 min", "5M", "1m1h", "30s5m", "1.5s", "s", "-5s", "PT", "5 s"})
  void refusesDurationsInOtherFormatsAndSaysWhichAreAccepted(String text) {
    YamlDefinitionException e =
        catchThrowableOfType(
            YamlDefinitionException.class, () -> onlyStep("    timeout: \"" + text + "\"\n"));

    assertThat(e.yamlProblems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("steps[0].timeout");
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.message())
          .isEqualTo("'" + text + "' is not a duration; accepted: a whole number with a unit (250ms,"
              + " 30s, 5m, 2h) or several in descending order (1h30m, 2m30s), or ISO-8601 (PT2M,"
              + " PT1H30M)");
    });
  }

  @Test
  void readsEveryStepField() {
    Pipeline pipeline =
        READER.readString(
            """
            pipeline: p
            resource_limits:
              postgres: 2
            steps:
              - name: a
                type: extract
                source: postgres.orders
                target: staging/orders
                estimated_duration: 1m
                can_parallelize: false
                timeout: 10m
                resources: [postgres, network]
                retry:
                  max_attempts: 5
                  jitter: 0.25
                version: "2.1"
                params:
                  anything: [1, 2]
              - name: b
                inputs: staging/orders
                outputs: [marts/x, marts/y]
                depends_on: a
            failure_policies:
              retry:
                max_attempts: 4
                backoff: fixed
                initial_delay: 10s
                max_delay: 10s
              default_fallback: skip_downstream
              on_failure:
                b: {action: retry, fallback: alert_and_continue}
            """).pipeline();

    RetryPolicy pipelineRetry =
        RetryPolicy.builder().maxAttempts(4)
            .backoff(RetryPolicy.Backoff.FIXED, Duration.ofSeconds(10), Duration.ofSeconds(10)).build();
    Pipeline expected =
        Pipeline.builder("p")
            .defaultRetryPolicy(pipelineRetry)
            .defaultFallback(Fallback.SKIP_DOWNSTREAM)
            .resourceLimit("postgres", 2)
            .step("a", s -> s.type("extract").inputs("postgres.orders").outputs("staging/orders")
                .estimatedDuration(Duration.ofMinutes(1)).canParallelize(false)
                .timeout(Duration.ofMinutes(10)).resources("postgres", "network")
                .retryPolicy(pipelineRetry.toBuilder().maxAttempts(5).jitter(0.25).build())
                .version("2.1").param("anything", java.util.List.of(1, 2)))
            .step("b", s -> s.inputs("staging/orders").outputs("marts/x", "marts/y").dependsOn("a")
                .fallback(Fallback.ALERT_AND_CONTINUE))
            .build();
    assertThat(pipeline).isEqualTo(expected);
    assertThat(pipeline.steps().get(1).type()).isEqualTo(PipelineStep.DEFAULT_TYPE);
  }

  @Test
  void anchorsAliasesAndMergeKeysWorkAsYamlDefinesThem() {
    Pipeline pipeline =
        READER.readString(
            """
            pipeline: p
            steps:
              - &extract
                name: a
                type: extract
                estimated_duration: 2m
                resources: &db [postgres]
              - <<: *extract
                name: b
                estimated_duration: 3m
              - name: c
                resources: *db
            """).pipeline();

    assertThat(pipeline.steps()).extracting(PipelineStep::type).containsExactly("extract", "extract", "task");
    assertThat(pipeline.steps().get(1).estimatedDuration()).isEqualTo(Duration.ofMinutes(3));
    assertThat(pipeline.steps().get(2).resources()).containsExactly("postgres");
  }

  @Test
  void readsAFileAndNamesItInProblems(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("daily.yaml");
    Files.writeString(file, SeedPipeline.definitionYaml());
    assertThat(READER.read(file).source()).isEqualTo(file.toString());
    assertThat(READER.read(file).pipeline()).isEqualTo(SeedPipeline.pipeline(true));

    Files.writeString(file, "pipeline: p\nsteps:\n  - name: a\n    dependson: [b]\n");
    assertThatThrownBy(() -> READER.read(file))
        .isInstanceOf(YamlDefinitionException.class)
        .isInstanceOf(PipelineDefinitionException.class)
        .hasMessage(
            file + ": pipeline 'p' is invalid (1 problem):\n  "
                + file + ":4:5: steps[0].dependson: unknown field 'dependson' (did you mean 'depends_on'?)");
  }

  @Test
  void aMissingFileIsAnIoErrorNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("missing.yaml");

    assertThatThrownBy(() -> READER.read(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot read pipeline definition " + missing + ": no such file");
  }

  @Test
  void readsStreamsAndReadersAlike() {
    String yaml = SeedPipeline.definitionYaml();
    PipelineDefinition fromStream =
        READER.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "seed.yaml");
    PipelineDefinition fromReader = READER.read(new StringReader(yaml), "seed.yaml");

    assertThat(fromStream).isEqualTo(fromReader);
    assertThat(fromStream.source()).isEqualTo("seed.yaml");
  }

  @Test
  void aUtf8ByteOrderMarkIsIgnoredAndInvalidUtf8IsRefused() {
    byte[] yaml = "pipeline: p\nsteps:\n  - name: a\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[yaml.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(yaml, 0, withBom, 3, yaml.length);
    assertThat(READER.read(new ByteArrayInputStream(withBom), "bom.yaml").pipeline().name()).isEqualTo("p");

    byte[] latin1 = "pipeline: caf\u00e9\nsteps:\n  - name: a\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> READER.read(new ByteArrayInputStream(latin1), "latin1.yaml"))
        .isInstanceOf(YamlDefinitionException.class)
        .hasMessage("latin1.yaml: pipeline definition is invalid (1 problem):\n"
            + "  latin1.yaml:1:14: the file is not valid UTF-8 text: byte 0xE9 (byte offset 13) cannot"
            + " start or continue a UTF-8 character; save the file as UTF-8 and try again (it may be"
            + " in Latin-1 or Windows-1252)");
  }

  @Test
  void aDocumentOverTheSizeLimitIsRefusedBeforeParsingWithTheLimitAndHowToRaiseIt(@TempDir Path dir)
      throws Exception {
    YamlPipelineReader small = YamlPipelineReader.builder().maxDocumentSize(100).build();
    String yaml = SeedPipeline.definitionYaml();
    Path file = dir.resolve("big.yaml");
    Files.writeString(file, yaml);
    long size = Files.size(file);

    assertThatThrownBy(() -> small.read(file))
        .isInstanceOf(YamlDefinitionException.class)
        .hasMessage(file + ": pipeline definition is invalid (1 problem):\n  " + file
            + ": the definition is over the size limit of 100 bytes (it has " + String.format("%,d", size)
            + "); raise the limit with YamlPipelineReader.builder().maxDocumentSize(bytes)");
    assertThatThrownBy(() -> small.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "s"))
        .hasMessageContaining("s: the definition is over the size limit of 100 bytes (it has more)");
    assertThatThrownBy(() -> small.readString(yaml))
        .hasMessageContaining("over the size limit of 100 characters");
    assertThatThrownBy(() -> YamlPipelineReader.builder().maxDocumentSize(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  // ~20 s in a full build: too close to the 2-minute default on a loaded machine
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void theDefaultLimitsAdmitAGeneratedDefinitionOf100000Steps() {
    StringBuilder yaml = new StringBuilder("pipeline: generated\nsteps:\n");
    for (int i = 0; i < 100_000; i++) {
      yaml.append("  - name: step_").append(i).append('\n')
          .append("    type: transform\n")
          .append("    inputs: [datasets/generated/output_of_step_number_").append(Math.max(0, i - 1))
          .append(".parquet]\n")
          .append("    output: datasets/generated/output_of_step_number_").append(i).append(".parquet\n")
          .append("    estimated_duration: 1m30s\n")
          .append("    params: {partition: 2024-01-15, retries_allowed: true}\n");
    }
    assertThat(yaml.length()).isGreaterThan(20_000_000);

    PipelineDefinition definition = READER.readString(yaml.toString().replace(
        "inputs: [datasets/generated/output_of_step_number_0.parquet]\n    output: datasets/generated/output_of_step_number_0",
        "inputs: [external/source]\n    output: datasets/generated/output_of_step_number_0"));

    assertThat(definition.pipeline().steps()).hasSize(100_000);
    assertThat(definition.plan().waves()).hasSize(100_000);
  }

  @Test
  void aWrittenPlansComputedFieldsAreAcceptedAndIgnored() {
    PipelineDefinition definition =
        READER.readString(
            """
            pipeline: p
            generated: 2024-01-15T10:00:00Z
            steps:
              - name: a
                estimated_duration: 1s
            execution_waves:
              - wave: 1
                parallel: false
                steps: [a]
                estimated_duration: 99s
            total_estimated_duration: 99s
            critical_path: [z]
            """);

    assertThat(definition.plan().totalEstimatedDuration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(definition.plan().criticalPath()).containsExactly("a");
  }

  @Test
  void alertsReadSingleEventsListsOfEventsAndChannels() {
    PipelineDefinition definition =
        READER.readString(
            """
            pipeline: p
            steps:
              - name: a
            failure_policies:
              alerts:
                - on: [step_retry, pipeline_success]
                  channels: email
            """);

    assertThat(definition.alerts())
        .containsExactly(new AlertDefinition(List.of("step_retry", "pipeline_success"), List.of("email"), 6));
  }

  @Test
  void theProblemsAreAlsoAvailableInTheCoresTerms() {
    PipelineDefinitionException e =
        catchThrowableOfType(
            PipelineDefinitionException.class,
            () -> READER.readString("pipeline: p\nsteps:\n  - name: a\n    timeout: soon\n", "p.yaml"));

    assertThat(e.pipeline()).isEqualTo("p");
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.stepIndex()).isZero();
      assertThat(p.field()).isEqualTo("steps[0].timeout");
      assertThat(p.message()).startsWith("line 4: 'soon' is not a duration");
    });
  }

  @Test
  void problemsAreReportedInFileOrderWhateverFoundThem() {
    YamlDefinitionException e =
        catchThrowableOfType(
            YamlDefinitionException.class,
            () -> READER.readString(
                """
                pipeline: p
                failure_policies:
                  on_failure:
                    nope: {fallback: skip_downstream}
                steps:
                  - name: a
                    depends_on: [b]
                  - name: a
                """, "p.yaml"));

    assertThat(e.yamlProblems()).extracting(YamlProblem::line).containsExactly(4, 7, 8);
    assertThat(e.yamlProblems()).extracting(YamlProblem::path)
        .containsExactly("failure_policies.on_failure.nope", "steps[0].depends_on[0]", "steps[1].name");
  }

  @Test
  void paramsMayHoldAnyYaml() {
    PipelineDefinition definition =
        READER.readString(
            "pipeline: p\nsteps:\n  - name: a\n    params:\n      nested: {list: [1, 2.5, x, null, true]}\n");

    assertThat(definition.steps().get(0).params())
        .isEqualTo(Map.of("nested", Map.of("list", java.util.Arrays.asList(1, 2.5, "x", null, true))));
  }

  @Test
  void theMessageListsTheFirstHundredProblemsAndCountsTheRest() {
    StringBuilder yaml = new StringBuilder("pipeline: p\nsteps:\n");
    for (int i = 0; i < 150; i++) {
      yaml.append("  - name: s").append(i).append("\n    timeout: soon\n");
    }

    YamlDefinitionException e =
        catchThrowableOfType(YamlDefinitionException.class, () -> READER.readString(yaml.toString()));

    assertThat(e.yamlProblems()).hasSize(150);
    assertThat(e.getMessage().lines()).hasSize(1 + YamlDefinitionException.MAX_REPORTED + 1);
    assertThat(e.getMessage()).startsWith("<string>: pipeline 'p' is invalid (150 problems):")
        .endsWith("\n  ... and 50 more (see YamlDefinitionException.yamlProblems())");
  }
}
