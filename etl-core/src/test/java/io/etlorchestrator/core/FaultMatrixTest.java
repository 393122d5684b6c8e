package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.FaultHarness.Fault;
import io.etlorchestrator.core.FaultHarness.Kind;
import io.etlorchestrator.core.FaultHarness.Outcome;
import io.etlorchestrator.core.FaultHarness.Point;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix of issue 14: every extension point of a run (step action, listener, checkpoint
 * store, attempt policy, scheduler, host worker pool) times every fault kind (an unchecked
 * exception, a checked one, an Error, an interrupt, a hang past the timeout, a rejection), once
 * early in the run, once late, from a call on for good, and (listener, store) on the run's end
 * only. Each cell checks, through {@link
 * FaultHarness}: the run ends within a bound; every step has exactly one terminal state; the
 * caller, the listeners and the store agree on every status; no thread, permit or lock is left
 * behind. Alert channels have their own matrix ({@code AlertChannelFaultTest}), since they are
 * off the run's path.
 */
@Timeout(60)
class FaultMatrixTest {
  static Stream<Arguments> cells() {
    Stream.Builder<Arguments> cells = Stream.builder();
    for (Point point : Point.values()) {
      for (Kind kind : Kind.values()) {
        cells.add(Arguments.of(new Fault(point, kind, 1, false)));
        cells.add(Arguments.of(new Fault(point, kind, late(point), false)));
        cells.add(Arguments.of(new Fault(point, kind, 2, true)));
        if (point == Point.LISTENER || point == Point.CHECKPOINT_STORE) {
          cells.add(Arguments.of(new Fault(point, kind, FaultHarness.AT_END, false)));
        }
      }
    }
    return cells.build();
  }

  /** A call of {@code point} that every run reaches, late in the run. */
  private static int late(Point point) {
    switch (point) {
      case WORKER_POOL:
        return 2; // workers chain steps: a run of six steps submits only a few
      case STEP_ACTION:
      case SCHEDULER:
        return 5;
      default:
        return 8;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void everyRunEndsConsistentlyWhateverTheFault(Fault fault) throws Exception {
    Outcome outcome = new FaultHarness(fault).runAndCheck();

    assertThat(outcome.fired()).as("the fault %s was injected", fault).isNotEmpty();
  }
}
