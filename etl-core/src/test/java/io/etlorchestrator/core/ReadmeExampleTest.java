package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

// --- README imports start ---
import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PlanRenderer;
import io.etlorchestrator.core.Planner;
import java.time.Duration;
// --- README imports end ---
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Compiles and runs the "Five lines" example of README.md, and checks the README shows exactly this
 * code, its imports included (the imports name the classes of this package explicitly, as a host's
 * code must).
 */
class ReadmeExampleTest {
  private static final Path SOURCE = Path.of("src/test/java/io/etlorchestrator/core/ReadmeExampleTest.java");

  @Test
  void readmeExampleCompilesAndPlans() {
    // --- README example start ---
    Pipeline pipeline = Pipeline.builder("daily_sales_etl")
        .step("extract_orders", s -> s.inputs("postgres.orders").outputs("staging/orders.parquet").estimatedDuration(Duration.ofSeconds(120)))
        .step("transform_orders", s -> s.inputs("staging/orders.parquet").outputs("marts/daily_sales.parquet").estimatedDuration(Duration.ofSeconds(180)))
        .build();
    ExecutionPlan plan = Planner.plan(pipeline);
    System.out.println(PlanRenderer.text(plan));
    // --- README example end ---

    assertThat(plan.criticalPath()).containsExactly("extract_orders", "transform_orders");
    assertThat(plan.externalSources()).containsExactly("postgres.orders");
  }

  @Test
  void theReadmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    assertThat(ReadmeText.read().blocks("## Five lines", "java"))
        .as("the java blocks of README.md's 'Five lines'")
        .containsExactly(ReadmeText.snippet(SOURCE, "imports") + "\n" + ReadmeText.snippet(SOURCE, "example"));
  }
}
