package io.etlorchestrator.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.yaml.internal.DefinitionParser;
import io.etlorchestrator.yaml.internal.Mark;
import io.etlorchestrator.yaml.internal.Node;
import io.etlorchestrator.yaml.internal.Problem;
import io.etlorchestrator.yaml.internal.TreeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads pipeline definitions written in YAML, in the shape of the seed's execution plan plus its
 * failure policies:
 *
 * <pre>{@code
 * pipeline: daily_sales_etl
 * steps:
 *   - name: extract_orders
 *     type: extract
 *     source: postgres.orders
 *     target: staging/orders.parquet
 *     estimated_duration: 120s
 *   - name: transform_orders
 *     type: transform
 *     inputs: [staging/orders.parquet, staging/customers.parquet]
 *     output: transformed/orders_enriched.parquet
 *     depends_on: [extract_orders]
 *     estimated_duration: 3m
 * failure_policies:
 *   retry: {max_attempts: 3, backoff: exponential, initial_delay: 30s, max_delay: 300s}
 *   on_failure:
 *     extract_orders: {action: retry, fallback: skip_downstream}
 *   alerts:
 *     - on: pipeline_failure
 *       channels: [pagerduty, email]
 * }</pre>
 *
 * <p>Usage:
 *
 * <pre>{@code
 * StepTypeRegistry types = StepTypeRegistry.builder().register("extract", MyExtract::new).discover().build();
 * PipelineDefinition definition = YamlPipelineReader.withStepTypes(types).read(Path.of("daily.yaml"));
 * executor.run(definition.plan());
 *
 * // validate or plan without any step implementation:
 * ExecutionPlan plan = YamlPipelineReader.forPlanning().read(Path.of("daily.yaml")).plan();
 * }</pre>
 *
 * <p>Every problem of a file is reported at once in a {@link YamlDefinitionException} whose
 * message lists them by file, line, column and field path. The reader also guards against hostile
 * input: a file over {@link Builder#maxDocumentSize(long) the size limit} (default {@value
 * #DEFAULT_MAX_DOCUMENT_SIZE} bytes, 64 MiB) is refused before parsing, duplicate keys are
 * errors, and YAML aliases may not expand the document by more than {@link
 * TreeReader#MAX_ALIAS_EXPANSION} nodes. Anchors, aliases and merge keys ({@code <<: *defaults})
 * otherwise work as YAML defines them.
 *
 * <p>Immutable and thread-safe: one reader can read many files concurrently.
 */
public final class YamlPipelineReader {
  /** The default largest accepted document, in bytes: 64 MiB, ample for 100,000 steps. */
  public static final long DEFAULT_MAX_DOCUMENT_SIZE = 64L * 1024 * 1024;

  private static final String STRING_SOURCE = "<string>";

  private final Optional<StepTypeRegistry> registry;
  private final CheckKindRegistry checkKinds;
  private final long maxDocumentSize;
  private final YAMLFactory factory;

  private YamlPipelineReader(Builder builder) {
    this.registry = Optional.ofNullable(builder.registry);
    this.checkKinds = builder.checkKinds != null ? builder.checkKinds : CheckKindRegistry.discovered();
    this.maxDocumentSize = builder.maxDocumentSize;
    LoaderOptions options = new LoaderOptions();
    // SnakeYAML refuses documents over 3 MB by default; our own limit is checked before parsing.
    options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxDocumentSize + 1));
    this.factory = YAMLFactory.builder().loaderOptions(options).build();
  }

  /**
   * A reader for validating and planning only: step types are not looked up and steps have no
   * action, so the pipeline can be planned but not executed.
   */
  public static YamlPipelineReader forPlanning() {
    return builder().build();
  }

  /** A reader that gives every step the action its type's factory in {@code registry} makes. */
  public static YamlPipelineReader withStepTypes(StepTypeRegistry registry) {
    return builder().stepTypes(registry).build();
  }

  /** A builder, for a size limit other than the default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the definition in {@code file}; problems name the file as given.
   *
   * @throws YamlDefinitionException listing every problem of the definition
   * @throws UncheckedIOException if the file cannot be read
   */
  public PipelineDefinition read(Path file) {
    Checks.notNull(file, "file");
    String source = file.toString();
    try {
      long size = Files.size(file);
      checkSize(source, size, "bytes");
      try (InputStream in = Files.newInputStream(file)) {
        return parse(source, decode(source, in.readAllBytes()));
      }
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(
          String.format("cannot read pipeline definition %s: no such file", source), e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format("cannot read pipeline definition %s: %s", source, e.getMessage()), e);
    }
  }

  /**
   * Reads a UTF-8 definition from {@code in}, which is read to its end but not closed.
   *
   * @param source how problems name the input, such as a file name
   * @throws YamlDefinitionException listing every problem of the definition
   * @throws UncheckedIOException if the stream cannot be read
   */
  public PipelineDefinition read(InputStream in, String source) {
    Checks.notNull(in, "in");
    Checks.notNull(source, "source");
    try {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxDocumentSize + 1));
      checkSize(source, bytes.length, "bytes");
      return parse(source, decode(source, bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format("cannot read pipeline definition %s: %s", source, e.getMessage()), e);
    }
  }

  /**
   * Reads a definition from {@code reader}, which is read to its end but not closed; the size
   * limit counts characters.
   *
   * @param source how problems name the input, such as a file name
   * @throws YamlDefinitionException listing every problem of the definition
   * @throws UncheckedIOException if the reader fails
   */
  public PipelineDefinition read(Reader reader, String source) {
    Checks.notNull(reader, "reader");
    Checks.notNull(source, "source");
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    try {
      int n;
      while ((n = reader.read(buffer)) >= 0) {
        text.append(buffer, 0, n);
        checkSize(source, text.length(), "characters");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format("cannot read pipeline definition %s: %s", source, e.getMessage()), e);
    }
    return parse(source, text.toString());
  }

  /**
   * Reads the definition held in {@code yaml} (the YAML text itself, not a file name); problems
   * name the input {@code <string>}.
   *
   * @throws YamlDefinitionException listing every problem of the definition
   */
  public PipelineDefinition readString(String yaml) {
    return readString(yaml, STRING_SOURCE);
  }

  /**
   * Reads the definition held in {@code yaml}; problems name the input {@code source}.
   *
   * @throws YamlDefinitionException listing every problem of the definition
   */
  public PipelineDefinition readString(String yaml, String source) {
    Checks.notNull(yaml, "yaml");
    Checks.notNull(source, "source");
    checkSize(source, yaml.length(), "characters");
    return parse(source, yaml);
  }

  private void checkSize(String source, long size, String unit) {
    if (size > maxDocumentSize) {
      throw fail(
          source,
          "",
          new Problem(
              Mark.FILE,
              "",
              String.format(
                  "the definition is over the size limit of %,d %s (%s); raise the limit with"
                      + " YamlPipelineReader.builder().maxDocumentSize(bytes)",
                  maxDocumentSize,
                  unit,
                  size > maxDocumentSize + 1 ? String.format("it has %,d", size) : "it has more")));
    }
  }

  private static String decode(String source, byte[] bytes) {
    int start =
        bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
            ? 3
            : 0;
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
          .toString();
    } catch (CharacterCodingException e) {
      throw fail(
          source,
          "",
          new Problem(
              Mark.FILE, "", "the file is not valid UTF-8 text; save it as UTF-8 and try again"));
    }
  }

  private PipelineDefinition parse(String source, String yaml) {
    List<Problem> treeProblems = new ArrayList<>();
    Node root;
    try (YAMLParser parser = factory.createParser(new StringReader(yaml))) {
      root = new TreeReader(parser, treeProblems).readDocument();
    } catch (TreeReader.FatalProblem e) {
      treeProblems.add(e.problem());
      throw fail(source, "", treeProblems.toArray(new Problem[0]));
    } catch (JsonProcessingException e) {
      treeProblems.add(syntaxProblem(e));
      throw fail(source, "", treeProblems.toArray(new Problem[0]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DefinitionParser parser = new DefinitionParser(source, registry, checkKinds);
    Optional<PipelineDefinition> definition = parser.parse(root);
    List<Problem> problems = new ArrayList<>(treeProblems);
    problems.addAll(parser.problems());
    if (!problems.isEmpty()) {
      problems.sort(
          java.util.Comparator.comparingInt((Problem p) -> p.mark().line())
              .thenComparingInt(p -> p.mark().column()));
      throw fail(source, parser.pipelineName(), problems.toArray(new Problem[0]));
    }
    return definition.orElseThrow();
  }

  /** Malformed YAML, in the user's terms: SnakeYAML's problem and context, without its excerpt. */
  private static Problem syntaxProblem(JsonProcessingException e) {
    Throwable cause = e.getCause();
    if (cause instanceof MarkedYAMLException) {
      MarkedYAMLException marked = (MarkedYAMLException) cause;
      String text = marked.getProblem() == null ? "unexpected content" : marked.getProblem();
      if (marked.getContext() != null && marked.getContextMark() != null) {
        text +=
            String.format(
                " (%s that starts at line %d, column %d)",
                marked.getContext(),
                marked.getContextMark().getLine() + 1,
                marked.getContextMark().getColumn() + 1);
      } else if (marked.getContext() != null) {
        text += " (" + marked.getContext() + ")";
      }
      Mark mark =
          marked.getProblemMark() == null
              ? TreeReader.mark(e.getLocation())
              : new Mark(marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1);
      return new Problem(mark, "", "malformed YAML: " + text);
    }
    if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
      // Jackson names its own configuration class in the message; users need only the limit.
      String text = e.getOriginalMessage().replaceAll(", from `[^`]*`", "");
      return new Problem(TreeReader.mark(e.getLocation()), "", "the document exceeds a parser limit: " + text);
    }
    if (cause instanceof YAMLException) {
      return new Problem(TreeReader.mark(e.getLocation()), "", "malformed YAML: " + cause.getMessage());
    }
    return new Problem(
        TreeReader.mark(e.getLocation()), "", "malformed YAML: " + e.getOriginalMessage());
  }

  private static YamlDefinitionException fail(String source, String pipeline, Problem... problems) {
    List<YamlProblem> located = new ArrayList<>(problems.length);
    for (Problem p : problems) {
      located.add(new YamlProblem(source, p.mark().line(), p.mark().column(), p.path(), p.message()));
    }
    return new YamlDefinitionException(source, pipeline, located);
  }

  /** Builds a {@link YamlPipelineReader}. */
  public static final class Builder {
    private StepTypeRegistry registry;
    private CheckKindRegistry checkKinds;
    private long maxDocumentSize = DEFAULT_MAX_DOCUMENT_SIZE;

    private Builder() {}

    /** Look up each step's type in {@code registry} and give the step its action. */
    public Builder stepTypes(StepTypeRegistry registry) {
      this.registry = Checks.notNull(registry, "registry");
      return this;
    }

    /**
     * Make the logic of each entry of {@code checks:} with {@code kinds} (default: {@link
     * CheckKindRegistry#discovered()}, the kinds on the class path, found when the reader is built).
     * An entry of a kind not registered is a definition problem, unless the registry has no kinds
     * at all: then checks are read without their logic, for planning.
     */
    public Builder checkKinds(CheckKindRegistry kinds) {
      this.checkKinds = Checks.notNull(kinds, "kinds");
      return this;
    }

    /**
     * The largest document accepted, in bytes (characters for a {@link Reader} or a string);
     * larger ones are refused before parsing. Default:
     * {@link YamlPipelineReader#DEFAULT_MAX_DOCUMENT_SIZE}.
     *
     * @throws IllegalArgumentException unless between 1 and {@code Integer.MAX_VALUE - 16}
     */
    public Builder maxDocumentSize(long bytes) {
      Checks.argument(
          bytes >= 1 && bytes <= Integer.MAX_VALUE - 16,
          "maxDocumentSize must be between 1 and %s bytes, was %s",
          Integer.MAX_VALUE - 16,
          bytes);
      this.maxDocumentSize = bytes;
      return this;
    }

    /** A new reader with this builder's settings. */
    public YamlPipelineReader build() {
      return new YamlPipelineReader(this);
    }
  }
}
