package io.etlorchestrator.cli;

import io.etlorchestrator.core.FileCheckpointStore;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --store DIR} option: the directory of the file checkpoint store. */
final class StoreOption {
  /** The store's directory unless {@code --store} says otherwise, under the current directory. */
  static final String DEFAULT = ".etl";

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Checkpoint store directory (default: ${DEFAULT-VALUE} in the current directory).")
  Path store = Path.of(DEFAULT);

  /** The store's directory, absolute. */
  Path directory(EtlCommand root) {
    return root.resolve(store).toAbsolutePath().normalize();
  }

  /** The file checkpoint store in {@link #directory}. */
  FileCheckpointStore open(EtlCommand root) {
    return CheckpointStore.file(directory(root));
  }
}
