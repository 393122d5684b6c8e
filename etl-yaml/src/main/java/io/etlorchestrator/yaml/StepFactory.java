package io.etlorchestrator.yaml;

import io.etlorchestrator.core.StepAction;

/**
 * Makes the action of a step from its definition: the code behind a step {@code type}.
 *
 * <pre>{@code
 * StepFactory extract = step -> {
 *   String table = step.stringParam("table");   // a missing or wrong param is reported at its line
 *   int batchSize = step.optionalIntParam("batch_size", 1, 100_000).orElse(1_000);
 *   return ctx -> ctx.reportRows(copyTable(table, batchSize, step.outputs().get(0)));
 * };
 * }</pre>
 *
 * <p>Called once per step while a definition is read, possibly even when another part of the file
 * turns out to be invalid, so a factory should check its parameters (with {@link StepDefinition}'s
 * typed parameter methods) and build the action without side effects (connect when the action
 * runs, not here). Throwing {@link IllegalArgumentException} (or any runtime exception) rejects
 * the step: the reader reports the message together with every other problem of the file, at the
 * parameter's value for a {@link StepParameterException} (thrown, or the cause of what is thrown),
 * else at the step's {@code params}.
 */
@FunctionalInterface
public interface StepFactory {
  /**
   * The action of the step defined by {@code step}.
   *
   * @throws RuntimeException to reject the step's definition, with a message for the user
   */
  StepAction create(StepDefinition step);

  /**
   * A version of the code behind {@code step}'s action (a release number, a build hash), if the
   * factory has one; none by default. It becomes part of the step's version, and so of its
   * fingerprint: a resume sees the steps of a type whose code changed as changed, as it does for a
   * step whose {@code params} or {@code version:} changed in the file, and does not reuse what
   * they produced before.
   */
  default java.util.Optional<String> version(StepDefinition step) {
    return java.util.Optional.empty();
  }
}
