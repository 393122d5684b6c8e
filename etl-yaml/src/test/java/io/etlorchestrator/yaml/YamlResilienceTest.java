package io.etlorchestrator.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class YamlResilienceTest {
  @Test
  void readsCircuitBreakersRateLimitersBulkheadsAndTheAttemptTimeout() {
    PipelineDefinition definition =
        YamlPipelineReader.forPlanning()
            .readString(
                """
                pipeline: p
                steps:
                  - name: extract
                    type: extract
                    source: postgres.orders
                    resources: [postgres]
                failure_policies:
                  circuit_breakers:
                    postgres: {failure_threshold: 5, delay: 60s, success_threshold: 2}
                    postgres.: {failure_threshold: 3}
                  rate_limiters:
                    postgres: {permits: 10, per: 1s}
                  bulkheads:
                    snowflake: {max_concurrent: 2}
                  attempt_timeout: 10m
                """);

    ResilienceDefinition resilience = definition.resilience();
    assertThat(resilience.circuitBreakers())
        .containsExactly(
            java.util.Map.entry("postgres", new ResilienceDefinition.CircuitBreaker(5, Duration.ofSeconds(60), 2)),
            java.util.Map.entry("postgres.", new ResilienceDefinition.CircuitBreaker(3, Duration.ofMinutes(1), 1)));
    assertThat(resilience.rateLimiters())
        .containsExactly(java.util.Map.entry("postgres", new ResilienceDefinition.RateLimiter(10, Duration.ofSeconds(1))));
    assertThat(resilience.bulkheads())
        .containsExactly(java.util.Map.entry("snowflake", new ResilienceDefinition.Bulkhead(2)));
    assertThat(resilience.attemptTimeout()).isEqualTo(Optional.of(Duration.ofMinutes(10)));
  }

  @Test
  void aDefinitionWithoutThemHasNone() {
    PipelineDefinition definition =
        YamlPipelineReader.forPlanning().readString("pipeline: p\nsteps:\n  - name: a\n    type: t\n");
    assertThat(definition.resilience().isEmpty()).isTrue();
  }

  @Test
  void theWrittenPlanKeepsThemAndReadsBackEqual() {
    PipelineDefinition definition =
        YamlPipelineReader.forPlanning()
            .readString(
                """
                pipeline: p
                steps:
                  - name: extract
                    type: extract
                    source: postgres.orders
                failure_policies:
                  circuit_breakers:
                    postgres: {failure_threshold: 5, delay: 90s}
                  rate_limiters:
                    "api.v2": {permits: 10, per: 1s}
                  bulkheads:
                    snowflake: {max_concurrent: 2}
                  attempt_timeout: 1h30m
                """);
    String written = YamlPlanWriter.create().write(definition);
    assertThat(written)
        .contains("  circuit_breakers:\n    postgres: {failure_threshold: 5, delay: 90s, success_threshold: 1}\n")
        .contains("  attempt_timeout: 5400s\n");
    PipelineDefinition reread = YamlPipelineReader.forPlanning().readString(written);
    assertThat(reread.resilience()).isEqualTo(definition.resilience());
    assertThat(reread.pipeline()).isEqualTo(definition.pipeline());
  }
}
