package io.etlorchestrator.cli;

import io.etlorchestrator.yaml.StepTypeRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code etl} command: holds the subcommands, the options every subcommand shares ({@code
 * --verbose}, {@code --plugins}, {@code --max-definition-size}) and the streams and directory the
 * commands work with.
 *
 * <p>Every command, this one and each subcommand, answers {@code --help}/{@code -h} and {@code
 * --version}/{@code -V}, and {@code etl help COMMAND} prints the usage of {@code COMMAND}: on
 * standard output, with exit code {@link io.etlorchestrator.core.ExitCode#SUCCESS}, whatever else
 * the command requires. The root command's help lists the project's exit codes.
 */
@Command(
    name = "etl",
    // Every subcommand inherits -h/--help, -V/--version and the usage layout: help is asked for
    // before anything else is checked, so 'etl run --help' needs no FILE.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = EtlCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    abbreviateSynopsis = true,
    parameterListHeading = "%nParameters:%n",
    optionListHeading = "%nOptions:%n",
    commandListHeading = "%nCommands:%n",
    description = "Validates, plans, runs and resumes ETL pipelines defined in YAML.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      RunCommand.class,
      ResumeCommand.class,
      RunsCommand.class,
      ReportCommand.class,
      CheckCommand.class,
      ProfileCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Run 'etl COMMAND --help' or 'etl help COMMAND' for the options of a command.",
      "",
      "Step types: 'shell' and 'noop' are built in; others come from StepTypeProvider jars in"
          + " --plugins DIR or on the class path:",
      "  java -cp etl.jar:my-steps.jar io.etlorchestrator.cli.Main run FILE"
    })
public final class EtlCommand implements Runnable {
  private final PrintStream out;
  private final PrintStream err;
  private final Path workingDirectory;

  @Spec CommandSpec spec;

  private boolean verbose;
  private Path plugins;
  private long maxDefinitionSize = DefinitionFile.DEFAULT_MAX_SIZE;

  /**
   * The command writing to {@code out} (results) and {@code err} (progress, messages), resolving
   * default paths against {@code workingDirectory}.
   */
  public EtlCommand(PrintStream out, PrintStream err, Path workingDirectory) {
    this.out = out;
    this.err = err;
    this.workingDirectory = workingDirectory;
  }

  /** {@code --verbose}: a stack trace with every error, for reporting bugs. */
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Show the stack trace of errors (for reporting a bug).")
  void setVerbose(boolean verbose) {
    this.verbose = verbose;
  }

  /** {@code --plugins DIR}: jars with step types to load. */
  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Load step types from every jar in DIR (StepTypeProvider services).")
  void setPlugins(Path plugins) {
    this.plugins = plugins;
  }

  /** {@code --max-definition-size SIZE}: the largest definition file read. */
  @Option(
      names = "--max-definition-size",
      paramLabel = "SIZE",
      scope = ScopeType.INHERIT,
      converter = Sizes.DefinitionLimit.class,
      description =
          "The largest pipeline definition file read, such as 256MiB (default: 64MiB); larger"
              + " files are refused before they are read.")
  void setMaxDefinitionSize(long bytes) {
    this.maxDefinitionSize = bytes;
  }

  @Override
  public void run() {
    spec.commandLine().usage(out);
  }

  /** The largest definition file read, in bytes ({@code --max-definition-size}). */
  long maxDefinitionSize() {
    return maxDefinitionSize;
  }

  /** Where results go (standard output). */
  PrintStream out() {
    return out;
  }

  /** Where progress and messages go (standard error). */
  PrintStream err() {
    return err;
  }

  /** Whether {@code --verbose} was given. */
  boolean verbose() {
    return verbose;
  }

  /** {@code path} resolved against the working directory. */
  Path resolve(Path path) {
    return workingDirectory.resolve(path);
  }

  /**
   * The step types: the built-in {@code shell} and {@code noop}, then every {@link
   * io.etlorchestrator.yaml.StepTypeProvider} on the class path and in {@code --plugins}.
   */
  StepTypeRegistry stepTypes() {
    return stepTypes(null);
  }

  /**
   * The step types, {@code shell} commands running in {@code workdir} unless their step says
   * otherwise (null: the process's current directory).
   */
  StepTypeRegistry stepTypes(Path workdir) {
    ClassLoader loader = pluginLoader();
    try {
      return StepTypeRegistry.builder()
          .register(ShellStepType.NAME, new ShellStepType(workdir))
          .register(NoopStepType.NAME, new NoopStepType())
          .discover(loader)
          .build();
    } catch (IllegalStateException | java.util.ServiceConfigurationError e) {
      throw new CliException("cannot load step types: " + e.getMessage(), e);
    }
  }

  /**
   * The data-quality check kinds: every {@link io.etlorchestrator.yaml.CheckKindProvider} on the
   * class path (etl-quality's built-in kinds) and in {@code --plugins}.
   */
  io.etlorchestrator.yaml.CheckKindRegistry checkKinds() {
    try {
      return io.etlorchestrator.yaml.CheckKindRegistry.builder().discover(pluginLoader()).build();
    } catch (IllegalStateException | java.util.ServiceConfigurationError e) {
      throw new CliException("cannot load check kinds: " + e.getMessage(), e);
    }
  }

  private ClassLoader loader;

  /** The class loader of {@code --plugins} (made once), or the context class loader without it. */
  private synchronized ClassLoader pluginLoader() {
    if (loader == null) {
      loader = newPluginLoader();
    }
    return loader;
  }

  private ClassLoader newPluginLoader() {
    ClassLoader parent = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
        .orElse(EtlCommand.class.getClassLoader());
    if (plugins == null) {
      return parent;
    }
    Path dir = resolve(plugins);
    if (!Files.isDirectory(dir)) {
      throw new CliException(String.format("--plugins %s: no such directory", plugins));
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        if (file.getFileName().toString().endsWith(".jar")) {
          jars.add(file.toUri().toURL());
        }
      }
    } catch (MalformedURLException e) {
      throw new CliException(String.format("--plugins %s: %s", plugins, e.getMessage()), e);
    } catch (IOException e) {
      throw new CliException(String.format("--plugins %s: cannot list the directory: %s", plugins, e), e);
    }
    // Deliberately never closed: the step actions loaded from it run until the JVM exits.
    return new URLClassLoader(jars.toArray(new URL[0]), parent);
  }

  /** The version shown by {@code --version}: the jar's implementation version when packaged. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = EtlCommand.class.getPackage().getImplementationVersion();
      return new String[] {"etl " + (version == null ? "(development build)" : version)};
    }
  }
}
