package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.FaultHarness.Fault;
import io.etlorchestrator.core.FaultHarness.Kind;
import io.etlorchestrator.core.FaultHarness.Outcome;
import io.etlorchestrator.core.FaultHarness.Point;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix of issue 14: every extension point of a run (step action, listener, checkpoint
 * store, attempt policy, scheduler, host worker pool, alert channel) times every fault kind (an unchecked
 * exception, a checked one, an Error, an interrupt, a hang past the timeout, a rejection), once
 * early in the run, once late, from a call on for good, and (listener, store) on the first retry
 * and on the run's end only. Each cell checks, through {@link
 * FaultHarness}: the run ends within a bound; every step has exactly one terminal state; the
 * caller, the listeners and the store agree on every status; no thread, permit or lock is left
 * behind; for alert channels also that waiting for the alerts is bounded (they are off the run's
 * path: a channel's fault never changes the run).
 */
@Timeout(60)
class FaultMatrixTest {
  static Stream<Arguments> cells() {
    Stream.Builder<Arguments> cells = Stream.builder();
    for (Point point : Point.values()) {
      for (Kind kind : Kind.values()) {
        if (point == Point.ALERT_CHANNEL) {
          // A successful run raises one alert: its first delivery, and every retry of it.
          cells.add(Arguments.of(new Fault(point, kind, 1, false)));
          cells.add(Arguments.of(new Fault(point, kind, 1, true)));
          continue;
        }
        cells.add(Arguments.of(new Fault(point, kind, 1, false)));
        cells.add(Arguments.of(new Fault(point, kind, late(point), false)));
        cells.add(Arguments.of(new Fault(point, kind, 2, true)));
        if (point == Point.LISTENER || point == Point.CHECKPOINT_STORE) {
          cells.add(Arguments.of(new Fault(point, kind, FaultHarness.AT_END, false)));
          cells.add(Arguments.of(new Fault(point, kind, FaultHarness.AT_RETRY, false)));
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

  /** Schedules of several faults that the long drill ({@link FaultSchedulePropertyTest}) found. */
  static Stream<Arguments> found() {
    return Stream.of(
        // start() rethrew the journal's Error on the caller's thread, and the end could not be
        // recorded: the run's outcome is known from its listeners alone.
        Arguments.of(List.of(
            new Fault(Point.CHECKPOINT_STORE, Kind.CHECKED, FaultHarness.AT_END, true),
            new Fault(Point.CHECKPOINT_STORE, Kind.ERROR, 1, false))),
        Arguments.of(List.of(
            new Fault(Point.SCHEDULER, Kind.RUNTIME, 1, false),
            new Fault(Point.LISTENER, Kind.HANG, 4, true),
            new Fault(Point.ATTEMPT_POLICY, Kind.REJECTION, 7, true))),
        // Deaf actions hold both threads of the host's pool: the run ends once cancelled.
        Arguments.of(List.of(
            new Fault(Point.STEP_ACTION, Kind.HANG, 2, true),
            new Fault(Point.SCHEDULER, Kind.RUNTIME, 9, true))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("found")
  void schedulesTheLongDrillFoundStayFixed(List<Fault> faults) throws Exception {
    Outcome outcome = new FaultHarness(faults).runAndCheck();

    assertThat(outcome.fired()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void everyRunEndsConsistentlyWhateverTheFault(Fault fault) throws Exception {
    Outcome outcome = new FaultHarness(fault).runAndCheck();

    assertThat(outcome.fired()).as("the fault %s was injected", fault).isNotEmpty();
  }
}
