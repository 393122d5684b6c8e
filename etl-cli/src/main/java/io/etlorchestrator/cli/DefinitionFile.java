package io.etlorchestrator.cli;

import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.internal.Excerpt;
import io.etlorchestrator.core.internal.FileKind;
import io.etlorchestrator.yaml.PipelineDefinition;
import io.etlorchestrator.yaml.CheckKindRegistry;
import io.etlorchestrator.yaml.StepTypeRegistry;
import io.etlorchestrator.yaml.YamlPipelineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of one pipeline definition and the name its problems carry (the path as the user
 * wrote it). Read once, so that checking, reading with step types and archiving for {@code
 * resume} all see the same text.
 *
 * <p>A file is read only if it is a regular file (a FIFO is never opened, so one without a writer
 * cannot hang the command; a device such as {@code /dev/zero} is never read) of at most the size
 * limit, {@code --max-definition-size} (default {@value #DEFAULT_MAX_SIZE} bytes, 64 MiB).
 */
final class DefinitionFile {
  /** The default largest definition read: the YAML reader's default, 64 MiB. */
  static final long DEFAULT_MAX_SIZE = YamlPipelineReader.DEFAULT_MAX_DOCUMENT_SIZE;

  /** The largest limit {@code --max-definition-size} accepts: what the YAML reader can hold. */
  static final long LARGEST_MAX_SIZE = Integer.MAX_VALUE - 16;

  private final String source;
  private final byte[] bytes;
  private final long maxSize;

  private DefinitionFile(String source, byte[] bytes, long maxSize) {
    this.source = source;
    this.bytes = bytes;
    this.maxSize = maxSize;
  }

  /**
   * Reads {@code file}, named {@code shown} in messages, if it is a regular file of at most
   * {@code maxSize} bytes; its type and size are checked before it is opened.
   *
   * @throws CliException if it is missing, a directory or another kind of file than a regular one,
   *     over {@code maxSize}, or unreadable
   */
  static DefinitionFile read(Path file, String shown, long maxSize) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (attributes.isDirectory()) {
        throw new CliException(String.format("%s: is a directory, not a pipeline definition file", shown));
      }
      if (!attributes.isRegularFile()) {
        throw new CliException(
            String.format(
                "%s: is %s, not a regular file; give the path of a pipeline definition file",
                shown, FileKind.of(file, attributes)));
      }
      checkSize(shown, attributes.size(), maxSize);
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        // One byte over the limit at most: a file that grew since its size was read is refused too.
        bytes = in.readNBytes((int) Math.min(LARGEST_MAX_SIZE + 1, maxSize + 1));
      }
      checkSize(shown, bytes.length, maxSize);
      return new DefinitionFile(shown, bytes, maxSize);
    } catch (NoSuchFileException e) {
      throw new CliException(String.format("%s: no such file", shown), e);
    } catch (AccessDeniedException e) {
      throw new CliException(String.format("%s: permission denied", shown), e);
    } catch (IOException e) {
      throw new CliException(String.format("%s: cannot read: %s", shown, e.getMessage()), e);
    }
  }

  private static void checkSize(String shown, long size, long maxSize) {
    if (size > maxSize) {
      throw new CliException(
          String.format(
              "%s: the file has %s, over the limit of %s for a pipeline definition;"
                  + " raise the limit with --max-definition-size SIZE, such as --max-definition-size"
                  + " 256MiB (at most %s)",
              shown,
              size > maxSize + 1
                  ? String.format("%,d bytes", size)
                  : String.format("more than %,d bytes", maxSize),
              Sizes.text(maxSize).endsWith("bytes")
                  ? Sizes.text(maxSize)
                  : String.format("%,d bytes (%s)", maxSize, Sizes.text(maxSize)),
              Sizes.text(LARGEST_MAX_SIZE)));
    }
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
    return YamlPipelineReader.builder()
        .maxDocumentSize(maxSize)
        .build()
        .read(new ByteArrayInputStream(bytes), source);
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
    return YamlPipelineReader.builder()
        .stepTypes(types)
        .maxDocumentSize(maxSize)
        .build()
        .read(new ByteArrayInputStream(bytes), source);
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
                    Excerpt.of(type),
                    Names.suggestion(type, types.types()),
                    steps.size() == 1 ? "" : "s",
                    listed(steps))));
    throw new CliException(
        String.format(
            "%s: pipeline '%s' uses step type%s that %s not registered: %s%n"
                + "registered step types: %s%n"
                + "Put a jar providing them on the class path (java -cp etl.jar:my-steps.jar"
                + " io.etlorchestrator.cli.Main ...) or in --plugins DIR, or rehearse the run"
                + " without them with --simulate.",
            definition.source(),
            Excerpt.of(definition.pipeline().name()),
            missing.size() == 1 ? "" : "s",
            missing.size() == 1 ? "is" : "are",
            String.join(", ", parts),
            String.join(", ", types.types())));
  }

  /** The first ten of {@code names}, each as its excerpt, and how many more there are. */
  private static String listed(List<String> names) {
    List<String> shown = new ArrayList<>();
    for (String name : names.subList(0, Math.min(10, names.size()))) {
      shown.add(Excerpt.of(name));
    }
    String text = String.join(", ", shown);
    return names.size() > 10 ? String.format("%s and %,d more", text, names.size() - 10) : text;
  }
}
