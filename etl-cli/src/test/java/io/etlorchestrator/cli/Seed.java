package io.etlorchestrator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The seed's daily_sales_etl definition (its plan output followed by its failure policies). */
final class Seed {
  static final String RESOURCE = "/daily_sales_etl.yaml";

  private Seed() {}

  static String yaml() {
    try (InputStream in = Seed.class.getResourceAsStream(RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the seed definition to {@code dir/daily_sales_etl.yaml} and returns its path. */
  static Path copyTo(Path dir) {
    return write(dir.resolve("daily_sales_etl.yaml"), yaml());
  }

  static Path write(Path file, String text) {
    try {
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
