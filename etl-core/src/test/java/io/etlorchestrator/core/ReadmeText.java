package io.etlorchestrator.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The repository's README.md as the tests of its examples read it, so that "this test runs exactly
 * this code" is checked rather than promised: a section by its heading, the fenced code blocks in
 * it, and the lines of a test's source between {@code // --- README <name> start ---} and {@code
 * // --- README <name> end ---}.
 */
public final class ReadmeText {
  private static final Path README = Path.of("..", "README.md");

  private final List<String> lines;

  private ReadmeText(List<String> lines) {
    this.lines = lines;
  }

  /** README.md at the root of the repository; tests run in their module's directory. */
  public static ReadmeText read() throws IOException {
    return new ReadmeText(Files.readAllLines(README, StandardCharsets.UTF_8));
  }

  /**
   * The fenced code blocks tagged {@code language} (the word after the opening fence, such as
   * {@code java} or {@code yaml}) in the section under {@code heading}, a whole heading line such
   * as {@code "## Five lines"}. A block is its lines without the fences, each ending in a newline.
   * The section ends at the next heading of the same or a higher level; lines inside fences are
   * never headings.
   *
   * @throws AssertionError if the README has no such heading
   */
  public List<String> blocks(String heading, String language) {
    int level = level(heading);
    int start = lines.indexOf(heading);
    if (start < 0 || level == 0) {
      throw new AssertionError(
          String.format("README.md has no heading '%s'; its headings are:%n%s", heading, String.join("\n", headings())));
    }
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    boolean fenced = false;
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```")) {
        if (!fenced && line.substring(3).strip().equals(language)) {
          block = new StringBuilder();
        } else if (fenced && block != null) {
          blocks.add(block.toString());
          block = null;
        }
        fenced = !fenced;
      } else if (fenced) {
        if (block != null) {
          block.append(line).append('\n');
        }
      } else if (level(line) > 0 && level(line) <= level) {
        break;
      }
    }
    return blocks;
  }

  /**
   * The lines of {@code source} between {@code // --- README <name> start ---} and {@code // ---
   * README <name> end ---}, without their common indentation, each ending in a newline.
   *
   * @throws AssertionError if the source has no such markers
   */
  public static String snippet(Path source, String name) throws IOException {
    List<String> all = Files.readAllLines(source, StandardCharsets.UTF_8);
    int start = indexOfStripped(all, "// --- README " + name + " start ---");
    int end = indexOfStripped(all, "// --- README " + name + " end ---");
    if (start < 0 || end < start) {
      throw new AssertionError(
          String.format("%s has no lines between '// --- README %s start ---' and its end marker", source, name));
    }
    List<String> snippet = all.subList(start + 1, end);
    int indent =
        snippet.stream()
            .filter(line -> !line.isBlank())
            .mapToInt(line -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
    return snippet.stream()
        .map(line -> line.isBlank() ? "" : line.substring(indent))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static int indexOfStripped(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    return -1;
  }

  private List<String> headings() {
    List<String> headings = new ArrayList<>();
    boolean fenced = false;
    for (String line : lines) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced && level(line) > 0) {
        headings.add(line);
      }
    }
    return headings;
  }

  /** 2 for {@code "## Alerts"}; 0 for a line that is not a heading. */
  private static int level(String line) {
    int level = 0;
    while (level < line.length() && line.charAt(level) == '#') {
      level++;
    }
    return level > 0 && level < line.length() && line.charAt(level) == ' ' ? level : 0;
  }
}
