package io.etlorchestrator.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code src/test/resources/broken} is an invalid definition that ends with
 * {@code # expect:} comment lines: the exact problems the reader must report, in order. Comments
 * go at the end so that they do not shift the lines being reported.
 */
class YamlBrokenCorpusTest {
  private static final String EXPECT = "# expect: ";

  static Stream<String> brokenFiles() throws IOException, URISyntaxException {
    Path dir = Path.of(YamlBrokenCorpusTest.class.getResource("/broken").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
          .toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void reportsExactlyTheExpectedProblems(String file) {
    String text = SeedPipeline.resource("/broken/" + file);
    List<String> expected =
        text.lines().filter(l -> l.startsWith(EXPECT)).map(l -> l.substring(EXPECT.length())).toList();

    YamlDefinitionException e =
        catchThrowableOfType(
            YamlDefinitionException.class,
            () ->
                YamlPipelineReader.forPlanning()
                    .read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), file));

    assertThat(e).as("%s must be refused", file).isNotNull();
    List<String> actual = e.yamlProblems().stream().map(YamlProblem::describe).toList();
    assertThat(expected).as("%s has expectations; actual:%n%s", file, String.join("\n", actual))
        .isNotEmpty();
    assertThat(actual).as("problems of %s", file).containsExactlyElementsOf(expected);
    assertThat(e.getMessage())
        .as("the message is the report")
        .startsWith(file + ": ")
        .contains(expected)
        .doesNotContain("com.fasterxml", "org.yaml", "Exception", "\tat ");
  }
}
