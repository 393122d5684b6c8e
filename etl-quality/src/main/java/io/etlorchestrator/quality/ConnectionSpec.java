package io.etlorchestrator.quality;

import io.etlorchestrator.core.internal.Checks;
import java.util.Optional;

/**
 * A named JDBC connection that {@link TableProfiler} profiles tables over: a definition file's
 * {@code connections:} entry. The user and password come from environment variables whose names
 * it gives (or a user written out); their values are never printed.
 *
 * @param name the connection's name, the first part of its datasets' names ({@code warehouse} in
 *     {@code warehouse.sales.daily_summary})
 * @param url the JDBC URL ({@code jdbc:postgresql://db:5432/sales}, {@code jdbc:duckdb:warehouse.duckdb});
 *     a relative DuckDB database file is resolved against the profiler's working directory
 * @param user the user, when written out
 * @param userEnv the environment variable holding the user, if any
 * @param passwordEnv the environment variable holding the password, if any
 */
public record ConnectionSpec(
    String name, String url, Optional<String> user, Optional<String> userEnv, Optional<String> passwordEnv) {

  /** Checks. */
  public ConnectionSpec {
    Checks.notNull(name, "name");
    Checks.argument(!name.isBlank() && !name.contains("."), "a connection's name must be non-blank and have no '.', was '%s'", name);
    Checks.notNull(url, "url");
    Checks.argument(url.startsWith("jdbc:"), "connection '%s': the url must be a JDBC URL (jdbc:...)", name);
    Checks.notNull(user, "user");
    Checks.notNull(userEnv, "userEnv");
    Checks.notNull(passwordEnv, "passwordEnv");
    Checks.argument(user.isEmpty() || userEnv.isEmpty(), "connection '%s': give the user or user_env, not both", name);
  }

  /** A connection without credentials (or with them in the URL). */
  public static ConnectionSpec of(String name, String url) {
    return new ConnectionSpec(name, url, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The connection's name and URL, a password in the URL replaced by {@code ***}. */
  @Override
  public String toString() {
    return "ConnectionSpec[" + name + " " + io.etlorchestrator.quality.internal.Redaction.redact(url, java.util.List.of()) + "]";
  }

  /** This connection, with the user and password read from environment variables {@code userEnv} and {@code passwordEnv}. */
  public ConnectionSpec withCredentialsFrom(String userEnv, String passwordEnv) {
    return new ConnectionSpec(name, url, Optional.empty(), Optional.of(userEnv), Optional.of(passwordEnv));
  }
}
