package io.etlorchestrator.examples;

import static io.etlorchestrator.examples.ExampleRun.parquetRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example extracting from a real PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres,
 * database test). Skipped when no server answers there, unless ETL_REQUIRE_POSTGRES=true (as
 * .ci/run sets it), in which case it fails.
 */
class PostgresSourceTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  /**
   * A schema of this test run's own, so that it never touches the demo's {@code etl_example} nor
   * a test running at the same time in another process; dropped afterwards.
   */
  private static final String SCHEMA = "etl_example_test_" + ProcessHandle.current().pid();

  @TempDir Path work;

  @BeforeAll
  static void postgresAnswers() {
    boolean up;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 5432), 2_000);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    if (!up && "true".equals(System.getenv("ETL_REQUIRE_POSTGRES"))) {
      throw new AssertionError("PostgreSQL is not answering on 127.0.0.1:5432 and ETL_REQUIRE_POSTGRES=true");
    }
    assumeTrue(up, "skipped: no PostgreSQL answers on 127.0.0.1:5432 (start one with trust auth for user"
        + " postgres and database test to run this test)");
  }

  @AfterEach
  void dropSchema() throws Exception {
    try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @Test
  void extractsFromPostgresSeedingItsTablesAndLoadsTheSameTotals() throws Exception {
    dropSchema();

    ExampleRun result = ExampleRun.run(work, "--run-id", "pg", "--source-url", URL, "--source-schema", SCHEMA);

    assertThat(result.exitCode()).as("stderr: %s", result.err()).isZero();
    assertThat(result.out()).contains("PostgreSQL " + URL + " schema " + SCHEMA).contains("seeded now");
    try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet r = statement.executeQuery(
            "SELECT (SELECT count(*) FROM " + SCHEMA + ".orders), (SELECT count(*) FROM " + SCHEMA
                + ".customers), (SELECT count(*) FROM " + SCHEMA + ".products)")) {
      r.next();
      assertThat(new long[] {r.getLong(1), r.getLong(2), r.getLong(3)}).as("rows seeded in PostgreSQL")
          .containsExactly(52_340, 12_450, 3_200);
    }
    assertThat(parquetRows(work, "staging/orders.parquet")).isEqualTo(52_340);
    assertThat(parquetRows(work, "staging/customers.parquet")).isEqualTo(12_450);
    assertThat(parquetRows(work, "staging/products.parquet")).isEqualTo(3_200);
    assertThat(parquetRows(work, "transformed/orders_enriched.parquet")).isEqualTo(52_340);
    assertThat(parquetRows(work, "marts/daily_sales.parquet")).isEqualTo(365);
    assertThat(ExampleRun.warehouse(work)).as("the same totals as from the generated rows")
        .isEqualTo(ExampleRun.expectedTotals());

    ExampleRun again = ExampleRun.run(work, "--run-id", "pg2", "--source-url", URL, "--source-schema", SCHEMA);
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).as("tables already in place are kept").contains("already seeded");
  }
}
