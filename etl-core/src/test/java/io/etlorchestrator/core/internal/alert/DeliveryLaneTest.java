package io.etlorchestrator.core.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.alert.Alert;
import io.etlorchestrator.core.alert.AlertKind;
import io.etlorchestrator.core.alert.AlertSeverity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DeliveryLaneTest {
  private final ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static Alert alert(String runId) {
    return new Alert(
        AlertKind.PIPELINE_SUCCESS, "daily_sales_etl", runId, Optional.empty(), "ok", AlertSeverity.INFO,
        Instant.parse("2024-01-15T10:00:00Z"));
  }

  @Test
  void anOutcomeThatThrowsDoesNotStopTheLane() throws Exception {
    List<String> sent = new CopyOnWriteArrayList<>();
    List<String> told = new CopyOnWriteArrayList<>();
    CountDownLatch bothTold = new CountDownLatch(2);
    DeliveryLane lane =
        new DeliveryLane(
            "slack",
            alert -> sent.add(alert.runId()),
            pool,
            1,
            Duration.ZERO,
            (channel, alert, delivered) -> {
              told.add(alert.runId() + " " + delivered);
              bothTold.countDown();
              if (alert.runId().equals("run_1")) {
                throw new StackOverflowError("the outcome broke");
              }
            });

    lane.submit(alert("run_1"));
    lane.submit(alert("run_2"));

    assertThat(bothTold.await(10, TimeUnit.SECONDS)).as("told of both alerts, got %s", told).isTrue();
    assertThat(sent).containsExactly("run_1", "run_2");
    assertThat(told).containsExactly("run_1 true", "run_2 true");
  }

  @Test
  void aStoppedLaneGivesUpWhatItIsGivenAndStaysStopped() throws Exception {
    List<String> told = new CopyOnWriteArrayList<>();
    DeliveryLane lane =
        new DeliveryLane(
            "slack", alert -> told.add("sent " + alert.runId()), pool, 1, Duration.ZERO,
            (channel, alert, delivered) -> told.add(alert.runId() + " " + delivered));

    lane.stop("closed");
    lane.submit(alert("run_1"));

    assertThat(told).as("given up at once, on the caller's thread").containsExactly("run_1 false");
  }
}
