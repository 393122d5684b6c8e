package io.etlorchestrator.examples.embedding;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.report.RunReport;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.StepTypeRegistry;
import io.etlorchestrator.yaml.YamlPipelineReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The smallest way to embed the library: a host application with its own data (here, stock
 * levels held in memory) registers its own step types with the YAML registry, reads a pipeline
 * definition, and runs it with the in-memory checkpoint store, all in its own JVM.
 *
 * <pre>{@code
 * InventoryHost host = new InventoryHost();
 * PipelineRun run = host.run();
 * System.out.println(RunReport.of(run).markdown());
 * host.dataset("reports/low_stock").orElseThrow();   // what the pipeline produced
 * }</pre>
 *
 * <p>Run it with {@code java -cp etl-examples/target/etl-examples.jar
 * io.etlorchestrator.examples.embedding.InventoryHost}.
 */
public final class InventoryHost {
  /** The pipeline, as the host would keep it in a file or a configuration service. */
  public static final String DEFINITION = String.join("\n",
      "pipeline: inventory_check",
      "steps:",
      "  - name: load_stock",
      "    type: generate",
      "    target: stock/levels",
      "    estimated_duration: 5s",
      "    params: {items: 500}",
      "  - name: find_low_stock",
      "    type: filter_below",
      "    source: stock/levels",
      "    target: reports/low_stock",
      "    estimated_duration: 2s",
      "    params: {threshold: 20}",
      "  - name: notify_buyers",
      "    type: publish",
      "    source: reports/low_stock",
      "    target: outbox/buyers",
      "    estimated_duration: 1s",
      "failure_policies:",
      "  retry: {max_attempts: 2, backoff: fixed, initial_delay: 100ms, max_delay: 100ms}",
      "");

  /** The host's own data: datasets by name, each a list of stock levels. */
  private final Map<String, List<Integer>> datasets = new ConcurrentHashMap<>();

  /**
   * The host's step types: {@code generate} (params.items stock levels, deterministic), {@code
   * filter_below} (levels under params.threshold) and {@code publish} (copies its input to its
   * output, standing for sending it somewhere). Parameters are checked while the definition is
   * read, so a mistake is reported at its line before anything runs.
   */
  public StepTypeRegistry stepTypes() {
    return StepTypeRegistry.builder()
        .register("generate", step -> {
          step.rejectUnknownParams("items");
          int items = step.intParam("items", 0, Integer.MAX_VALUE);
          return ctx -> write(ctx.outputs().iterator().next(),
              IntStream.range(0, items).map(i -> (i * 37) % 100).boxed().collect(Collectors.toList()), ctx);
        })
        .register("filter_below", step -> {
          step.rejectUnknownParams("threshold");
          int threshold = step.intParam("threshold", 0, Integer.MAX_VALUE);
          return ctx -> write(ctx.outputs().iterator().next(),
              read(ctx.inputs().iterator().next()).stream().filter(level -> level < threshold)
                  .collect(Collectors.toList()), ctx);
        })
        .register("publish", step -> {
          step.rejectUnknownParams();
          return ctx -> write(ctx.outputs().iterator().next(), read(ctx.inputs().iterator().next()), ctx);
        })
        .build();
  }

  /** Reads {@link #DEFINITION} with the host's step types and runs it; returns the finished run. */
  public PipelineRun run() {
    PipelineDefinition definition =
        YamlPipelineReader.withStepTypes(stepTypes()).readString(DEFINITION, "inventory_check.yaml");
    try (Executor executor = Executor.builder().parallelism(2).checkpointStore(CheckpointStore.inMemory()).build()) {
      return executor.run(definition.plan());
    }
  }

  /** The dataset {@code name} as the last run left it. */
  public Optional<List<Integer>> dataset(String name) {
    return Optional.ofNullable(datasets.get(name));
  }

  private void write(String name, List<Integer> rows, io.etlorchestrator.core.StepContext ctx) {
    datasets.put(name, List.copyOf(rows));
    ctx.reportRows(rows.size());
  }

  private List<Integer> read(String name) {
    List<Integer> rows = datasets.get(name);
    if (rows == null) {
      throw new IllegalStateException(String.format("dataset '%s' has not been written", name));
    }
    return rows;
  }

  /**
   * Runs the pipeline and prints its report; exits with the project's {@link ExitCode} of the run
   * (0 if it succeeded, 1 if not).
   */
  public static void main(String[] args) {
    PipelineRun run = new InventoryHost().run();
    System.out.print(RunReport.of(run).markdown());
    System.exit(ExitCode.of(run.status()).code());
  }
}
