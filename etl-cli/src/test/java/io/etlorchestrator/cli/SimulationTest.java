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
    };
  }

  @Test
  void takesTheScaledEstimateAndReportsTheSameRowsEveryTime() throws Exception {
    PipelineStep step = PipelineStep.builder("extract_orders").estimatedDuration(Duration.ofSeconds(20)).build();
    AtomicLong rows = new AtomicLong();
    long start = System.nanoTime();

    new Simulation(0.01).actionFor(step).run(context(step, rows, new AtomicBoolean()));

    assertThat((System.nanoTime() - start) / 1_000_000).as("ms for 20 s at 0.01").isBetween(190L, 2_000L);
    assertThat(rows.get()).isEqualTo(Simulation.rows("extract_orders")).isBetween(1_000L, 100_000L);
    assertThat(Simulation.rows("extract_orders")).isNotEqualTo(Simulation.rows("load_warehouse"));
  }

  @Test
  void stopsPromptlyWhenCancelledOrInterrupted() throws Exception {
    PipelineStep step = PipelineStep.builder("slow").estimatedDuration(Duration.ofHours(1)).build();
    AtomicBoolean cancelled = new AtomicBoolean();
    Thread runner = Thread.currentThread();
    new Thread(() -> {
      sleep(100);
      cancelled.set(true);
    }).start();
    long start = System.nanoTime();

    assertThatThrownBy(() -> new Simulation(1).actionFor(step).run(context(step, new AtomicLong(), cancelled)))
        .isInstanceOf(InterruptedException.class);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000L);

    new Thread(() -> {
      sleep(100);
      runner.interrupt();
    }).start();
    assertThatThrownBy(() -> new Simulation(1).actionFor(step).run(context(step, new AtomicLong(), new AtomicBoolean())))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
