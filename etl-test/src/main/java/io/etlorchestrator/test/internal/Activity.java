package io.etlorchestrator.test.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What a run under test is doing in real time, so that virtual time moves only when nothing else
 * can happen first: the run is <em>idle</em> when no work of its is in flight (no task on its worker
 * pool, no checkpoint commit outstanding) except attempts parked until virtual time moves ({@code
 * taking}, {@code hanging}). Internal: not part of the public API.
 *
 * <p>Every piece of work is counted before the work that hands it on ends (a worker submits the
 * next worker before it returns; a commit is counted until the callbacks it completes have run), so
 * the count never touches zero while something is still on its way. A parked attempt whose thread
 * has been interrupted (its timeout fell due, or the run was cancelled) counts as busy: it is about
 * to wake. The thread clears the interrupt only once it holds this object's monitor again (JLS
 * 17.2.1) and unparks before it lets go, so whoever holds the monitor sees either the interrupt or
 * the attempt awake.
 *
 * <p>All state is guarded by this object's monitor; every change wakes the waiters.
 */
public final class Activity {
  private int busy;
  private final Map<Object, Parked> parked = new IdentityHashMap<>();
  private final Set<Object> released = new HashSet<>();
  private final Map<Thread, String> attempts = new LinkedHashMap<>();

  private record Parked(Thread thread, String what) {}

  /** Work of the run starts (a worker task, a commit in flight). */
  public synchronized void begin() {
    busy++;
    notifyAll();
  }

  /** Work counted by {@link #begin()} is over. */
  public synchronized void end() {
    busy--;
    notifyAll();
  }

  /** Wakes the waiters to look again (the run ended). */
  public synchronized void poke() {
    notifyAll();
  }

  /** The calling thread runs {@code what} (such as {@code step 'x' attempt 2}) until {@link #attemptEnded()}. */
  public synchronized void attemptStarted(String what) {
    attempts.put(Thread.currentThread(), what);
  }

  /** The calling thread's attempt is over. */
  public synchronized void attemptEnded() {
    attempts.remove(Thread.currentThread());
  }

  /** The attempts running now, by thread. */
  public synchronized Map<Thread, String> attempts() {
    return new LinkedHashMap<>(attempts);
  }

  /** What is parked now, each as its description, in no particular order. */
  public synchronized List<String> parked() {
    List<String> what = new ArrayList<>();
    parked.values().forEach(p -> what.add(p.what()));
    return what;
  }

  /** Whether no work is in flight but parked attempts that nothing has woken yet. */
  public synchronized boolean idle() {
    int asleep = 0;
    for (Parked p : parked.values()) {
      if (!p.thread().isInterrupted()) {
        asleep++;
      }
    }
    return busy == asleep;
  }

  /**
   * Waits until the run is idle or {@code done} says it is over, at most until {@code deadline}
   * ({@link System#nanoTime()}).
   *
   * @return false if the deadline passed first
   */
  public synchronized boolean awaitIdle(BooleanSupplier done, long deadline) throws InterruptedException {
    while (!done.getAsBoolean() && !idle()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      // Bounded so that a change nobody announces (a supplier's answer) is seen soon all the same.
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
    }
    return true;
  }

  /**
   * Parks the calling thread, which runs work counted by {@link #begin()}, until {@link
   * #release(Object)} of {@code token} (which may come first) or an interrupt.
   *
   * @param what the attempt and why it waits, for diagnostics
   * @throws InterruptedException if the thread is interrupted first
   */
  public synchronized void park(Object token, String what) throws InterruptedException {
    parked.put(token, new Parked(Thread.currentThread(), what));
    notifyAll();
    try {
      while (!released.remove(token)) {
        wait();
      }
    } finally {
      parked.remove(token);
      notifyAll();
    }
  }

  /** Ends the parking of {@code token}, now or, if it has not parked yet, as soon as it does. */
  public synchronized void release(Object token) {
    parked.remove(token); // from now on the attempt counts as busy: it is about to wake
    released.add(token);
    notifyAll();
  }

  /** Forgets a release that no park took (the attempt was interrupted first). */
  public synchronized void forget(Object token) {
    released.remove(token);
  }
}
