package io.etlorchestrator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The definitions that runs were started with, kept next to the checkpoint store so that {@code
 * etl resume RUN_ID} needs no file: {@code DIR/.definitions/RUN_ID.yaml}, a copy of the
 * definition's bytes written when {@code run} starts a run (and replaced when {@code resume} is
 * given a file). The directory's name starts with a dot, which no run id may, so it never clashes
 * with a run's own directory.
 */
final class DefinitionArchive {
  /** The sub-directory of the store holding the copies. */
  static final String DIRECTORY = ".definitions";

  private final Path directory;

  DefinitionArchive(Path storeDirectory) {
    this.directory = storeDirectory.resolve(DIRECTORY);
  }

  /** Where the definition of {@code runId} is kept. */
  Path pathOf(String runId) {
    return directory.resolve(runId + ".yaml");
  }

  /**
   * Keeps {@code definition} as the definition of {@code runId}, replacing any earlier one
   * atomically.
   *
   * @throws CliException if it cannot be written
   */
  void save(String runId, DefinitionFile definition) {
    Path target = pathOf(runId);
    try {
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, runId + ".", ".tmp");
      try {
        Files.write(temporary, definition.bytes());
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new CliException(
          String.format("cannot keep a copy of the definition in %s: %s", target, e), e);
    }
  }

  /** The definition kept for {@code runId}, if any. */
  Optional<DefinitionFile> load(String runId) {
    Path path = pathOf(runId);
    try {
      return Optional.of(DefinitionFile.of(path.toString(), Files.readAllBytes(path)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CliException(String.format("cannot read %s: %s", path, e), e);
    }
  }

  /** Forgets the definition of {@code runId} (a run that could not start). */
  void delete(String runId) {
    try {
      Files.deleteIfExists(pathOf(runId));
    } catch (IOException e) {
      // Harmless: an orphan copy is never read without its run.
    }
  }
}
