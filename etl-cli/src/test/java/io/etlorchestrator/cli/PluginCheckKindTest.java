package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check kind of the host's own, in a jar in {@code --plugins DIR}, is found by every command
 * that reads checks: the jar is compiled and packed by the test, as a host would ship it.
 */
class PluginCheckKindTest {
  @TempDir Path dir;

  private static final String PROVIDER = String.join("\n",
      "package host;",
      "import io.etlorchestrator.core.quality.CheckVerdict;",
      "import io.etlorchestrator.yaml.CheckKind;",
      "import io.etlorchestrator.yaml.CheckKindProvider;",
      "import java.util.Map;",
      "public final class Kinds implements CheckKindProvider {",
      "  public Map<String, CheckKind> checkKinds() {",
      "    CheckKind nonEmpty = check -> ctx -> {",
      "      long rows = ctx.profile().rows().orElse(0);",
      "      return rows > 0 ? CheckVerdict.pass(rows + \" rows\", \"some rows\")",
      "          : CheckVerdict.fail(rows + \" rows\", \"some rows\", ctx.dataset() + \" is empty\");",
      "    };",
      "    return Map.of(\"non_empty\", nonEmpty);",
      "  }",
      "}",
      "");

  private Path pluginJar() throws IOException {
    Path src = dir.resolve("src/host/Kinds.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, PROVIDER);
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
        "-d", classes.toString(), src.toString());
    assertThat(code).as("javac of the plugin").isZero();
    Path plugins = dir.resolve("plugins");
    Files.createDirectories(plugins);
    Path jar = plugins.resolve("host-kinds.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("host/Kinds.class"));
      out.write(Files.readAllBytes(classes.resolve("host/Kinds.class")));
      out.closeEntry();
      out.putNextEntry(new JarEntry("META-INF/services/io.etlorchestrator.yaml.CheckKindProvider"));
      out.write("host.Kinds\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return plugins;
  }

  @Test
  void aPluginsCheckKindIsReadAndRunByCheckAndRefusedWithoutThePlugin() throws IOException {
    Path plugins = pluginJar();
    Files.writeString(dir.resolve("empty.csv"), "id\n");
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, String.join("\n",
        "pipeline: plugged",
        "sources:",
        "  empty.csv:",
        "    checks:",
        "      - non_empty: {}",
        "steps:",
        "  - name: read",
        "    type: noop",
        "    inputs: [empty.csv]",
        ""));

    Cli.Result check = Cli.run("--plugins", plugins.toString(), "check", file.toString(),
        "--workdir", dir.toString(), "--store", dir.resolve(".etl").toString());
    assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
    assertThat(check.out()).contains("❌ fail  non_empty on empty.csv: observed 0 rows, expected some rows - empty.csv is empty");

    Cli.Result without = Cli.run("validate", file.toString());
    assertThat(without.exitCode()).as(without.toString()).isEqualTo(2);
    assertThat(without.out()).contains("p.yaml:5:9").contains("non_empty");
    assertThat(List.of(without.out(), without.err())).noneMatch(s -> s.contains("\tat "));
  }
}
