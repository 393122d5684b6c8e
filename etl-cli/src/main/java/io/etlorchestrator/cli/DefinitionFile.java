package io.etlorchestrator.cli;

import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.CheckKindRegistry;
import io.etlorchestrator.yaml.StepTypeRegistry;
import io.etlorchestrator.yaml.YamlPipelineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of one pipeline definition and the name its problems carry (the path as the user
 * wrote it). Read once, so that checking, reading with step types and archiving for {@code
 * resume} all see the same text.
 */
final class DefinitionFile {
  private final String source;
  private final byte[] bytes;

  private DefinitionFile(String source, byte[] bytes) {
    this.source = source;
    this.bytes = bytes;
  }

  /**
   * Reads {@code file}, named {@code shown} in messages.
   *
   * @throws CliException if it is missing, a directory, or unreadable
   */
  static DefinitionFile read(Path file, String shown) {
    if (Files.isDirectory(file)) {
      throw new CliException(String.format("%s: is a directory, not a pipeline definition file", shown));
    }
    try {
      return new DefinitionFile(shown, Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new CliException(String.format("%s: no such file", shown), e);
    } catch (AccessDeniedException e) {
      throw new CliException(String.format("%s: permission denied", shown), e);
    } catch (IOException e) {
      throw new CliException(String.format("%s: cannot read: %s", shown, e.getMessage()), e);
    }
  }

  /** A definition held in memory. */
  static DefinitionFile of(String source, byte[] bytes) {
    return new DefinitionFile(source, bytes.clone());
  }

  /** The name problems carry. */
  String source() {
    return source;
  }

  /** The definition's bytes. */
  byte[] bytes() {
    return bytes.clone();
  }

  /**
   * The definition without step actions, for validating and planning.
   *
   * @throws io.etlorchestrator.yaml.YamlDefinitionException listing every problem
   */
  PipelineDefinition forPlanning() {
    return YamlPipelineReader.forPlanning().read(new ByteArrayInputStream(bytes), source);
  }

  /**
   * The definition without step actions, its checks made by {@code kinds} (the command line's:
   * those on the class path and in {@code --plugins}).
   *
   * @throws io.etlorchestrator.yaml.YamlDefinitionException listing every problem
   */
  PipelineDefinition forPlanning(CheckKindRegistry kinds) {
    return YamlPipelineReader.builder().checkKinds(kinds).build().read(new ByteArrayInputStream(bytes), source);
  }

  /**
   * The definition with each step's action made by its type in {@code types}.
   *
   * @throws io.etlorchestrator.yaml.YamlDefinitionException listing every problem, such as a
   *     step type's factory rejecting a step's params
   */
  PipelineDefinition withStepTypes(StepTypeRegistry types) {
    return YamlPipelineReader.withStepTypes(types).read(new ByteArrayInputStream(bytes), source);
  }

  /** The definition with each step's action made by its type in {@code types}, its checks by {@code kinds}. */
  PipelineDefinition withStepTypes(StepTypeRegistry types, CheckKindRegistry kinds) {
    return YamlPipelineReader.builder().stepTypes(types).checkKinds(kinds).build()
        .read(new ByteArrayInputStream(bytes), source);
  }

  /**
   * Checks that every step's type is registered in {@code types}.
   *
   * @throws CliException listing the unregistered types with their steps and the registered ones,
   *     and suggesting {@code --simulate}
   */
  static void checkStepTypes(PipelineDefinition definition, StepTypeRegistry types) {
    Map<String, List<String>> missing = new LinkedHashMap<>();
    for (PipelineStep step : definition.pipeline().steps()) {
      if (types.factory(step.type()).isEmpty()) {
        missing.computeIfAbsent(step.type(), t -> new ArrayList<>()).add(step.name());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    missing.forEach(
        (type, steps) ->
            parts.add(
                String.format(
                    "'%s'%s (step%s %s)",
                    type,
                    Names.suggestion(type, types.types()),
                    steps.size() == 1 ? "" : "s",
                    String.join(", ", steps))));
    throw new CliException(
        String.format(
            "%s: pipeline '%s' uses step type%s that %s not registered: %s%n"
                + "registered step types: %s%n"
                + "Put a jar providing them on the class path (java -cp etl.jar:my-steps.jar"
                + " io.etlorchestrator.cli.Main ...) or in --plugins DIR, or rehearse the run"
                + " without them with --simulate.",
            definition.source(),
            definition.pipeline().name(),
            missing.size() == 1 ? "" : "s",
            missing.size() == 1 ? "is" : "are",
            String.join(", ", parts),
            String.join(", ", types.types())));
  }
}
