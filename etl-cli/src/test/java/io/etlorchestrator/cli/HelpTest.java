package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Help on every command (issue 14: {@code etl run --help} and {@code etl help run} exited 2 with
 * "Missing required parameter"). The commands are taken from the real {@code etl} command line, so
 * a new subcommand is covered without touching this test.
 */
class HelpTest {
  private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

  /** The name of every subcommand of {@code etl}, each once (aliases left out). */
  static Stream<String> subcommands() {
    Map<CommandLine, String> names = new IdentityHashMap<>();
    Main.commandLine(NOWHERE, NOWHERE)
        .getSubcommands()
        .forEach((name, sub) -> names.putIfAbsent(sub, sub.getCommandName()));
    return names.values().stream().sorted();
  }

  private static CommandSpec spec(String... path) {
    CommandLine command = Main.commandLine(NOWHERE, NOWHERE);
    for (String name : path) {
      command = command.getSubcommands().get(name);
    }
    return command.getCommandSpec();
  }

  @ParameterizedTest(name = "etl {0}")
  @MethodSource("subcommands")
  void helpOfEverySubcommandExitsZeroInsteadOfMissingRequiredParameter(String command) {
    CommandSpec spec = spec(command);

    for (String[] args : List.of(
        new String[] {command, "--help"}, new String[] {command, "-h"}, new String[] {"help", command})) {
      Cli.Result result = Cli.run(args);
      String asked = String.join(" ", args);

      assertThat(result.exitCode()).as("exit code of 'etl %s'%n%s", asked, result).isEqualTo(0);
      assertThat(result.err()).as("standard error of 'etl %s'", asked).isEmpty();
      assertThat(result.out())
          .as("usage printed by 'etl %s'", asked)
          .containsPattern("(?m)^Usage: etl " + command + " ");
      assertListsEveryOptionWithItsDefault(spec, result.out(), asked);
    }
  }

  @Test
  void helpOfTheEtlCommandListsEverySubcommandAndOption() {
    CommandSpec spec = spec();

    for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
      Cli.Result result = Cli.run(args);
      String asked = String.join(" ", args);

      assertThat(result.exitCode()).as("exit code of 'etl %s'%n%s", asked, result).isEqualTo(0);
      assertThat(result.err()).as("standard error of 'etl %s'", asked).isEmpty();
      assertThat(result.out()).as("usage printed by 'etl %s'", asked).startsWith("Usage: etl ");
      for (String command : subcommands().collect(Collectors.toList())) {
        assertThat(result.out())
            .as("'etl %s' lists command %s", asked, command)
            .containsPattern("(?m)^  " + command + " ");
      }
      assertListsEveryOptionWithItsDefault(spec, result.out(), asked);
    }
  }

  @Test
  void versionIsPrintedByEveryCommandThatOffersIt() {
    Cli.Result root = Cli.run("--version");
    assertThat(root.exitCode()).isEqualTo(0);
    assertThat(root.out()).startsWith("etl ");
    assertThat(Cli.run("-V").out()).isEqualTo(root.out());

    List<String> offering = new ArrayList<>();
    for (String command : subcommands().collect(Collectors.toList())) {
      if (spec(command).options().stream().anyMatch(OptionSpec::versionHelp)) {
        offering.add(command);
        Cli.Result result = Cli.run(command, "--version");
        assertThat(result.exitCode()).as("etl %s --version: %s", command, result).isEqualTo(0);
        assertThat(result.out()).as("etl %s --version", command).isEqualTo(root.out());
      }
    }
    assertThat(offering).as("commands with --version").contains("run", "plan", "validate");
  }

  @Test
  void helpOfAnUnknownCommandIsInvalidInput() {
    Cli.Result result = Cli.run("help", "rnu");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("rnu").contains("etl --help").doesNotContain("\tat ");
  }

  @Test
  void aMistypedHelpOptionIsNamedInsteadOfAMissingFile() {
    Cli.Result result = Cli.run("run", "--hepl");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("Unknown option: '--hepl'")
        .contains("--help")
        .contains("etl run --help")
        .doesNotContain("Missing required parameter");
  }

  /**
   * Every option of {@code spec} has its line in {@code usage} with all its names, and an option
   * with a default value (one that takes a value, has one value and a default) says it as
   * "default: VALUE".
   */
  private static void assertListsEveryOptionWithItsDefault(CommandSpec spec, String usage, String asked) {
    for (OptionSpec option : spec.options()) {
      if (option.hidden()) {
        continue;
      }
      Optional<String> entry = entry(usage, option);
      assertThat(entry).as("'etl %s' lists option %s%n%s", asked, option.longestName(), usage).isPresent();
      for (String name : option.names()) {
        assertThat(entry.get())
            .as("'etl %s': entry of %s names %s", asked, option.longestName(), name)
            .contains(name);
      }
      defaultValue(option).ifPresent(
          value -> assertThat(entry.get().toLowerCase(Locale.ROOT))
              .as("'etl %s': entry of %s shows its default %s: %s",
                  asked, option.longestName(), value, entry.get())
              .contains("default: " + value.toLowerCase(Locale.ROOT)));
    }
  }

  /** An option's default value, when it takes a single value and has one. */
  private static Optional<String> defaultValue(OptionSpec option) {
    if (option.arity().max() == 0 || option.isMultiValue()) {
      return Optional.empty();
    }
    Object value = option.defaultValue() != null ? option.defaultValue() : option.initialValue();
    return Optional.ofNullable(value).map(String::valueOf);
  }

  /**
   * The entry of {@code option} in the option list of {@code usage}: its line (indented at most 6
   * spaces, starting with its names) and the description lines under it, on one line.
   */
  private static Optional<String> entry(String usage, OptionSpec option) {
    Pattern start =
        Pattern.compile("^ {0,6}(-\\S+, )*" + Pattern.quote(option.longestName()) + "([=,\\s\\[]|$)");
    List<String> lines = usage.lines().collect(Collectors.toList());
    for (int i = 0; i < lines.size(); i++) {
      if (start.matcher(lines.get(i)).find()) {
        StringBuilder entry = new StringBuilder(lines.get(i).strip());
        for (int j = i + 1; j < lines.size() && lines.get(j).startsWith(" ".repeat(7)); j++) {
          entry.append(' ').append(lines.get(j).strip());
        }
        return Optional.of(entry.toString());
      }
    }
    return Optional.empty();
  }
}
