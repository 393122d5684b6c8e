package io.etlorchestrator.core;

/**
 * The user's code for one step: reads the step's inputs and writes its outputs.
 *
 * <p>A functional interface, so a lambda or a method reference works:
 *
 * <pre>{@code
 * StepAction extract = ctx -> {
 *   long rows = copyTable("orders", ctx.outputs().iterator().next());
 *   ctx.reportRows(rows);
 * };
 * }</pre>
 *
 * <p>An action may be called several times for one step (once per attempt) and from any thread of
 * the executor's pool. It should check {@link StepContext#isCancelled()} (or respond to thread
 * interruption) in long loops so that timeouts and cancellation take effect promptly. Throwing any
 * exception fails the attempt; throw {@link PermanentStepException} for failures that retrying
 * cannot fix.
 */
@FunctionalInterface
public interface StepAction {
  /**
   * Runs one attempt of the step.
   *
   * @param context the run, step and attempt this call belongs to, and where to report rows and
   *     metrics
   * @throws Exception to fail the attempt
   */
  void run(StepContext context) throws Exception;
}
