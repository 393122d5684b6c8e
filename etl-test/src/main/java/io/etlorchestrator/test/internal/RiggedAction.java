package io.etlorchestrator.test.internal;

import io.etlorchestrator.core.StepAction;
import io.etlorchestrator.core.StepContext;
import io.etlorchestrator.core.spi.Scheduler;
import io.etlorchestrator.test.InjectedFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * A step's action as a test rigged it: it takes a while of virtual time, goes wrong as a {@link
 * Fault} says, and otherwise runs the step's own action; every attempt is registered in the {@link
 * Activity} with its thread, for diagnostics. Internal: not part of the public API.
 */
public final class RiggedAction implements StepAction {
  private final String step;
  private final StepAction action;
  private final Optional<Fault> fault;
  private final Optional<Duration> taking;
  private final Activity activity;
  private final Scheduler scheduler;

  /**
   * {@code action} of {@code step}, taking {@code taking} of virtual time on {@code scheduler}
   * before {@code fault} applies.
   */
  public RiggedAction(
      String step,
      StepAction action,
      Optional<Fault> fault,
      Optional<Duration> taking,
      Activity activity,
      Scheduler scheduler) {
    this.step = step;
    this.action = action;
    this.fault = fault;
    this.taking = taking;
    this.activity = activity;
    this.scheduler = scheduler;
  }

  @Override
  public void run(StepContext context) throws Exception {
    int attempt = context.attempt();
    activity.attemptStarted(String.format("step '%s' attempt %d", step, attempt));
    try {
      if (taking.isPresent() && !taking.get().isZero()) {
        waitFor(taking.get(), String.format("step '%s' attempt %d takes %s of virtual time", step, attempt, taking.get()));
      }
      if (fault.isPresent() && fault.get().covers(attempt)) {
        goWrong(fault.get(), attempt);
      }
      action.run(context);
    } finally {
      activity.attemptEnded();
    }
  }

  private void goWrong(Fault fault, int attempt) throws Exception {
    if (fault.kind() == Fault.Kind.HANG) {
      activity.park(
          new Object(),
          String.format(
              "step '%s' attempt %d hangs (%s) until its timeout or the run's end interrupts it",
              step, attempt, fault.origin()));
      // Only an interrupt ends the parking of a token nobody releases.
      throw new IllegalStateException(String.format("step '%s' attempt %d was released from hanging", step, attempt));
    }
    if (fault.failure() != null) {
      Exception failure = fault.failure().get();
      if (failure == null) {
        throw new IllegalStateException(String.format("the failure supplier of %s returned null", fault.origin()));
      }
      throw failure;
    }
    throw new InjectedFailure(
        step, attempt, String.format("injected failure of attempt %d of step '%s' (%s)", attempt, step, fault.origin()));
  }

  /** Parks until the virtual clock has moved {@code duration}, or the attempt is interrupted. */
  private void waitFor(Duration duration, String what) throws InterruptedException {
    Object token = new Object();
    Scheduler.Cancellable timer = scheduler.schedule(duration, () -> activity.release(token));
    try {
      activity.park(token, what);
    } finally {
      timer.cancel();
      activity.forget(token);
    }
  }
}
