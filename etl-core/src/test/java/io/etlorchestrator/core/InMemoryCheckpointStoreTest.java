package io.etlorchestrator.core;

import io.etlorchestrator.core.spi.CheckpointStore;

class InMemoryCheckpointStoreTest extends CheckpointStoreContract {
  @Override
  CheckpointStore store() {
    return CheckpointStore.inMemory();
  }
}
