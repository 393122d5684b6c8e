package io.etlorchestrator.test.readme;

import static io.etlorchestrator.test.EtlAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ReadmeText;
import io.etlorchestrator.test.ManualRun;
import io.etlorchestrator.test.PipelineTester;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * README.md's "Testing your pipelines" shows exactly the code that {@link DailySalesPipelineTest}
 * and this class run.
 */
class ReadmeTest {
  private static final Path EXAMPLE = Path.of("src/test/java/io/etlorchestrator/test/readme/DailySalesPipelineTest.java");
  private static final Path THIS = Path.of("src/test/java/io/etlorchestrator/test/readme/ReadmeTest.java");
  private static final String SECTION = "## Testing your pipelines";

  @Test
  void theReadmeShowsExactlyTheCodeTheseTestsRun() throws IOException {
    assertThat(ReadmeText.read().blocks(SECTION, "java"))
        .as("the java blocks of README.md's '%s'", SECTION)
        .containsExactly(ReadmeText.snippet(EXAMPLE, "testing"), ReadmeText.snippet(THIS, "manual"));
  }

  @Test
  void theReadmeAddsTheKitWithTestScope() throws IOException {
    assertThat(ReadmeText.read().blocks(SECTION, "xml"))
        .singleElement()
        .asString()
        .contains("<artifactId>etl-test</artifactId>", "<scope>test</scope>");
  }

  @Test
  void steppingVirtualTimeByHand() {
    // --- README manual start ---
    try (ManualRun run = PipelineTester.of(pipeline()).failing("extract_orders", 1).start()) {
      run.awaitIdle();                           // attempt 1 failed; its retry is due in 30 s
      run.advance(Duration.ofSeconds(29));
      assertThat(run.eventLog()).doesNotContain("started extract_orders#2");
      run.advance(Duration.ofSeconds(1));
      assertThat(run.eventLog()).contains("started extract_orders#2");
      assertThat(run.finish()).succeeded();
    }
    // --- README manual end ---
  }

  private static io.etlorchestrator.core.Pipeline pipeline() {
    return DailySalesPipelineTest.pipeline();
  }
}
