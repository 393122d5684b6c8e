package io.etlorchestrator.yaml;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a definition file's {@code connections:}: a named JDBC connection whose tables are
 * datasets {@code NAME.schema.table} or {@code NAME.table} (profiled and checked by {@code
 * etl-quality}).
 *
 * <pre>
 * connections:
 *   warehouse: {url: "jdbc:duckdb:warehouse.duckdb"}
 *   postgres:
 *     url: jdbc:postgresql://db.internal:5432/shop
 *     user_env: SHOP_USER            # the user is read from this environment variable
 *     password_env: SHOP_PASSWORD    # and the password from this one; never written in the file
 * </pre>
 *
 * @param name the connection's name
 * @param url its JDBC URL
 * @param user the user, when the file writes it out ({@code user:})
 * @param userEnv the environment variable holding the user ({@code user_env:})
 * @param passwordEnv the environment variable holding the password ({@code password_env:})
 * @param line the 1-based line where the entry starts
 */
public record ConnectionDefinition(
    String name, String url, Optional<String> user, Optional<String> userEnv, Optional<String> passwordEnv, int line) {

  /** Checks for nulls. */
  public ConnectionDefinition {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(url, "url must not be null");
    Objects.requireNonNull(user, "user must not be null");
    Objects.requireNonNull(userEnv, "userEnv must not be null");
    Objects.requireNonNull(passwordEnv, "passwordEnv must not be null");
  }

  /** The name and line only: a URL may carry a password. */
  @Override
  public String toString() {
    return "ConnectionDefinition[" + name + " at line " + line + "]";
  }
}
