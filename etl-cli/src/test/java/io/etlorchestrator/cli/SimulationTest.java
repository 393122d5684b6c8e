package io.etlorchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepContext;
import io.etlorchestrator.core.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulationTest {
  private static StepContext context(PipelineStep step, AtomicLong rows, AtomicBoolean cancelled) {
    return new StepContext() {
      public String runId() { return "run"; }
      public PipelineStep step() { return step; }
      public int attempt() { return 1; }
      public Map<String, String> params() { return Map.of(); }
      public void reportRows(long n) { rows.addAndGet(n); }
      public void metric(String name, double value) {}
      public boolean isCancelled() { return cancelled.get(); }
      public void reportProfile(io.etlorchestrator.core.quality.DatasetProfile profile) {}
    };
  }

  /** Virtual time for simulated steps: each sleep moves it on, and runs what the test asked for. */
  private static final class VirtualTime implements Simulation.Sleeper {
    final List<Long> sleeps = new ArrayList<>();
    long now;
    Runnable onSleep = () -> {};

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleep(long nanos) {
      sleeps.add(nanos);
      now += nanos;
      onSleep.run();
    }
  }

  @Test
  void takesTheScaledEstimateAndReportsTheSameRowsEveryTime() throws Exception {
    PipelineStep step = PipelineStep.builder("extract_orders").estimatedDuration(Duration.ofSeconds(20)).build();
    AtomicLong rows = new AtomicLong();
    VirtualTime time = new VirtualTime();

    new Simulation(0.01, time).actionFor(step).run(context(step, rows, new AtomicBoolean()));

    assertThat(Duration.ofNanos(time.now)).as("time taken for 20 s at 0.01").isEqualTo(Duration.ofMillis(200));
    assertThat(time.sleeps).as("waits of at most one poll each").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(Simulation.POLL_NANOS));
    assertThat(rows.get()).isEqualTo(Simulation.rows("extract_orders")).isBetween(1_000L, 100_000L);
    assertThat(Simulation.rows("extract_orders")).isNotEqualTo(Simulation.rows("load_warehouse"));
  }

  @Test
  void stopsWithinOnePollOfBeingCancelled() {
    PipelineStep step = PipelineStep.builder("slow").estimatedDuration(Duration.ofHours(1)).build();
    AtomicBoolean cancelled = new AtomicBoolean();
    VirtualTime time = new VirtualTime();
    time.onSleep = () -> cancelled.set(time.sleeps.size() == 3); // cancelled during the third wait

    assertThatThrownBy(() -> new Simulation(1, time).actionFor(step).run(context(step, new AtomicLong(), cancelled)))
        .isInstanceOf(InterruptedException.class)
        .hasMessage("simulated step slow was cancelled");
    assertThat(time.sleeps).as("no wait after the one the cancel came in").hasSize(3);
  }

  @Test
  void stopsWhenInterruptedWhileWaiting() {
    PipelineStep step = PipelineStep.builder("slow").estimatedDuration(Duration.ofHours(1)).build();
    Thread runner = Thread.currentThread();
    Thread interrupter = new Thread(() -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (runner.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      runner.interrupt();
    }, "interrupter");
    interrupter.start();

    assertThatThrownBy(() -> new Simulation(1).actionFor(step).run(context(step, new AtomicLong(), new AtomicBoolean())))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).as("the interrupt ended with the wait that it stopped").isFalse();
  }

  @Test
  void theScaledSchedulerShrinksEveryDelay() {
    List<Duration> delays = new ArrayList<>();
    Scheduler recording = (delay, task) -> {
      delays.add(delay);
      return () -> {};
    };

    Scheduler scaled = new ScaledScheduler(recording, 0.01);
    scaled.schedule(Duration.ofSeconds(30), () -> {});
    scaled.schedule(Duration.ofMinutes(5), () -> {});

    assertThat(delays).containsExactly(Duration.ofMillis(300), Duration.ofSeconds(3));
    assertThat(ScaledScheduler.scale(Duration.ofDays(365 * 1000), 1e9)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }

  @Test
  void rejectsTimeScalesThatAreNotPositive() {
    assertThat(Cli.run("run", "x.yaml", "--simulate", "--time-scale", "0").exitCode()).isEqualTo(2);
    assertThatThrownBy(() -> new Simulation(-1)).isInstanceOf(CliException.class).hasMessageContaining("--time-scale");
  }
}
