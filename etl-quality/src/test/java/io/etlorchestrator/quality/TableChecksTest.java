package io.etlorchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import io.etlorchestrator.core.quality.ColumnProfile;
import io.etlorchestrator.core.quality.DatasetProfile;
import io.etlorchestrator.core.spi.CheckpointStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in check kind on real tables of a DuckDB database file, H2 and PostgreSQL, profiled
 * over JDBC by a {@link TableProfiler} while a real executor runs the step that writes them.
 */
class TableChecksTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-16T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path work;
  private Databases database;

  @AfterEach
  void dropSchema() throws Exception {
    if (database != null) {
      database.drop(work);
    }
  }

  private String dataset() {
    return "warehouse." + database.schema() + ".daily_sales";
  }

  private TableProfiler tables() {
    ConnectionSpec spec = database == Databases.POSTGRES
        ? new ConnectionSpec("warehouse", database.url(work), java.util.Optional.of("postgres"),
            java.util.Optional.empty(), java.util.Optional.empty())
        : ConnectionSpec.of("warehouse", database.url(work));
    return TableProfiler.builder().connection(spec).clock(CLOCK).build();
  }

  private PipelineRun run(int days, String bad, List<Check> checks) throws Exception {
    Pipeline pipeline = Pipeline.builder("daily_sales").defaultRetryPolicy(RetryPolicy.none())
        .step("load_warehouse", s -> {
          s.outputs(dataset()).action(ctx -> database.writeSales(work, days, bad));
          checks.forEach(s::check);
        })
        .build();
    try (Executor executor = Executor.builder().profiler(tables())
        .checkpointStore(CheckpointStore.file(work.resolve(".etl"))).build()) {
      return executor.run(pipeline);
    }
  }

  private void use(Databases database) throws Exception {
    database.assumeAvailable();
    this.database = database;
    database.reset(work);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void profilesATableInOneQuery(Databases database) throws Exception {
    use(database);
    database.writeSales(work, 365, "nulls");

    DatasetProfile profile = tables().profile(dataset()).orElseThrow();

    assertThat(profile.rows()).hasValue(365);
    assertThat(profile.profiledAt()).isEqualTo(CLOCK.instant());
    assertThat(profile.columns()).extracting(c -> c.name().toLowerCase())
        .containsExactly("sale_date", "region", "revenue", "customer_id", "updated_at");
    ColumnProfile customer = profile.columns().get(3);
    assertThat(customer.nulls()).isEqualTo(3);
    assertThat(customer.distinct()).hasValue(362);
    assertThat(customer.distinctApproximate()).as("count(DISTINCT c) is exact").isFalse();
    assertThat(customer.min()).contains("3");
    assertThat(customer.max()).contains("364");
    assertThat(profile.columns().get(2).mean()).hasValue(282.0);
    assertThat(profile.columns().get(4).max().orElseThrow()).startsWith("2024-01-15 10:00:00");
  }

  private static List<Check> everyKind(String ds) {
    return List.of(
        QualityChecks.rowCount(ds, 300L, 400L).build(),
        QualityChecks.notNull(ds, "sale_date", "customer_id").build(),
        QualityChecks.unique(ds, "sale_date").build(),
        QualityChecks.acceptedValues(ds, "region", List.of("north", "south", "east", "west")).build(),
        QualityChecks.range(ds, "revenue", 0, null).build(),
        QualityChecks.freshness(ds, "updated_at", Duration.ofHours(26)).build(),
        QualityChecks.schema(ds, FileChecksTest.schema()).build(),
        QualityChecks.sql(ds, "select * from {dataset} where revenue < 0").build());
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void everyKindPassesOnAGoodTable(Databases database) throws Exception {
    use(database);

    PipelineRun run = run(365, "", everyKind(dataset()));

    List<CheckResult> results = run.step("load_warehouse").orElseThrow().checks();
    assertThat(results).hasSize(8);
    assertThat(results).allSatisfy(r -> assertThat(r.outcome()).as(r.check() + ": " + r.message()).isEqualTo(CheckOutcome.PASS));
    assertThat(run.status()).hasToString("SUCCESS");
  }

  static Stream<Arguments> failures() {
    Function<String, Check> rowCount = ds -> QualityChecks.rowCount(ds, 300L, 400L).build();
    Function<String, Check> notNull = ds -> QualityChecks.notNull(ds, "customer_id").build();
    Function<String, Check> unique = ds -> QualityChecks.unique(ds, "sale_date").build();
    Function<String, Check> accepted = ds -> QualityChecks.acceptedValues(ds, "region", List.of("north", "south", "east", "west")).build();
    Function<String, Check> range = ds -> QualityChecks.range(ds, "revenue", 0, null).build();
    Function<String, Check> fresh = ds -> QualityChecks.freshness(ds, "updated_at", Duration.ofHours(26)).build();
    Function<String, Check> schema = ds -> QualityChecks.schema(ds, FileChecksTest.schema()).build();
    Function<String, Check> sql = ds -> QualityChecks.sql(ds, "select * from {dataset} where revenue < 0").build();
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Databases db : Databases.values()) {
      cases.add(Arguments.of(db, "row_count", 40, "", rowCount, "40 rows", "has 40 rows, fewer than the 300 expected"));
      cases.add(Arguments.of(db, "not_null", 365, "nulls", notNull, "3 nulls", "has 3 nulls of 365 rows"));
      cases.add(Arguments.of(db, "unique", 6, "duplicates", unique, "3 duplicated values", "appear more than once"));
      cases.add(Arguments.of(db, "accepted_values", 365, "region", accepted, "91 rows with 1 other value", "=Nord"));
      cases.add(Arguments.of(db, "range", 365, "negative", range, "min -5", "has values below 0"));
      cases.add(Arguments.of(db, "freshness", 365, "stale", fresh, "38h ago", "older than 26h"));
      cases.add(Arguments.of(db, "schema", 365, "text", schema, "revenue", "expected double"));
      cases.add(Arguments.of(db, "sql", 365, "negative", sql, "5 rows", "the query returned 5 rows"));
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("failures")
  void eachKindFailsOnABadTable(Databases database, String kind, int days, String bad, Function<String, Check> check,
      String observed, String message) throws Exception {
    use(database);

    PipelineRun run = run(days, bad, List.of(check.apply(dataset())));

    CheckResult result = run.step("load_warehouse").orElseThrow().checks().get(0);
    assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.FAIL);
    assertThat(result.observed().orElseThrow()).containsIgnoringCase(observed);
    assertThat(result.message()).containsIgnoringCase(message);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aCheckNamingAColumnTheTableLacksIsAnErrorListingItsColumns(Databases database) throws Exception {
    use(database);

    PipelineRun run = run(365, "", List.of(QualityChecks.notNull(dataset(), "revenu").build()));

    CheckResult result = run.step("load_warehouse").orElseThrow().checks().get(0);
    assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
    assertThat(result.message()).containsIgnoringCase(
        "has no column 'revenu' (did you mean 'revenue'?); its columns: sale_date, region, revenue, customer_id, updated_at");
  }

  @ParameterizedTest
  @EnumSource(value = Databases.class, names = {"DUCKDB", "H2"})
  void aTableOfTheDefaultSchemaIsNamedWithoutTheSchema(Databases database) throws Exception {
    use(database);
    try (var c = database.open(work); var s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id INTEGER)");
      s.execute("INSERT INTO orders VALUES (1), (2)");
    }

    assertThat(tables().profile("warehouse.orders").orElseThrow().rows()).hasValue(2);
    assertThat(tables().reads("warehouse.orders")).isTrue();
    assertThat(tables().reads("elsewhere.orders")).isFalse();
    assertThat(tables().profile("staging/orders.parquet")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void anUnknownTableIsAnErrorNamingTheConnectionAndItsTables(Databases database) throws Exception {
    use(database);
    database.writeSales(work, 1, "");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tables().profile("warehouse." + database.schema() + ".daily_sale"))
        .hasMessageContaining("(connection 'warehouse'): no table or view 'daily_sale' in schema '" + database.schema() + "'")
        .message().containsIgnoringCase("its tables: daily_sales");
  }

}
