package io.etlorchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etlorchestrator.core.quality.ColumnProfile;
import io.etlorchestrator.core.quality.DatasetProfile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Profiles of real Parquet, CSV and JSON files, written by DuckDB in a temporary directory. */
class FileProfilerTest {
  @TempDir Path work;

  private static final String DATA =
      "SELECT i AS id, CASE WHEN i % 4 = 0 THEN NULL ELSE 'r' || (i % 3) END AS region,"
          + " CAST(i * 1.5 AS DOUBLE) AS revenue, DATE '2024-01-01' + CAST(i AS INTEGER) AS day"
          + " FROM range(1, 11) t(i)";

  @ParameterizedTest
  @ValueSource(strings = {"marts/daily.parquet", "marts/daily.csv", "marts/daily.json"})
  void profilesRowsTypesNullsDistinctRangeAndMeanOfEachFormat(String dataset) throws Exception {
    Duck.write(work.resolve(dataset), DATA);
    Instant modified = Instant.parse("2024-01-15T10:00:00Z");
    Files.setLastModifiedTime(work.resolve(dataset), FileTime.from(modified));
    Clock clock = Clock.fixed(Instant.parse("2024-01-15T12:00:00Z"), ZoneOffset.UTC);

    DatasetProfile profile = FileProfiler.in(work).withClock(clock).profile(dataset).orElseThrow();

    assertThat(profile.dataset()).isEqualTo(dataset);
    assertThat(profile.rows()).hasValue(10);
    assertThat(profile.bytes()).hasValue(Files.size(work.resolve(dataset)));
    assertThat(profile.lastModified()).contains(modified);
    assertThat(profile.profiledAt()).isEqualTo(clock.instant());
    assertThat(profile.columns()).extracting(ColumnProfile::name).containsExactly("id", "region", "revenue", "day");
    ColumnProfile id = profile.column("id").orElseThrow();
    assertThat(id.type()).isEqualTo("BIGINT");
    assertThat(id.min()).contains("1");
    assertThat(id.max()).contains("10");
    assertThat(id.mean()).hasValue(5.5);
    assertThat(id.distinct()).hasValue(10);
    assertThat(id.distinctApproximate()).as("DuckDB's approx_count_distinct").isTrue();
    ColumnProfile region = profile.column("region").orElseThrow();
    assertThat(region.type()).isEqualTo("VARCHAR");
    assertThat(region.nulls()).isEqualTo(2);
    assertThat(region.distinct()).hasValue(3);
    assertThat(region.mean()).isEmpty();
    assertThat(profile.column("revenue").orElseThrow().max()).contains("15.0");
    assertThat(profile.column("day").orElseThrow().type()).isEqualTo("DATE");
    assertThat(profile.column("day").orElseThrow().max()).contains("2024-01-11");
    assertThat(profile.metric("null_ratio(region)")).hasValue(0.2);
  }

  @Test
  void aMissingFileIsAnErrorNamingTheDatasetAndWhereItLooked() {
    FileProfiler files = FileProfiler.in(work);

    assertThatThrownBy(() -> files.profile("staging/orders.parquet"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("file 'staging/orders.parquet' does not exist (looked for "
            + work.toAbsolutePath().resolve("staging/orders.parquet") + ")");
  }

  @Test
  void anUnreadableFileIsAnErrorSayingWhyInOneLine() throws Exception {
    Files.createDirectories(work.resolve("staging"));
    Files.writeString(work.resolve("staging/orders.parquet"), "not parquet at all");

    assertThatThrownBy(() -> FileProfiler.in(work).profile("staging/orders.parquet"))
        .hasMessageStartingWith("cannot read staging/orders.parquet: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void readsOnlyFileDatasetsAndLeavesTablesToOthers() throws Exception {
    FileProfiler files = FileProfiler.in(work);

    assertThat(files.reads("staging/orders.parquet")).isTrue();
    assertThat(files.reads("raw/events.JSONL")).isTrue();
    assertThat(files.reads("raw/orders.csv.gz")).isTrue();
    assertThat(files.reads("postgres.orders")).isFalse();
    assertThat(files.profile("postgres.orders")).isEmpty();
  }

  @Test
  void runsQueriesWithTheDatasetInPlaceOfItsName() throws Exception {
    Duck.write(work.resolve("marts/daily.parquet"), DATA);

    QueryResult result = FileProfiler.in(work).query("marts/daily.parquet",
        "select id, region from {dataset} where id > 7 order by id;", 2);

    assertThat(result.count()).isEqualTo(3);
    assertThat(result.columns()).containsExactly("id", "region");
    assertThat(result.rows()).containsExactly(java.util.List.of("8", "null"), java.util.List.of("9", "r0"));
  }

  @Test
  void profilesAndQueriesFromManyThreadsAtOnceEachSeeTheirOwnFile() throws Exception {
    int files = 6;
    for (int f = 0; f < files; f++) {
      Duck.write(work.resolve("part" + f + ".parquet"), "SELECT i AS id FROM range(0, " + (100 + f) + ") t(i)");
    }
    FileProfiler profiler = FileProfiler.in(work);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(files);
    try {
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(files);
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int f = 0; f < files; f++) {
        int file = f;
        done.add(pool.submit(() -> {
          start.await();
          for (int round = 0; round < 20; round++) {
            String dataset = "part" + file + ".parquet";
            assertThat(profiler.profile(dataset).orElseThrow().rows()).hasValue(100 + file);
            assertThat(profiler.query(dataset, "select * from {dataset} where id >= 100", 10).count())
                .isEqualTo(file);
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
