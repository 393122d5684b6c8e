package io.etlorchestrator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The definitions that runs were started with, kept next to the checkpoint store so that {@code
 * etl resume RUN_ID} needs no file: {@code DIR/.definitions/RUN_ID.yaml}, a copy of the
 * definition's bytes written when {@code run} starts a run (and replaced when {@code resume} is
 * given a file). The directory's name starts with a dot, which no run id may, so it never clashes
 * with a run's own directory.
 *
 * <p>Beside it, {@code RUN_ID.mode} records whether the run is a rehearsal: {@code real}, or
 * {@code simulate} and its time scale. A rehearsal's checkpoint records successes of steps that
 * never ran, so {@code resume} keeps a rehearsal simulated and refuses to simulate a real run.
 */
final class DefinitionArchive {
  /** The sub-directory of the store holding the copies. */
  static final String DIRECTORY = ".definitions";

  private static final String REAL = "real";
  private static final String SIMULATE = "simulate";

  /** The most a mode record may hold: {@code simulate} and a number, and room to spare. */
  private static final int MAX_MODE_SIZE = 1024;

  private final Path directory;
  private final long maxDefinitionSize;

  /** The archive of the store in {@code storeDirectory}, with the default size limit. */
  DefinitionArchive(Path storeDirectory) {
    this(storeDirectory, DefinitionFile.DEFAULT_MAX_SIZE);
  }

  /**
   * The archive of the store in {@code storeDirectory}, reading kept definitions of at most
   * {@code maxDefinitionSize} bytes.
   */
  DefinitionArchive(Path storeDirectory, long maxDefinitionSize) {
    this.directory = storeDirectory.resolve(DIRECTORY);
    this.maxDefinitionSize = maxDefinitionSize;
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

  /**
   * The definition kept for {@code runId}, if any.
   *
   * @throws CliException if it is not a regular file, is over the size limit, or cannot be read
   */
  Optional<DefinitionFile> load(String runId) {
    Path path = pathOf(runId);
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return Optional.of(DefinitionFile.read(path, path.toString(), maxDefinitionSize));
  }

  /** Where the mode of {@code runId} is kept. */
  Path modePathOf(String runId) {
    return directory.resolve(runId + ".mode");
  }

  /**
   * Records that {@code runId} runs simulated at {@code timeScale}, or for real when {@code
   * timeScale} is empty.
   *
   * @throws CliException if it cannot be written
   */
  void saveMode(String runId, OptionalDouble timeScale) {
    Path target = modePathOf(runId);
    String text = timeScale.isPresent() ? SIMULATE + " " + timeScale.getAsDouble() + "\n" : REAL + "\n";
    try {
      Files.createDirectories(directory);
      Files.writeString(target, text);
    } catch (IOException e) {
      throw new CliException(String.format("cannot record the run's mode in %s: %s", target, e), e);
    }
  }

  /**
   * The recorded mode of {@code runId}: empty when unknown (a run not started by {@code etl run}
   * or by an older version), else a {@link Mode}.
   *
   * @throws CliException if the record cannot be read or is not {@code real} or {@code simulate
   *     FACTOR}
   */
  Optional<Mode> mode(String runId) {
    Path path = modePathOf(runId);
    String text;
    try {
      java.nio.file.attribute.BasicFileAttributes attributes =
          Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
      if (!attributes.isRegularFile() || attributes.size() > MAX_MODE_SIZE) {
        throw new CliException(
            String.format(
                "%s: expected a small file saying 'real' or 'simulate FACTOR', found %s",
                path,
                attributes.isRegularFile()
                    ? String.format("%,d bytes", attributes.size())
                    : io.etlorchestrator.core.internal.FileKind.of(path, attributes)));
      }
      try (java.io.InputStream in = Files.newInputStream(path)) {
        text = new String(in.readNBytes(MAX_MODE_SIZE), java.nio.charset.StandardCharsets.UTF_8).trim();
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CliException(String.format("cannot read %s: %s", path, e), e);
    }
    if (text.equals(REAL)) {
      return Optional.of(new Mode(OptionalDouble.empty()));
    }
    String[] words = text.split("\\s+");
    if (words.length == 2 && words[0].equals(SIMULATE)) {
      try {
        double scale = Double.parseDouble(words[1]);
        if (scale > 0 && Double.isFinite(scale)) {
          return Optional.of(new Mode(OptionalDouble.of(scale)));
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new CliException(
        String.format(
            "%s: expected 'real' or 'simulate FACTOR' (a positive number), found '%s'",
            path,
            io.etlorchestrator.core.internal.Excerpt.of(text)));
  }

  /** How a run runs: for real, or simulated at a time scale. */
  record Mode(OptionalDouble simulatedTimeScale) {
    boolean simulated() {
      return simulatedTimeScale.isPresent();
    }
  }

  /** Forgets the definition and mode of {@code runId} (a run that could not start). */
  void delete(String runId) {
    try {
      Files.deleteIfExists(pathOf(runId));
      Files.deleteIfExists(modePathOf(runId));
    } catch (IOException e) {
      // Harmless: an orphan copy is never read without its run.
    }
  }
}
