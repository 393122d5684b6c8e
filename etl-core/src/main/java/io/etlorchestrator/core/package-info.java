/**
 * The core of ETL Orchestrator: define a {@link io.etlorchestrator.core.Pipeline} of {@link
 * io.etlorchestrator.core.PipelineStep}s, plan it with {@link io.etlorchestrator.core.Planner},
 * and run the {@link io.etlorchestrator.core.ExecutionPlan} with an {@link
 * io.etlorchestrator.core.Executor}.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder("daily_sales_etl")
 *     .step("extract_orders", s -> s.inputs("postgres.orders").outputs("staging/orders.parquet")
 *         .action(ctx -> ctx.reportRows(copyOrders())))
 *     .step("transform_orders", s -> s.inputs("staging/orders.parquet").outputs("marts/daily_sales.parquet")
 *         .action(ctx -> ctx.reportRows(aggregate())))
 *     .build();
 * try (Executor executor = Executor.create()) {
 *   PipelineRun run = executor.run(Planner.plan(pipeline));
 * }
 * }</pre>
 *
 * <p>Events of a run are in {@link io.etlorchestrator.core.event}, extension points in {@link
 * io.etlorchestrator.core.spi}. Types under {@code internal} are not part of the API.
 */
package io.etlorchestrator.core;
