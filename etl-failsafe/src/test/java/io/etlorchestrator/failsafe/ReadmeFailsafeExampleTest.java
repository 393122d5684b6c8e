package io.etlorchestrator.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsafe.CircuitBreaker;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.ReadmeText;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.StepTypeRegistry;
import io.etlorchestrator.yaml.YamlPipelineReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Resilience with Failsafe" example runs as written there: its YAML block is read
 * from README.md, and the README shows exactly the Java this test runs.
 */
class ReadmeFailsafeExampleTest {
  private static final String SECTION = "### Resilience with Failsafe";
  private static final Path SOURCE = Path.of("src/test/java/io/etlorchestrator/failsafe/ReadmeFailsafeExampleTest.java");

  @TempDir Path dir;

  @Test
  void theReadmeExampleRunsItsStepThroughThePolicyOfItsYaml() throws Exception {
    String failurePolicies = ReadmeText.read().blocks(SECTION, "yaml").get(0);
    Path path = dir.resolve("p.yaml");
    Files.writeString(
        path,
        """
        pipeline: p
        steps:
          - name: extract_orders
            type: extract
            source: postgres.orders
            target: staging/orders.parquet
        """
            + failurePolicies);
    AtomicInteger extracts = new AtomicInteger();
    StepTypeRegistry types =
        StepTypeRegistry.builder()
            .register("extract", step -> ctx -> ctx.reportRows(extracts.incrementAndGet()))
            .build();

    // --- README failsafe start ---
    PipelineDefinition definition = YamlPipelineReader.withStepTypes(types).read(path);
    FailsafeAttemptPolicy policy = FailsafeAttemptPolicy.from(definition);   // or, in Java:
    FailsafeAttemptPolicy same = FailsafeAttemptPolicy.builder()
        .circuitBreaker("postgres", 5, Duration.ofSeconds(60), 1)
        .rateLimiter("postgres", 10, Duration.ofSeconds(1))
        .bulkhead("snowflake", 2)
        .attemptTimeout(Duration.ofMinutes(10))
        .build();
    try (Executor executor = Executor.builder().attemptPolicy(policy).build()) {
      executor.run(definition.plan());
    }
    // --- README failsafe end ---

    assertThat(extracts).as("the extract ran once").hasValue(1);
    CircuitBreaker<Object> breaker = policy.circuitBreaker("postgres").orElseThrow();
    assertThat(breaker.getSuccessCount()).as("its attempt went through the postgres breaker and succeeded").isEqualTo(1);
    assertThat(breaker.isClosed()).isTrue();
    CircuitBreaker<Object> inJava = same.circuitBreaker("postgres").orElseThrow();
    assertThat(inJava.getConfig().getFailureThreshold()).isEqualTo(breaker.getConfig().getFailureThreshold()).isEqualTo(5);
    assertThat(inJava.getConfig().getDelay()).isEqualTo(breaker.getConfig().getDelay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(inJava.getConfig().getSuccessThreshold()).isEqualTo(breaker.getConfig().getSuccessThreshold()).isEqualTo(1);
    assertThat(same).as("the same breakers, rate limiters and bulkheads").hasToString(policy.toString());
    assertThat(policy.forStep(definition.pipeline().step("extract_orders").orElseThrow(), definition.pipeline().defaultRetryPolicy())
            .timeout(1))
        .contains(Duration.ofMinutes(10));
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    assertThat(ReadmeText.read().blocks(SECTION, "java"))
        .as("the java blocks of README.md's 'Resilience with Failsafe'")
        .containsExactly(ReadmeText.snippet(SOURCE, "failsafe"));
  }
}
