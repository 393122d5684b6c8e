package io.etlorchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in check kind on a real Parquet file that a step of a real executor writes: each
 * passes on good data and fails on bad data, saying what it observed and what it expected.
 */
class FileChecksTest {
  static final String MART = "marts/daily_sales.parquet";
  /** When the profiler looks: 14 hours after the newest updated_at of {@link Duck#sales}. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-16T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path work;

  private PipelineRun run(String select, List<Check> checks) {
    Pipeline pipeline = Pipeline.builder("daily_sales").defaultRetryPolicy(RetryPolicy.none())
        .step("aggregate_sales", s -> {
          s.outputs(MART).action(ctx -> {
            Duck.write(work.resolve(MART), select);
            Files.setLastModifiedTime(work.resolve(MART), FileTime.from(CLOCK.instant().minus(Duration.ofHours(30))));
          });
          checks.forEach(s::check);
        })
        .build();
    try (Executor executor = Executor.builder().profiler(FileProfiler.in(work).withClock(CLOCK))
        .checkpointStore(CheckpointStore.file(work.resolve(".etl"))).build()) {
      return executor.run(pipeline);
    }
  }

  /** sale_date date, revenue double, in that order. */
  static Map<String, String> schema() {
    Map<String, String> columns = new java.util.LinkedHashMap<>();
    columns.put("sale_date", "date");
    columns.put("revenue", "double");
    return columns;
  }

  private static List<Check> everyKind() {
    return List.of(
        QualityChecks.rowCount(MART, 300L, 400L).build(),
        QualityChecks.notNull(MART, "sale_date", "customer_id").build(),
        QualityChecks.unique(MART, "sale_date").build(),
        QualityChecks.acceptedValues(MART, "region", List.of("north", "south", "east", "west")).build(),
        QualityChecks.range(MART, "revenue", 0, null).build(),
        QualityChecks.freshness(MART, "updated_at", Duration.ofHours(26)).build(),
        QualityChecks.freshness(MART, Duration.ofHours(36)).build(),
        QualityChecks.schema(MART, schema()).build(),
        QualityChecks.sql(MART, "select * from {dataset} where revenue < 0").build());
  }

  @Test
  void everyKindPassesOnGoodDataAndTheStepSucceeds() {
    PipelineRun run = run(Duck.sales(365), everyKind());

    List<CheckResult> results = run.step("aggregate_sales").orElseThrow().checks();
    assertThat(results).extracting(CheckResult::check).containsExactly(
        "row_count", "not_null(sale_date, customer_id)", "unique(sale_date)", "accepted_values(region)",
        "range(revenue)", "freshness(updated_at)", "freshness", "schema", "sql");
    assertThat(results).allSatisfy(r -> assertThat(r.outcome()).as(r.check() + ": " + r.message()).isEqualTo(CheckOutcome.PASS));
    assertThat(results.get(0).observed()).contains("365 rows");
    assertThat(results.get(0).expected()).contains("300 to 400 rows");
    assertThat(results.get(5).observed()).contains("newest updated_at 14h ago (2024-01-15T10:00:00Z)");
    assertThat(run.status()).hasToString("SUCCESS");
  }

  static Stream<Arguments> failures() {
    String good = Duck.sales(365);
    return Stream.of(
        Arguments.of("row_count", Duck.sales(40), QualityChecks.rowCount(MART, 300L, 400L).build(),
            "40 rows", "300 to 400 rows", "marts/daily_sales.parquet has 40 rows, fewer than the 300 expected"),
        Arguments.of("not_null", good.replace("CAST(i AS BIGINT) AS customer_id", "CASE WHEN i < 3 THEN NULL ELSE i END AS customer_id"),
            QualityChecks.notNull(MART, "sale_date", "customer_id").build(),
            "sale_date: no nulls, customer_id: 3 nulls", "no nulls in sale_date, customer_id", "customer_id has 3 nulls of 365 rows"),
        Arguments.of("unique", good.replace("CAST(i AS INTEGER) AS sale_date", "CAST(i // 2 AS INTEGER) AS sale_date").replace("range(365)", "range(6)"),
            QualityChecks.unique(MART, "sale_date").build(),
            "3 duplicated values", "each sale_date once", "of sale_date appear more than once, e.g. (sale_date=2024-01-0"),
        Arguments.of("accepted_values", good.replace("'west'", "'Nord'"),
            QualityChecks.acceptedValues(MART, "region", List.of("north", "south", "east", "west")).build(),
            "91 rows with 1 other value", "region in north, south, east, west", "region has values outside the accepted ones: (region=Nord, occurrences=91)"),
        Arguments.of("range", good.replace("CAST(100 + i AS DOUBLE)", "CAST(i - 5 AS DOUBLE)"),
            QualityChecks.range(MART, "revenue", 0, 1000).build(),
            "min -5.0, max 359.0", "revenue from 0 to 1000", "revenue has values below 0 (min -5.0)"),
        Arguments.of("freshness", good.replace("TIMESTAMP '2024-01-15 10:00:00'", "TIMESTAMP '2024-01-14 10:00:00'"),
            QualityChecks.freshness(MART, "updated_at", Duration.ofHours(26)).build(),
            "newest updated_at 38h ago (2024-01-14T10:00:00Z)", "at most 26h old",
            "marts/daily_sales.parquet is 38h old (newest updated_at 2024-01-14T10:00:00Z), older than 26h"),
        Arguments.of("freshness of the file", good, QualityChecks.freshness(MART, Duration.ofHours(26)).build(),
            "last written 30h ago (2024-01-14T18:00:00Z)", "at most 26h old", "older than 26h"),
        Arguments.of("schema", good.replace("CAST(100 + i AS DOUBLE)", "CAST(100 + i AS VARCHAR)"),
            QualityChecks.schema(MART, schema()).build(),
            "sale_date DATE, revenue VARCHAR", "sale_date date, revenue double",
            "revenue is VARCHAR, expected double; its columns: sale_date, region, revenue, customer_id, updated_at"),
        Arguments.of("sql", good.replace("CAST(100 + i AS DOUBLE)", "CAST(i - 2 AS DOUBLE)"),
            QualityChecks.sql(MART, "select sale_date, revenue from {dataset} where revenue < 0 order by revenue").build(),
            "2 rows", "no rows", "the query returned 2 rows: (sale_date=2024-01-01, revenue=-2.0); (sale_date=2024-01-02, revenue=-1.0)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void eachKindFailsOnBadDataSayingWhatItSawAndWanted(
      String kind, String select, Check check, String observed, String expected, String message) {
    PipelineRun run = run(select, List.of(check));

    CheckResult result = run.step("aggregate_sales").orElseThrow().checks().get(0);
    assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.FAIL);
    assertThat(result.observed()).contains(observed);
    assertThat(result.expected()).contains(expected);
    assertThat(result.message()).contains(message);
    assertThat(run.step("aggregate_sales").orElseThrow().status()).hasToString("FAILED");
  }

  @Test
  void aCheckNamingAColumnTheFileLacksIsAnErrorListingItsColumns() {
    PipelineRun run = run(Duck.sales(365), List.of(QualityChecks.notNull(MART, "revenu").build()));

    CheckResult result = run.step("aggregate_sales").orElseThrow().checks().get(0);
    assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
    assertThat(result.message()).contains(
        "marts/daily_sales.parquet has no column 'revenu' (did you mean 'revenue'?);"
            + " its columns: sale_date, region, revenue, customer_id, updated_at");
  }

  @Test
  void columnsAreMatchedIgnoringCaseWhenNoneHasTheExactName() {
    PipelineRun run = run(Duck.sales(365), List.of(QualityChecks.notNull(MART, "SALE_DATE").build()));

    assertThat(run.step("aggregate_sales").orElseThrow().checks().get(0).outcome()).isEqualTo(CheckOutcome.PASS);
  }
}
