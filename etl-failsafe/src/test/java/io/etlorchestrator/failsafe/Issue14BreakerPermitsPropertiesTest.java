package io.etlorchestrator.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsafe.CircuitBreaker;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.spi.Admission;
import io.etlorchestrator.core.spi.StepAttempts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Issue 14, as properties: whatever way the attempts of the steps on one breaker end (success,
 * failure, timeout, cancellation while running or before beginning, an Error, rejection by
 * another policy of the step), interleaved as concurrent steps interleave, the breaker is never
 * left half-open with no trial permit once they all ended, and cancellations and rejections are
 * never recorded as results of the source.
 *
 * <p>The attempts are driven through the {@link StepAttempts} SPI with the failures the core
 * executor passes to {@code ended}: {@code null} for a success, a {@link TimeoutException} for a
 * timed-out attempt, a {@link CancellationException} for an admitted attempt the run stopped
 * before it began, and the action's own exception for one interrupted by the run's stop.
 */
class Issue14BreakerPermitsPropertiesTest {
  private static final int STEPS = 3;

  /** How an attempt ends, and what the core executor passes to {@code ended} for it. */
  enum Outcome {
    SUCCESS,
    FAILURE,
    TIMEOUT,
    ERROR,
    CANCELLED_WHILE_RUNNING,
    CANCELLED_WHILE_RUNNING_WRAPPED,
    CANCELLED_BEFORE_IT_BEGAN,
    REJECTED_BY_ANOTHER_BREAKER;

    Throwable failure() {
      return switch (this) {
        case SUCCESS -> null;
        case FAILURE -> new IOException("connection refused");
        case TIMEOUT -> new TimeoutException("step 'extract' attempt 1 timed out after 10m");
        case ERROR -> new AssertionError("a bug in the step");
        case CANCELLED_WHILE_RUNNING -> new InterruptedException("sleep interrupted");
        case CANCELLED_WHILE_RUNNING_WRAPPED -> new UncheckedIOException(new ClosedByInterruptException());
        case CANCELLED_BEFORE_IT_BEGAN -> new CancellationException("run cancelled");
        case REJECTED_BY_ANOTHER_BREAKER -> throw new IllegalStateException("a rejected attempt never ends");
      };
    }

    boolean recordedAsFailure() {
      return this == FAILURE || this == TIMEOUT || this == ERROR;
    }
  }

  /** Step {@code step} asks for its next attempt, or ends the one it has running with {@code outcome}. */
  record Op(int step, Outcome outcome) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(Arbitraries.integers().between(0, STEPS - 1), Arbitraries.of(Outcome.class))
        .as(Op::new)
        .list()
        .ofMaxSize(60);
  }

  @Provide
  Arbitrary<CircuitBreaker.State> initialStates() {
    return Arbitraries.of(CircuitBreaker.State.class);
  }

  /** The steps and their attempts, under a policy with the breaker, a gate breaker and a bulkhead. */
  private static final class Model {
    final CircuitBreaker<Object> gate =
        CircuitBreaker.builder().withFailureThreshold(1000).withDelay(Duration.ofHours(1)).build();
    final FailsafeAttemptPolicy policy;
    final StepAttempts[] attempts = new StepAttempts[STEPS];
    final int[] made = new int[STEPS];
    final Outcome[] running = new Outcome[STEPS];
    int recordedFailures;
    int recordedSuccesses;

    Model(CircuitBreaker<Object> breaker) {
      // The breaker is asked before the gate: a step the gate rejects holds a permit of the breaker.
      policy =
          FailsafeAttemptPolicy.builder()
              .circuitBreaker("postgres", breaker)
              .circuitBreaker("gate", gate)
              .bulkhead("snowflake", 2)
              .build();
      for (int i = 0; i < STEPS; i++) {
        int n = i;
        PipelineStep step =
            PipelineStep.builder("extract_" + i)
                .inputs("postgres.table_" + i)
                .outputs("snowflake.table_" + i)
                .resources("gate")
                .build();
        attempts[n] = policy.forStep(step, RetryPolicy.none());
      }
    }

    void apply(Op op) {
      int i = op.step();
      if (running[i] != null) {
        end(i);
        return;
      }
      boolean reject = op.outcome() == Outcome.REJECTED_BY_ANOTHER_BREAKER;
      if (reject) {
        gate.open();
      }
      Admission admission = attempts[i].admit(++made[i]);
      if (reject) {
        gate.close();
        assertThat(admission.admitted()).as("an open gate admits nothing").isFalse();
      }
      if (admission.admitted()) {
        running[i] = op.outcome();
      }
    }

    void end(int i) {
      Outcome outcome = running[i];
      running[i] = null;
      attempts[i].ended(made[i], outcome.failure());
      if (outcome.recordedAsFailure()) {
        recordedFailures++;
      } else if (outcome == Outcome.SUCCESS) {
        recordedSuccesses++;
      }
    }

    void endAll() {
      for (int i = 0; i < STEPS; i++) {
        if (running[i] != null) {
          end(i);
        }
      }
    }
  }

  @Property(tries = 400)
  void noSequenceOfOutcomesLeavesTheBreakerHalfOpenWithoutATrialPermit(
      @ForAll("ops") List<Op> ops,
      @ForAll("initialStates") CircuitBreaker.State initial,
      @ForAll @IntRange(min = 1, max = 3) int failureThreshold,
      @ForAll @IntRange(min = 1, max = 3) int successThreshold) {
    // No delay: an open breaker lets a trial through at the next attempt, so only a breaker stuck
    // half-open can refuse the attempt made at the end.
    CircuitBreaker<Object> breaker =
        CircuitBreaker.builder()
            .withFailureThreshold(failureThreshold)
            .withSuccessThreshold(successThreshold)
            .withDelay(Duration.ZERO)
            .build();
    switch (initial) {
      case OPEN -> breaker.open();
      case HALF_OPEN -> breaker.halfOpen();
      case CLOSED -> {}
    }
    Model model = new Model(breaker);
    List<String> trace = new ArrayList<>();

    for (Op op : ops) {
      model.apply(op);
      trace.add(op + " -> " + breaker.getState());
    }
    model.endAll();

    CircuitBreaker.State atEnd = breaker.getState();
    PipelineStep fresh = PipelineStep.builder("extract_again").inputs("postgres.orders").build();
    StepAttempts next = model.policy.forStep(fresh, RetryPolicy.none());
    Admission admission = next.admit(1);
    assertThat(admission.admitted())
        .as("a new attempt on the %s breaker after %s: %s", atEnd, trace, admission)
        .isTrue();
    next.ended(1, null);
  }

  @Property(tries = 400)
  void cancellationsAndRejectionsAreNeverRecordedAsResultsOfTheSource(@ForAll("ops") List<Op> ops) {
    // A breaker that never opens keeps its counts: every recorded result shows in them.
    CircuitBreaker<Object> breaker = CircuitBreaker.builder().withFailureThreshold(1000).build();
    Model model = new Model(breaker);

    for (Op op : ops) {
      model.apply(op);
    }
    model.endAll();

    assertThat(breaker.isClosed()).isTrue();
    assertThat(breaker.getFailureCount())
        .as("failures recorded: failures, timeouts and errors only, for %s", ops)
        .isEqualTo(model.recordedFailures);
    assertThat(breaker.getSuccessCount()).as("successes recorded, for %s", ops).isEqualTo(model.recordedSuccesses);
  }
}
