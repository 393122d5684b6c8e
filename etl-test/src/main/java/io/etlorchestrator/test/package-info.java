/**
 * The test kit of ETL Orchestrator, for the tests of host applications (add {@code
 * io.etlorchestrator:etl-test} with test scope): run a pipeline or a YAML definition on virtual
 * time with {@link io.etlorchestrator.test.PipelineTester}, inject failures into named steps, and
 * check the run with {@link io.etlorchestrator.test.EtlAssertions}.
 *
 * <pre>{@code
 * TestRun result = PipelineTester.of(pipeline)
 *     .failing("extract_orders", 2)               // the seed's 30 s and 60 s backoffs: no real time
 *     .failingEveryAttempt("load_warehouse")      // alert_and_continue
 *     .run();
 * assertThat(result).completedWithFailures()
 *     .step("extract_orders").succeeded().hasAttempts(3)
 *     .step("load_warehouse").failedWith(InjectedFailure.class);
 * }</pre>
 *
 * <p>{@link io.etlorchestrator.test.ManualScheduler} is the virtual-time {@code Scheduler} on its
 * own, for tests that build their {@code Executor} themselves, with {@link
 * io.etlorchestrator.test.RecordingListener} to hear its events. Types under {@code internal} are
 * not part of the API.
 */
package io.etlorchestrator.test;
