package io.etlorchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials of a connection come from environment variables and never appear in messages. */
class TableCredentialsTest {
  private static final String PASSWORD = "s3cret-pass-42";

  @TempDir Path work;
  private String url;

  @BeforeEach
  void database() throws Exception {
    url = "jdbc:h2:file:" + work.resolve("secured");
    Properties admin = new Properties();
    admin.setProperty("user", "etl");
    admin.setProperty("password", PASSWORD);
    try (Connection c = DriverManager.getConnection(url, admin); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id INTEGER)");
      s.execute("INSERT INTO orders VALUES (1), (2), (3)");
    }
  }

  private TableProfiler profiler(Map<String, String> environment) {
    return TableProfiler.builder()
        .connection(ConnectionSpec.of("shop", url).withCredentialsFrom("SHOP_USER", "SHOP_PASSWORD"))
        .environment(environment::get)
        .build();
  }

  @Test
  void readsTheUserAndPasswordFromTheVariablesTheConnectionNames() throws Exception {
    TableProfiler tables = profiler(Map.of("SHOP_USER", "etl", "SHOP_PASSWORD", PASSWORD));

    assertThat(tables.profile("shop.orders").orElseThrow().rows()).hasValue(3);
  }

  @Test
  void aWrongPasswordIsAnErrorNamingTheConnectionAndNotThePassword() {
    TableProfiler tables = profiler(Map.of("SHOP_USER", "etl", "SHOP_PASSWORD", "wrong-" + PASSWORD));

    assertThatThrownBy(() -> tables.profile("shop.orders"))
        .hasMessageContaining("cannot profile shop.orders (connection 'shop'): ")
        .hasMessageNotContaining(PASSWORD)
        .hasNoCause();
  }

  @Test
  void aMissingVariableIsAnErrorNamingIt() {
    TableProfiler tables = profiler(Map.of("SHOP_USER", "etl"));

    assertThatThrownBy(() -> tables.profile("shop.orders"))
        .hasMessage("connection 'shop': environment variable SHOP_PASSWORD (its password_env) is not set");
  }

  @Test
  void aPasswordInAUrlIsNotPrinted() {
    ConnectionSpec spec = ConnectionSpec.of("pg", "jdbc:postgresql://db:5432/shop?user=etl&password=" + PASSWORD);

    assertThat(spec.toString()).doesNotContain(PASSWORD).contains("password=***");
  }
}
