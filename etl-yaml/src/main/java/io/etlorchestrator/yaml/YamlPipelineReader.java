package io.etlorchestrator.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.FileKind;
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
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
 * input, refusing each of these with a message naming the file (and the line and column where
 * there is one), never an {@code OutOfMemoryError}, a hang or a parser's stack trace:
 *
 * <ul>
 *   <li>a path that is not a regular file (a directory, a FIFO, a device such as {@code
 *       /dev/zero}), checked before the file is opened;
 *   <li>a file over {@link Builder#maxDocumentSize(long) the size limit} (default {@value
 *       #DEFAULT_MAX_DOCUMENT_SIZE} bytes, 64 MiB), refused before it is read;
 *   <li>bytes that are not UTF-8 (a file saved in Latin-1), at the line and column of the first;
 *   <li>characters YAML does not allow in a file (NUL and other control characters but tab and
 *       line breaks), at the line and column of the first;
 *   <li>nesting deeper than 1,000 levels, at the line and column where it goes deeper;
 *   <li>duplicate keys, and YAML aliases that would expand the document by more than {@link
 *       TreeReader#MAX_ALIAS_EXPANSION} nodes;
 *   <li>durations longer than {@link io.etlorchestrator.core.Limits#MAX_DURATION} (365 days) and
 *       counts over {@link io.etlorchestrator.core.Limits#MAX_COUNT} (1,000,000), at the value.
 * </ul>
 *
 * <p>Values echoed in messages are cut to their first 200 characters when longer than 256, with
 * their length, so a 2 MB step name cannot flood a report. Anchors, aliases and merge keys ({@code
 * <<: *defaults}) otherwise work as YAML defines them.
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
   * @throws YamlDefinitionException listing every problem of the definition, or saying that the
   *     file is over the size limit
   * @throws UncheckedIOException if the file cannot be read, or is not a regular file (a
   *     directory, a FIFO, a device), which is refused before it is opened
   */
  public PipelineDefinition read(Path file) {
    Checks.notNull(file, "file");
    String source = file.toString();
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        String kind = FileKind.of(file, attributes);
        throw new UncheckedIOException(
            String.format(
                "cannot read pipeline definition %s: it is %s, not a regular file", source, kind),
            new FileSystemException(source, null, kind));
      }
      checkSize(source, attributes.size(), "bytes");
      try (InputStream in = Files.newInputStream(file)) {
        // At most one byte over the limit: a file that grew since its size was read is refused
        // by the same check, without reading all of it.
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxDocumentSize + 1));
        checkSize(source, bytes.length, "bytes");
        return parse(source, decode(source, bytes));
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
    java.nio.charset.CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length - start);
    java.nio.charset.CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      throw fail(
          source,
          "",
          new Problem(
              byteMark(bytes, start, offset),
              "",
              String.format(
                  "the file is not valid UTF-8 text: byte 0x%02X (byte offset %,d) cannot %s a UTF-8"
                      + " character; save the file as UTF-8 and try again (it may be in Latin-1 or"
                      + " Windows-1252)",
                  bytes[offset] & 0xFF,
                  offset,
                  (bytes[offset] & 0xC0) == 0x80 ? "continue" : "start or continue")));
    }
    out.flip();
    return out.toString();
  }

  /**
   * The line and column of byte {@code offset} of UTF-8 {@code bytes} whose text starts at {@code
   * start} (after a byte-order mark): lines end at {@code \n}, and columns count characters, as
   * the parser's own positions do.
   */
  private static Mark byteMark(byte[] bytes, int start, int offset) {
    int line = 1;
    int lineStart = start;
    for (int i = start; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = 1;
    for (int i = lineStart; i < offset; i++) {
      if ((bytes[i] & 0xC0) != 0x80) {
        column++; // a character starts at each byte that does not continue one
      }
    }
    return new Mark(line, column);
  }

  /**
   * The first character YAML does not allow in a stream, as a problem at its line and column:
   * SnakeYAML refuses them too, but at line 1, column 1 whatever their place. Allowed: tab, line
   * breaks, and the printable characters (U+0020 to U+007E, U+0085, U+00A0 to U+D7FF, U+E000 to
   * U+FFFD, U+10000 and above).
   */
  private static Optional<Problem> unprintable(String yaml) {
    int line = 1;
    int column = 1;
    int n = yaml.length();
    for (int i = 0; i < n; ) {
      int c = yaml.codePointAt(i);
      int width = Character.charCount(c);
      boolean lone = Character.isSurrogate(yaml.charAt(i)) && width == 1;
      if (lone || !printable(c)) {
        String what =
            c == 0
                ? "a NUL character (U+0000)"
                : lone
                    ? String.format("a lone UTF-16 surrogate (U+%04X)", c)
                    : Character.isISOControl(c)
                        ? String.format("a control character (U+%04X)", c)
                        : String.format("the character U+%04X", c);
        return Optional.of(
            new Problem(
                new Mark(line, column),
                "",
                String.format(
                    "the file holds %s, which YAML does not allow in a file (only tab, line breaks and"
                        + " printable characters); remove it, or write it as an escape such as"
                        + " \"\\x%02X\" in a double-quoted string",
                    what,
                    c & 0xFF)));
      }
      if (c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029 || c == '\r' && (i + 1 >= n || yaml.charAt(i + 1) != '\n')) {
        line++;
        column = 1;
      } else if (c != '\r') {
        column++;
      }
      i += width;
    }
    return Optional.empty();
  }

  private static boolean printable(int c) {
    return c == 0x9
        || c == 0xA
        || c == 0xD
        || (c >= 0x20 && c <= 0x7E)
        || c == 0x85
        || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  private PipelineDefinition parse(String source, String yaml) {
    Optional<Problem> unprintable = unprintable(yaml);
    if (unprintable.isPresent()) {
      throw fail(source, "", unprintable.get());
    }
    List<Problem> treeProblems = new ArrayList<>();
    Node root;
    YAMLParser yamlParser = null;
    try {
      yamlParser = factory.createParser(new StringReader(yaml));
      root = new TreeReader(yamlParser, treeProblems).readDocument();
    } catch (TreeReader.FatalProblem e) {
      treeProblems.add(e.problem());
      throw fail(source, "", treeProblems.toArray(new Problem[0]));
    } catch (JsonProcessingException e) {
      treeProblems.add(syntaxProblem(e, yamlParser));
      throw fail(source, "", treeProblems.toArray(new Problem[0]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (yamlParser != null) {
        try {
          yamlParser.close();
        } catch (IOException e) {
          // a parser of a string: nothing to release
        }
      }
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
  private static Problem syntaxProblem(JsonProcessingException e, YAMLParser parser) {
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
      // Jackson gives no location with the nesting limit; the parser knows where it stopped.
      Mark mark = TreeReader.mark(e.getLocation());
      if (mark.equals(Mark.FILE) && parser != null) {
        mark = TreeReader.mark(parser.currentTokenLocation());
      }
      return new Problem(mark, "", "the document exceeds a parser limit: " + text);
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
