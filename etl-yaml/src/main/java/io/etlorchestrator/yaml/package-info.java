/**
 * Pipeline definitions in YAML, the step-type registry, and the plan written as YAML in the seed's
 * "Execution Plan Output" shape.
 *
 * <ul>
 *   <li>{@link io.etlorchestrator.yaml.YamlPipelineReader} reads a definition file into a {@link
 *       io.etlorchestrator.yaml.PipelineDefinition}: the same core {@link
 *       io.etlorchestrator.core.Pipeline} the builder makes, the steps as written ({@link
 *       io.etlorchestrator.yaml.StepDefinition}) and the alert rules ({@link
 *       io.etlorchestrator.yaml.AlertDefinition}). Every problem of a file is reported at once in
 *       a {@link io.etlorchestrator.yaml.YamlDefinitionException}, each located by file, line,
 *       column and field path ({@link io.etlorchestrator.yaml.YamlProblem}).
 *   <li>{@link io.etlorchestrator.yaml.StepTypeRegistry} maps a step's {@code type} to the {@link
 *       io.etlorchestrator.yaml.StepFactory} making its action from the step's {@link
 *       io.etlorchestrator.yaml.StepDefinition}, whose typed parameter methods report a bad
 *       parameter as a {@link io.etlorchestrator.yaml.StepParameterException}; jars contribute
 *       types through the {@link io.etlorchestrator.yaml.StepTypeProvider} service.
 *   <li>{@link io.etlorchestrator.yaml.YamlPlanWriter} writes an {@link
 *       io.etlorchestrator.core.ExecutionPlan} as YAML that reads back as the same pipeline.
 * </ul>
 *
 * <pre>{@code
 * StepTypeRegistry types = StepTypeRegistry.builder()
 *     .register("extract", step -> {
 *       String table = step.stringParam("table");   // checked while the file is read
 *       return ctx -> extract(table, ctx);
 *     })
 *     .discover()
 *     .build();
 * PipelineDefinition definition =
 *     YamlPipelineReader.withStepTypes(types).read(Path.of("daily_sales.yaml"));
 * try (Executor executor = Executor.create()) {
 *   executor.run(definition.plan());
 * }
 * }</pre>
 *
 * <p>Types under {@code internal} are not part of the API.
 */
package io.etlorchestrator.yaml;
