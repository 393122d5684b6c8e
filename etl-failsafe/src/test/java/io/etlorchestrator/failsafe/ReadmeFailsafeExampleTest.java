package io.etlorchestrator.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.StepTypeRegistry;
import io.etlorchestrator.yaml.YamlPipelineReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Resilience with Failsafe" example, as written there, runs. */
class ReadmeFailsafeExampleTest {
  @TempDir Path dir;

  @Test
  void theReadmeExampleRuns() throws Exception {
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
        failure_policies:
          retry: {max_attempts: 3, backoff: exponential, initial_delay: 30s, max_delay: 300s}
          circuit_breakers:
            postgres: {failure_threshold: 5, delay: 60s, success_threshold: 1}
          rate_limiters:
            postgres: {permits: 10, per: 1s}
          bulkheads:
            snowflake: {max_concurrent: 2}
          attempt_timeout: 10m
        """);
    StepTypeRegistry types =
        StepTypeRegistry.builder().register("extract", step -> ctx -> ctx.reportRows(7)).build();
    PipelineRun run;

    PipelineDefinition definition = YamlPipelineReader.withStepTypes(types).read(path);
    FailsafeAttemptPolicy policy = FailsafeAttemptPolicy.from(definition);   // or, in Java:
    FailsafeAttemptPolicy same = FailsafeAttemptPolicy.builder()
        .circuitBreaker("postgres", 5, Duration.ofSeconds(60), 1)
        .rateLimiter("postgres", 10, Duration.ofSeconds(1))
        .bulkhead("snowflake", 2)
        .attemptTimeout(Duration.ofMinutes(10))
        .build();
    try (Executor executor = Executor.builder().attemptPolicy(policy).build()) {
      run = executor.run(definition.plan());
    }

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(run.totalRows()).isEqualTo(7);
    assertThat(same.circuitBreaker("postgres")).isPresent();
  }
}
