package io.etlorchestrator.yaml;

import io.etlorchestrator.core.StepAction;

/**
 * Makes the action of a step from its definition: the code behind a step {@code type}.
 *
 * <pre>{@code
 * StepFactory extract = step -> {
 *   String table = step.stringParam("table");   // a missing param is reported at the step's line
 *   return ctx -> ctx.reportRows(copyTable(table, step.outputs().get(0)));
 * };
 * }</pre>
 *
 * <p>Called once per step while a definition is read, possibly even when another part of the file
 * turns out to be invalid, so a factory should check its parameters and build the action without
 * side effects (connect when the action runs, not here). Throwing {@link
 * IllegalArgumentException} (or any runtime exception) rejects the step: the reader reports the
 * message at the step's line together with every other problem of the file.
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
