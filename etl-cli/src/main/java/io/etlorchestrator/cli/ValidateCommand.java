package io.etlorchestrator.cli;

import io.etlorchestrator.core.ExitCode;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.StepTypeRegistry;
import io.etlorchestrator.yaml.YamlDefinitionException;
import io.etlorchestrator.yaml.YamlProblem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code etl validate FILE...}: checks pipeline definitions and prints every problem of every file
 * as {@code file:line:column: field: message} (the form editors jump to), or {@code file: OK}.
 * Exit 0 when every file is valid, 2 when any is not.
 */
@Command(
    name = "validate",
    sortOptions = false,
    description = "Check pipeline definitions; print every problem as file:line:column.",
    footer = {"", "Exit codes: 0 every file is valid, 2 at least one is not."})
public final class ValidateCommand implements Callable<Integer> {
  @ParentCommand EtlCommand root;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Pipeline definition files (YAML).")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--check-types",
      description = "Also check that every step type is registered and accepts its step's params.")
  boolean checkTypes;

  @Override
  public Integer call() {
    PrintStream out = root.out();
    StepTypeRegistry types = checkTypes ? root.stepTypes() : null;
    io.etlorchestrator.yaml.CheckKindRegistry kinds = root.checkKinds();
    int invalid = 0;
    for (Path file : files) {
      String shown = file.toString();
      try {
        DefinitionFile definition = DefinitionFile.read(root.resolve(file), shown, root.maxDefinitionSize());
        PipelineDefinition read = types == null ? definition.forPlanning(kinds) : definition.withStepTypes(types, kinds);
        out.printf(
            "%s: OK (pipeline '%s', %d step%s)%n",
            shown,
            io.etlorchestrator.core.internal.Excerpt.of(read.pipeline().name()),
            read.pipeline().steps().size(),
            read.pipeline().steps().size() == 1 ? "" : "s");
      } catch (YamlDefinitionException e) {
        invalid++;
        for (YamlProblem problem : e.yamlProblems()) {
          out.println(problem.describe());
        }
      } catch (CliException e) {
        invalid++;
        out.println(e.getMessage());
      }
    }
    out.flush();
    if (files.size() > 1) {
      root.err().printf("%d of %d files valid%n", files.size() - invalid, files.size());
    }
    return (invalid == 0 ? ExitCode.SUCCESS : ExitCode.INVALID_INPUT).code();
  }
}
