package io.etlorchestrator.test;

import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.SeedPipeline;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seed's daily_sales_etl with the seed's policies (3 attempts, exponential backoff from 30 s to
 * 300 s; skip_downstream for extract_orders, fail_pipeline for transform_orders, alert_and_continue
 * for load_warehouse) and actions that report the seed's row counts and count their calls.
 */
final class SeedRig {
  static final Map<String, Long> ROWS =
      Map.of(
          "extract_orders", 52_340L,
          "extract_customers", 12_450L,
          "extract_products", 3_200L,
          "transform_orders", 52_340L,
          "aggregate_sales", 365L,
          "load_warehouse", 365L);
  static final long TOTAL_ROWS = 121_060L;

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** How many times the action of {@code step} ran (injected failures do not reach it). */
  int calls(String step) {
    return calls.computeIfAbsent(step, s -> new AtomicInteger()).get();
  }

  Pipeline pipeline() {
    Pipeline seed = SeedPipeline.pipeline();
    Pipeline.Builder builder =
        Pipeline.builder(seed.name()).defaultRetryPolicy(RetryPolicy.ofDefaults()).defaultFallback(Fallback.FAIL_PIPELINE);
    for (PipelineStep step : seed.steps()) {
      PipelineStep.Builder b =
          step.toBuilder()
              .action(
                  ctx -> {
                    calls.computeIfAbsent(step.name(), s -> new AtomicInteger()).incrementAndGet();
                    ctx.reportRows(ROWS.get(step.name()));
                  });
      switch (step.name()) {
        case "extract_orders" -> b.fallback(Fallback.SKIP_DOWNSTREAM);
        case "transform_orders" -> b.fallback(Fallback.FAIL_PIPELINE);
        case "load_warehouse" -> b.fallback(Fallback.ALERT_AND_CONTINUE);
        default -> {}
      }
      builder.step(b.build());
    }
    return builder.build();
  }
}
