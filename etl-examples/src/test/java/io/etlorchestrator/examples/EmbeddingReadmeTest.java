package io.etlorchestrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.ReadmeText;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Embedding in your application" is true as a new user meets it (issue 21): this test
 * makes a Maven project in a temporary directory from that section alone (its pom fragment, its
 * YAML and its Java class, imports included, taken from the README here), builds it with Maven
 * against this build's jars, and runs it as the README says: a run in one JVM that fails, a
 * resume in another that runs only what did not succeed.
 */
class EmbeddingReadmeTest {
  private static final String SECTION = "## Embedding in your application";
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void theReadmesEmbeddingSectionBuildsAndRunsAsAProjectOfItsOwn() throws Exception {
    ReadmeText readme = ReadmeText.read();
    String dependencies = readme.blocks(SECTION, "xml").get(0);
    String yaml = readme.blocks(SECTION, "yaml").get(0);
    String java = readme.blocks(SECTION, "java").get(0);
    String version = version();

    Path project = Files.createDirectories(dir.resolve("daily-job"));
    Path repository = Files.createDirectories(dir.resolve("repository"));
    installThisBuild(repository, version);
    Files.writeString(project.resolve("pom.xml"), pom(dependencies));
    Path source = project.resolve("src/main/java/com/example/etl/DailyJob.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, java);
    Files.writeString(dir.resolve("settings.xml"), settings());

    Process build =
        new ProcessBuilder(
                maven(), "-B", "-q", "-s", dir.resolve("settings.xml").toString(),
                "-Dmaven.repo.local=" + repository, "package", "dependency:build-classpath",
                "-Dmdep.outputFile=classpath.txt")
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("build.log").toFile())
            .start();
    assertThat(build.waitFor(8, TimeUnit.MINUTES)).as("the build ended").isTrue();
    assertThat(build.exitValue())
        .as("the consumer project builds:\n%s", Files.readString(dir.resolve("build.log")))
        .isZero();
    String classpath =
        project.resolve("target/classes") + File.pathSeparator
            + Files.readString(project.resolve("classpath.txt")).strip();

    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("daily_job.yaml"), yaml);
    Files.createDirectories(work.resolve("input"));
    Files.write(work.resolve("input/orders.csv"), List.of("o1,c1,p1", "o2,c2,p1", "o3,c1,p2"));
    Files.write(work.resolve("input/customers.csv"), List.of("c1,Ada", "c2,Linus"));
    Files.write(work.resolve("input/products.csv"), List.of("p1,tea", "p2,coffee"));

    Result first = run(classpath, work);
    assertThat(first.exit).as(first.output).isEqualTo(1);
    String runId = first.output.lines().filter(l -> l.startsWith("run_id: ")).findFirst().orElseThrow().substring(8);
    assertThat(first.output).contains("**Status:** 🔴 FAILED", "| publish |");
    PipelineRun failed = CheckpointStore.file(work.resolve(".etl")).load(runId).orElseThrow();
    assertThat(failed.step("build_mart").orElseThrow().status()).isEqualTo(StepStatus.SUCCESS);
    assertThat(failed.step("publish").orElseThrow().attempts()).isEqualTo(2);
    assertThat(work.resolve("marts/daily.csv")).hasContent(String.join("\n",
        "o1,c1,p1", "o2,c2,p1", "o3,c1,p2", "c1,Ada", "c2,Linus", "p1,tea", "p2,coffee"));

    Files.writeString(work.resolve("ready.flag"), "");
    Result resumed = run(classpath, work, "resume", runId);
    assertThat(resumed.exit).as(resumed.output).isZero();
    assertThat(resumed.output).contains("run_id: " + runId, "**Status:** 🟢 SUCCESS");
    PipelineRun done = CheckpointStore.file(work.resolve(".etl")).load(runId).orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(done.step("extract_orders").orElseThrow().attempts()).as("not run again").isEqualTo(1);
    assertThat(done.step("publish").orElseThrow().attempts()).isEqualTo(3);
    assertThat(done.step("publish").orElseThrow().rows()).isEqualTo(7);
  }

  private record Result(int exit, String output) {}

  private Result run(String classpath, Path work, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djob.dir=" + work);
    command.add("-cp");
    command.add(classpath);
    command.add("com.example.etl.DailyJob");
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "run", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("DailyJob did not end within 2 minutes:\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The version this build makes, from the core's jar in its target directory. */
  private static String version() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("etl-core/target"))) {
      String jar = files.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("etl-core-.+\\.jar") && !n.contains("-tests") && !n.contains("-sources"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("etl-core's jar is not built (run the reactor through package)"));
      return jar.substring("etl-core-".length(), jar.length() - ".jar".length());
    }
  }

  /**
   * Puts this build's parent pom, core and YAML module into {@code repository} as {@code mvn
   * install} would, without touching the user's own repository.
   */
  private static void installThisBuild(Path repository, String version) throws IOException {
    install(repository, "etl-parent", version, ROOT.resolve("pom.xml"), null);
    for (String module : List.of("etl-core", "etl-yaml")) {
      install(repository, module, version, ROOT.resolve(module).resolve("pom.xml"),
          ROOT.resolve(module).resolve("target").resolve(module + "-" + version + ".jar"));
    }
  }

  private static void install(Path repository, String artifact, String version, Path pom, Path jar) throws IOException {
    Path target = Files.createDirectories(repository.resolve("io/etlorchestrator").resolve(artifact).resolve(version));
    Files.copy(pom, target.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(jar, target.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A plain project around the README's dependencies, with its plugins' versions pinned. */
  private static String pom(String dependencies) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example</groupId>
          <artifactId>daily-job</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
        """
        + dependencies.indent(2)
        + """
          <build>
            <plugins>
              <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
              <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
              <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.3</version></plugin>
              <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
              <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.9.0</version></plugin>
            </plugins>
          </build>
        </project>
        """;
  }

  /**
   * Settings that resolve third-party artifacts from the user's own local repository first (read
   * as a remote one, so nothing is downloaded that this build already has) and Maven Central after.
   */
  private static String settings() {
    String local = System.getProperty("maven.repo.local",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    String url = Path.of(local).toUri().toString();
    return """
        <settings>
          <profiles>
            <profile>
              <id>cache</id>
              <repositories>
                <repository>
                  <id>cache</id><url>%1$s</url>
                  <releases><checksumPolicy>ignore</checksumPolicy></releases>
                  <snapshots><enabled>false</enabled></snapshots>
                </repository>
              </repositories>
              <pluginRepositories>
                <pluginRepository>
                  <id>cache</id><url>%1$s</url>
                  <releases><checksumPolicy>ignore</checksumPolicy></releases>
                  <snapshots><enabled>false</enabled></snapshots>
                </pluginRepository>
              </pluginRepositories>
            </profile>
          </profiles>
          <activeProfiles><activeProfile>cache</activeProfile></activeProfiles>
        </settings>
        """.formatted(url);
  }

  private static String maven() {
    String home = System.getProperty("maven.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    return "mvn";
  }
}
