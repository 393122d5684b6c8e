package io.etlorchestrator.test;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.internal.Checks;
import java.util.Map;

/**
 * The entry point of the assertions on runs, in AssertJ's style; import it statically beside
 * AssertJ's own {@code assertThat} (Java picks the right one by the argument's type):
 *
 * <pre>{@code
 * import static io.etlorchestrator.test.EtlAssertions.assertThat;
 * import static org.assertj.core.api.Assertions.assertThat;
 *
 * TestRun result = PipelineTester.of(pipeline).failing("extract_orders", 2).run();
 * assertThat(result).succeeded().step("extract_orders").hasAttempts(3);
 * assertThat(result.retryDelays("extract_orders")).hasSize(2);     // AssertJ's
 * }</pre>
 */
public final class EtlAssertions {
  private EtlAssertions() {}

  /**
   * Assertions on a run from {@link PipelineTester}; {@link StepAssert#failedWith(Class)} checks
   * the exceptions the steps threw.
   */
  public static RunAssert assertThat(TestRun run) {
    Checks.notNull(run, "run");
    return new RunAssert(run.run(), run.failures());
  }

  /**
   * Assertions on any run: one an {@code Executor} returned, or one loaded from a checkpoint store.
   */
  public static RunAssert assertThat(PipelineRun run) {
    return new RunAssert(run, Map.of());
  }
}
