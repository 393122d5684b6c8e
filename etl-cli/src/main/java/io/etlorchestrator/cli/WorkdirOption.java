package io.etlorchestrator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --workdir DIR} option: the directory a pipeline works in. File datasets ({@code
 * staging/orders.parquet}) are relative to it when checks and profiles read them, and {@code shell}
 * steps run in it unless their {@code workdir} says otherwise.
 */
final class WorkdirOption {
  @Option(
      names = "--workdir",
      paramLabel = "DIR",
      description =
          "The directory the pipeline works in: file datasets are relative to it for checks and"
              + " profiles, and shell steps run in it (default: the current directory).")
  Path workdir;

  /** The directory, absolute; checked to exist. */
  Path directory(EtlCommand root) {
    Path dir = root.resolve(workdir == null ? Path.of("") : workdir).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new CliException(String.format("--workdir %s: no such directory", workdir));
    }
    return dir;
  }

  /** Whether {@code --workdir} was given. */
  boolean given() {
    return workdir != null;
  }
}
