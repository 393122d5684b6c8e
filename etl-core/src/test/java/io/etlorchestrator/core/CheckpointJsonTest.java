package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointJsonTest {
  static PipelineRun sampleRun() {
    Instant t0 = Instant.parse("2024-01-15T10:00:00Z");
    return new PipelineRun(
        "run_20240115_100000_ab12",
        "daily_sales_etl",
        "0123456789abcdef0123456789abcdef",
        t0,
        Optional.of(t0.plusSeconds(462)),
        RunStatus.COMPLETED_WITH_FAILURES,
        Map.of("date", "2024-01-15"),
        List.of(
            new StepRun(
                "extract_orders", StepStatus.SUCCESS, 2, Optional.of(t0.plusSeconds(30)),
                Optional.of(t0.plusSeconds(125)), 52_340, Map.of("bytes", 1.5e6),
                Optional.empty(), Optional.empty()),
            new StepRun(
                "load_warehouse", StepStatus.FAILED, 3, Optional.of(t0.plusSeconds(405)),
                Optional.of(t0.plusSeconds(462)), 0, Map.of(),
                Optional.of("IOException: warehouse unreachable"), Optional.empty()),
            new StepRun(
                "report", StepStatus.SKIPPED, 0, Optional.empty(), Optional.empty(), 0, Map.of(),
                Optional.empty(), Optional.of("upstream step 'load_warehouse' failed"))),
        List.of(t0.plusSeconds(300)),
        Map.of("extract_orders", "aaaaaaaaaaaaaaaa", "load_warehouse", "bbbbbbbbbbbbbbbb"));
  }

  @Test
  void roundTripKeepsEveryField() {
    PipelineRun run = sampleRun();
    String json = Checkpoint.toJson(run);
    PipelineRun back = Checkpoint.fromJson(json, "sample.json");
    assertThat(back).isEqualTo(run);
    assertThat(json)
        .contains("\"format_version\" : 1")
        .contains("\"run_id\" : \"run_20240115_100000_ab12\"")
        .contains("\"pipeline\" : \"daily_sales_etl\"")
        .contains("\"started_at\" : \"2024-01-15T10:00:00Z\"")
        .contains("\"status\" : \"completed_with_failures\"")
        .contains("\"status\" : \"success\"");
  }

  @Test
  void roundTripKeepsWhyARunEndedAsItDid() {
    PipelineRun sample = sampleRun();
    PipelineRun run =
        new PipelineRun(
            sample.runId(), sample.pipeline(), sample.planFingerprint(), sample.startedAt(),
            sample.finishedAt(), RunStatus.FAILED, sample.params(), sample.steps(), sample.resumedAt(),
            sample.stepFingerprints(), Optional.of("checkpoint failed: the run's end could not be recorded"));
    String json = Checkpoint.toJson(run);
    assertThat(json).contains("\"reason\" : \"checkpoint failed: the run's end could not be recorded\"");
    assertThat(Checkpoint.fromJson(json, "sample.json")).isEqualTo(run);
    assertThat(Checkpoint.toJson(sampleRun())).doesNotContain("\"reason\" : \"checkpoint");
  }

  @Test
  void readsACheckpointWrittenByHandInTheDocumentedFormat() {
    String json =
        """
        {"run_id": "run_20240115_100000", "pipeline": "daily_sales_etl",
         "started_at": "2024-01-15T10:00:00Z", "status": "failed",
         "steps": {"extract_orders": {"status": "success", "attempts": 1, "rows": 52340},
                   "transform_orders": {"status": "failed", "attempts": 3,
                                        "error": "IOException: disk full"}}}
        """;
    PipelineRun run = Checkpoint.fromJson(json, "by-hand.json");
    assertThat(run.runId()).isEqualTo("run_20240115_100000");
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.steps()).extracting(StepRun::name).containsExactly("extract_orders", "transform_orders");
    assertThat(run.step("extract_orders").orElseThrow().rows()).isEqualTo(52_340);
    assertThat(run.step("transform_orders").orElseThrow().error()).contains("IOException: disk full");
    assertThat(run.planFingerprint()).isEmpty();
    assertThat(run.finishedAt()).isEmpty();
  }

  @Test
  void refusesACheckpointOfANewerFormatVersion() {
    assertThatThrownBy(
            () ->
                Checkpoint.fromJson(
                    "{\"format_version\": 2, \"run_id\": \"r\", \"pipeline\": \"p\","
                        + " \"started_at\": \"2024-01-15T10:00:00Z\", \"status\": \"failed\", \"steps\": {}}",
                    "runs/r/checkpoint.json"))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            "checkpoint runs/r/checkpoint.json has format_version 2, written by a newer version of"
                + " ETL Orchestrator; this version reads format_version 1 or older. It was left"
                + " unchanged: upgrade to read it");
  }

  @Test
  void namesTheFieldAndTheValidValuesOfABadStatus() {
    assertThatThrownBy(
            () ->
                Checkpoint.fromJson(
                    "{\"run_id\": \"r\", \"pipeline\": \"p\", \"started_at\": \"2024-01-15T10:00:00Z\","
                        + " \"status\": \"failed\", \"steps\": {\"a\": {\"status\": \"done\"}}}",
                    "x.json"))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            "checkpoint x.json: field 'steps.a.status' has unknown value 'done'; expected one of"
                + " pending, running, success, failed, skipped, cancelled; the checkpoint was left"
                + " unchanged");
  }

  @Test
  void namesMissingRequiredFields() {
    assertThatThrownBy(() -> Checkpoint.fromJson("{\"pipeline\": \"p\"}", "x.json"))
        .hasMessage("checkpoint x.json: field 'run_id' is required; the checkpoint was left unchanged");
    assertThatThrownBy(
            () ->
                Checkpoint.fromJson(
                    "{\"run_id\": \"r\", \"pipeline\": \"p\", \"started_at\": \"yesterday\","
                        + " \"status\": \"failed\", \"steps\": {}}",
                    "x.json"))
        .hasMessage(
            "checkpoint x.json: field 'started_at' must be an ISO-8601 timestamp such as"
                + " 2024-01-15T10:00:00Z, was 'yesterday'; the checkpoint was left unchanged");
  }

  @Test
  void reportsWhereJsonIsMalformed() {
    assertThatThrownBy(() -> Checkpoint.fromJson("{\n  \"run_id\": \"r\",\n  oops\n}", "x.json"))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith("checkpoint x.json is not valid JSON at line 3, column 3:")
        .hasMessageEndingWith("; it was left unchanged");
  }
}
