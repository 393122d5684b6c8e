package io.etlorchestrator.yaml;

import io.etlorchestrator.core.quality.DatasetCheck;

/**
 * The code behind a check kind of definition files ({@code row_count}, {@code drift}, or a host's
 * own): makes a check's logic from its entry. Contributed by a {@link CheckKindProvider} ({@code
 * etl-quality} provides the built-in kinds) or registered with {@link CheckKindRegistry.Builder#register}.
 *
 * <pre>{@code
 * CheckKind minRows = check -> {
 *   Map<String, Object> fields = check.fields("rows");
 *   if (!(fields.get("rows") instanceof Integer)) {
 *     throw new CheckDefinitionException("rows", "rows must be a whole number, was "
 *         + CheckDefinition.describe(fields.get("rows")));
 *   }
 *   int rows = (Integer) fields.get("rows");
 *   return ctx -> ctx.profile().rows().orElse(0) >= rows
 *       ? CheckVerdict.pass(ctx.profile().rows().orElse(0) + " rows", "at least " + rows)
 *       : CheckVerdict.fail(ctx.profile().rows().orElse(0) + " rows", "at least " + rows, "too few rows");
 * };
 * }</pre>
 *
 * <p>Called while a definition is read, for planning as for running: check the argument and build
 * the logic without side effects (read data when the logic runs). Throwing {@link
 * CheckDefinitionException} (or any runtime exception) rejects the entry: the reader reports it with
 * the file's other problems, at the field it names.
 */
@FunctionalInterface
public interface CheckKind {
  /**
   * The logic of the check {@code check} defines.
   *
   * @throws RuntimeException to reject the entry, with a message for the user
   */
  DatasetCheck create(CheckDefinition check);

  /**
   * How reports and events name the check (unique among a step's checks, ideally): its kind by
   * default; {@code not_null(sale_date, revenue)}, say, for the built-in ones.
   */
  default String name(CheckDefinition check) {
    return check.kind();
  }
}
