package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.FaultHarness.Fault;
import io.etlorchestrator.core.FaultHarness.Kind;
import io.etlorchestrator.core.FaultHarness.Outcome;
import io.etlorchestrator.core.FaultHarness.Point;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Part of the fault matrix (see {@link FaultMatrixTest}) with the crash-safe file store: whatever
 * a step action or the journal does, the run ends, the store agrees, and once the run ended
 * another process can take the run's lock (a child JVM tries, as a resume on another host would).
 */
@Timeout(120)
class FileStoreFaultTest {
  static Stream<Arguments> cells() {
    Stream.Builder<Arguments> cells = Stream.builder();
    for (Kind kind : Kind.values()) {
      cells.add(Arguments.of(new Fault(Point.STEP_ACTION, kind, 3, false)));
      cells.add(Arguments.of(new Fault(Point.CHECKPOINT_STORE, kind, 4, false)));
      cells.add(Arguments.of(new Fault(Point.CHECKPOINT_STORE, kind, FaultHarness.AT_END, false)));
    }
    return cells.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void everyRunEndsAndLetsGoOfItsLockWhateverTheFault(Fault fault, @TempDir Path store) throws Exception {
    Outcome outcome = new FaultHarness(fault).withFileStore(store).runAndCheck();

    assertThat(outcome.fired()).as("the fault %s was injected", fault).isNotEmpty();
  }
}
