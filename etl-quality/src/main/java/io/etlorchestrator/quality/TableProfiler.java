package io.etlorchestrator.quality;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.quality.DatasetProfile;
import io.etlorchestrator.quality.internal.ProfileSql;
import io.etlorchestrator.quality.internal.ProfileSql.Category;
import io.etlorchestrator.quality.internal.ProfileSql.Column;
import io.etlorchestrator.quality.internal.Redaction;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Profiles tables over named JDBC connections: a dataset {@code NAME.schema.table} or {@code
 * NAME.table} (the connection's default schema), where {@code NAME} is a connection's name, as the
 * seed's {@code postgres.orders} and {@code snowflake.sales.daily_summary}. Plain SQL that
 * PostgreSQL, DuckDB and H2 run alike; other databases that accept it work too.
 *
 * <p>A profile is one query: the row count, and per column its type (as the driver names it:
 * {@code int4}, {@code CHARACTER VARYING}, {@code DOUBLE}...), null count, exact distinct count
 * ({@code count(DISTINCT c)}), min and max of numbers, text, dates and times, and mean of numbers.
 * Size and last-modified time are not known for tables (a freshness check on a table names a
 * column). Table and column names are matched as written, else case-insensitively (PostgreSQL
 * folds unquoted names to lower case, H2 to upper case).
 *
 * <pre>{@code
 * TableProfiler tables = TableProfiler.builder()
 *     .connection(ConnectionSpec.of("postgres", "jdbc:postgresql://db:5432/shop")
 *         .withCredentialsFrom("SHOP_USER", "SHOP_PASSWORD"))
 *     .build();
 * Optional<DatasetProfile> orders = tables.profile("postgres.public.orders");
 * }</pre>
 *
 * <p>Credentials are read from the environment when a connection opens and never appear in
 * messages: a failure names the connection, and passwords in URLs or values are replaced by
 * {@code ***}. Thread-safe: every call opens its own connection (bring the driver: PostgreSQL's,
 * H2's, ...; DuckDB's comes with this module).
 */
public final class TableProfiler implements DatasetEngine {
  private final Map<String, ConnectionSpec> connections;
  private final Function<String, String> environment;
  private final Path workingDirectory;
  private final Clock clock;

  private TableProfiler(Builder builder) {
    this.connections = Collections.unmodifiableMap(new LinkedHashMap<>(builder.connections));
    this.environment = builder.environment;
    this.workingDirectory = builder.workingDirectory.toAbsolutePath().normalize();
    this.clock = builder.clock;
  }

  /** A builder without connections. */
  public static Builder builder() {
    return new Builder();
  }

  /** The connections, by name. */
  public Map<String, ConnectionSpec> connections() {
    return connections;
  }

  @Override
  public boolean reads(String dataset) {
    return table(dataset) != null;
  }

  @Override
  public Optional<DatasetProfile> profile(String dataset) throws Exception {
    TableName name = table(dataset);
    if (name == null) {
      return Optional.empty();
    }
    ConnectionSpec spec = connections.get(name.connection);
    Secrets secrets = secrets(spec);
    try (Connection connection = open(spec, secrets)) {
      Resolved table = resolve(connection, name, dataset);
      String sql = ProfileSql.query(table.relation, table.columns, this::quote, false);
      ProfileSql.Result result;
      try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
        result = ProfileSql.read(r, table.columns, false);
      }
      return Optional.of(new DatasetProfile(
          dataset, clock.instant(), OptionalLong.of(result.rows()), OptionalLong.empty(),
          Optional.empty(), result.columns()));
    } catch (SQLException e) {
      throw failure(spec, secrets, "cannot profile " + dataset, e);
    }
  }

  @Override
  public String relation(String dataset) throws Exception {
    TableName name = table(dataset);
    Checks.argument(name != null, "dataset '%s' names no table of a connection (%s)", dataset, String.join(", ", connections.keySet()));
    ConnectionSpec spec = connections.get(name.connection);
    Secrets secrets = secrets(spec);
    try (Connection connection = open(spec, secrets)) {
      return resolve(connection, name, dataset).relation;
    } catch (SQLException e) {
      throw failure(spec, secrets, "cannot read " + dataset, e);
    }
  }

  @Override
  public String quote(String identifier) {
    return ProfileSql.doubleQuoted(identifier);
  }

  @Override
  public QueryResult query(String dataset, String select, int maxRows) throws Exception {
    TableName name = table(dataset);
    Checks.argument(name != null, "dataset '%s' names no table of a connection (%s)", dataset, String.join(", ", connections.keySet()));
    ConnectionSpec spec = connections.get(name.connection);
    Secrets secrets = secrets(spec);
    try (Connection connection = open(spec, secrets)) {
      String relation = resolve(connection, name, dataset).relation;
      return ProfileSql.sample(connection, Checks.notNull(select, "select").replace("{dataset}", relation), maxRows);
    } catch (SQLException e) {
      throw failure(spec, secrets, "the query on " + dataset + " failed", e);
    }
  }

  @Override
  public String toString() {
    return "TableProfiler" + connections.keySet();
  }

  private record TableName(String connection, String schema, String table) {}

  private record Resolved(String relation, List<Column> columns) {}

  private record Secrets(String user, String password) {
    List<String> values() {
      List<String> values = new ArrayList<>();
      if (password != null && password.length() >= 3) {
        values.add(password);
      }
      return values;
    }
  }

  private TableName table(String dataset) {
    if (dataset == null) {
      return null;
    }
    String[] parts = dataset.split("\\.", -1);
    if (parts.length < 2 || parts.length > 3 || !connections.containsKey(parts[0])) {
      return null;
    }
    for (String part : parts) {
      if (part.isBlank()) {
        return null;
      }
    }
    return parts.length == 2
        ? new TableName(parts[0], null, parts[1])
        : new TableName(parts[0], parts[1], parts[2]);
  }

  private Secrets secrets(ConnectionSpec spec) {
    String user = spec.user().orElse(null);
    if (spec.userEnv().isPresent()) {
      user = variable(spec, spec.userEnv().get(), "user_env");
    }
    String password = spec.passwordEnv().isPresent() ? variable(spec, spec.passwordEnv().get(), "password_env") : null;
    return new Secrets(user, password);
  }

  private String variable(ConnectionSpec spec, String name, String field) {
    String value = environment.apply(name);
    if (value == null) {
      throw new IllegalStateException(String.format(
          "connection '%s': environment variable %s (its %s) is not set", spec.name(), name, field));
    }
    return value;
  }

  private Connection open(ConnectionSpec spec, Secrets secrets) throws SQLException {
    Properties properties = new Properties();
    if (secrets.user != null) {
      properties.setProperty("user", secrets.user);
    }
    if (secrets.password != null) {
      properties.setProperty("password", secrets.password);
    }
    return DriverManager.getConnection(url(spec), properties);
  }

  /** The URL, a relative DuckDB database file resolved against the working directory. */
  private String url(ConnectionSpec spec) {
    String url = spec.url();
    String prefix = "jdbc:duckdb:";
    if (url.startsWith(prefix)) {
      String rest = url.substring(prefix.length());
      int query = rest.indexOf('?');
      String file = query < 0 ? rest : rest.substring(0, query);
      if (!file.isEmpty() && !file.startsWith(":memory:") && !file.startsWith("md:") && !Path.of(file).isAbsolute()) {
        return prefix + workingDirectory.resolve(file).normalize() + (query < 0 ? "" : rest.substring(query));
      }
    }
    return url;
  }

  private Resolved resolve(Connection connection, TableName name, String dataset) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String schema = name.schema != null ? name.schema : connection.getSchema();
    String[] found = findTable(meta, schema, name.table);
    if (found == null) {
      throw new SQLException(String.format(
          "no table or view '%s' in schema '%s'%s", name.table, schema, tablesHint(meta, schema)));
    }
    List<Column> columns = new ArrayList<>();
    try (ResultSet r = meta.getColumns(found[0], found[1], escape(meta, found[2]), "%")) {
      while (r.next()) {
        String column = r.getString("COLUMN_NAME");
        String type = r.getString("TYPE_NAME");
        columns.add(new Column(column, type, category(r.getInt("DATA_TYPE"), type)));
      }
    }
    if (columns.isEmpty()) {
      throw new SQLException(String.format("table '%s' of connection '%s' has no columns the driver lists", dataset, name.connection));
    }
    String relation = (found[1] == null ? "" : quote(found[1]) + ".") + quote(found[2]);
    return new Resolved(relation, columns);
  }

  /** {catalog, schema, table} as the database spells them, matched exactly, else ignoring case. */
  private static String[] findTable(DatabaseMetaData meta, String schema, String table) throws SQLException {
    Set<String> schemas = new LinkedHashSet<>();
    if (schema != null) {
      schemas.add(schema);
      schemas.add(schema.toLowerCase(Locale.ROOT));
      schemas.add(schema.toUpperCase(Locale.ROOT));
    }
    Set<String> tables = new LinkedHashSet<>(List.of(table, table.toLowerCase(Locale.ROOT), table.toUpperCase(Locale.ROOT)));
    for (String s : schemas.isEmpty() ? Collections.<String>singleton(null) : schemas) {
      for (String t : tables) {
        try (ResultSet r = meta.getTables(null, s == null ? null : escape(meta, s), escape(meta, t), null)) {
          while (r.next()) {
            String foundSchema = r.getString("TABLE_SCHEM");
            String foundTable = r.getString("TABLE_NAME");
            if (foundTable.equalsIgnoreCase(table) && (schema == null || schema.equalsIgnoreCase(foundSchema))) {
              return new String[] {r.getString("TABLE_CAT"), foundSchema, foundTable};
            }
          }
        }
      }
    }
    return null;
  }

  private static String tablesHint(DatabaseMetaData meta, String schema) {
    List<String> names = new ArrayList<>();
    Set<String> schemas = schema == null
        ? Collections.singleton(null)
        : new LinkedHashSet<>(List.of(schema, schema.toLowerCase(Locale.ROOT), schema.toUpperCase(Locale.ROOT)));
    for (String s : schemas) {
      try (ResultSet r = meta.getTables(null, s == null ? null : escape(meta, s), "%", null)) {
        while (r.next() && names.size() < 20) {
          names.add(r.getString("TABLE_NAME"));
        }
      } catch (SQLException e) {
        return "";
      }
      if (!names.isEmpty()) {
        break;
      }
    }
    return names.isEmpty() ? " (it has none)" : "; its tables: " + String.join(", ", names);
  }

  private static String escape(DatabaseMetaData meta, String name) throws SQLException {
    String escape = meta.getSearchStringEscape();
    if (escape == null || escape.isEmpty()) {
      return name;
    }
    return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
  }

  private static Category category(int sqlType, String typeName) {
    switch (sqlType) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
      case Types.REAL:
      case Types.FLOAT:
      case Types.DOUBLE:
      case Types.NUMERIC:
      case Types.DECIMAL:
        return Category.NUMERIC;
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.LONGVARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.LONGNVARCHAR:
      case Types.DATE:
      case Types.TIME:
      case Types.TIMESTAMP:
      case Types.TIME_WITH_TIMEZONE:
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return Category.ORDERED;
      case Types.BOOLEAN:
      case Types.BIT:
        return Category.DISTINCT_ONLY;
      default:
        break;
    }
    String t = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
    if (t.matches("(u?(tiny|small|big|huge)?int(eger)?\\d*|float\\d*|double.*|real|decimal.*|numeric.*)")) {
      return Category.NUMERIC;
    }
    if (t.contains("char") || t.equals("text") || t.startsWith("date") || t.startsWith("time")) {
      return Category.ORDERED;
    }
    if (t.startsWith("bool") || t.equals("uuid")) {
      return Category.DISTINCT_ONLY;
    }
    return Category.NULLS_ONLY;
  }

  private static Exception failure(ConnectionSpec spec, Secrets secrets, String what, SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int newline = message.indexOf('\n');
    if (newline > 0) {
      message = message.substring(0, newline).strip();
    }
    message = Redaction.redact(message, secrets.values());
    // The cause is left off: a driver's message may carry what was redacted here.
    return new SQLException(String.format("%s (connection '%s'): %s", what, spec.name(), message), e.getSQLState());
  }

  /** Builds a {@link TableProfiler}. */
  public static final class Builder {
    private final Map<String, ConnectionSpec> connections = new LinkedHashMap<>();
    private Function<String, String> environment = System::getenv;
    private Path workingDirectory = Path.of("");
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds a connection; its datasets are named {@code NAME.schema.table} or {@code NAME.table}.
     *
     * @throws IllegalStateException if a connection of that name was added already
     */
    public Builder connection(ConnectionSpec connection) {
      Checks.notNull(connection, "connection");
      Checks.state(!connections.containsKey(connection.name()), "connection '%s' is added twice", connection.name());
      connections.put(connection.name(), connection);
      return this;
    }

    /** Where credentials' environment variables are read (default: {@code System::getenv}). */
    public Builder environment(Function<String, String> environment) {
      this.environment = Checks.notNull(environment, "environment");
      return this;
    }

    /** The directory a relative DuckDB database file of a URL is resolved against (default: the current one). */
    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = Checks.notNull(workingDirectory, "workingDirectory");
      return this;
    }

    /** The clock that stamps profiles (default: the system's, UTC). */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** The profiler. */
    public TableProfiler build() {
      return new TableProfiler(this);
    }
  }
}
