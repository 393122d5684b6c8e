package io.etlorchestrator.quality;

import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.quality.DatasetProfile;
import io.etlorchestrator.quality.internal.ProfileSql;
import io.etlorchestrator.quality.internal.ProfileSql.Category;
import io.etlorchestrator.quality.internal.ProfileSql.Column;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Profiles {@code .csv}, {@code .tsv}, {@code .parquet}, {@code .json}, {@code .jsonl} and {@code
 * .ndjson} files (also gzipped, {@code .csv.gz}) with an embedded DuckDB: datasets named by their
 * path relative to a working directory ({@code staging/orders.parquet}), or absolute.
 *
 * <p>A profile is one pass over the data: the row count, and per column its type (as DuckDB names
 * it: {@code BIGINT}, {@code VARCHAR}, {@code DOUBLE}, {@code DATE}, {@code TIMESTAMP} ...), null
 * count, approximate distinct count (DuckDB's HyperLogLog {@code approx_count_distinct}, so {@link
 * io.etlorchestrator.core.quality.ColumnProfile#distinctApproximate()} is true), min and max (as
 * text), and mean for numbers; plus the file's size and last-modified time. The column types come
 * from the file's metadata (Parquet) or DuckDB's sniffing of a sample (CSV, JSON).
 *
 * <pre>{@code
 * Executor executor = Executor.builder().profiler(FileProfiler.in(Path.of(""))).build();
 * }</pre>
 *
 * <p>Thread-safe: every call opens its own in-memory DuckDB connection (with the time zone UTC, so
 * that timestamps with a zone print the same everywhere).
 */
public final class FileProfiler implements DatasetEngine {
  /** The file name endings this profiler reads. */
  public static final List<String> EXTENSIONS =
      List.of(".csv", ".tsv", ".parquet", ".json", ".jsonl", ".ndjson");

  private static final Set<String> NUMERIC_TYPES =
      Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
          "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "REAL", "DOUBLE");

  private final Path workingDirectory;
  private final Clock clock;

  private FileProfiler(Path workingDirectory, Clock clock) {
    this.workingDirectory = workingDirectory;
    this.clock = clock;
  }

  /**
   * A profiler of files named relative to {@code workingDirectory} ({@code Path.of("")} for the
   * current directory).
   */
  public static FileProfiler in(Path workingDirectory) {
    return new FileProfiler(
        Checks.notNull(workingDirectory, "workingDirectory").toAbsolutePath().normalize(),
        Clock.systemUTC());
  }

  /** This profiler, stamping profiles with {@code clock}'s time. */
  public FileProfiler withClock(Clock clock) {
    return new FileProfiler(workingDirectory, Checks.notNull(clock, "clock"));
  }

  /** The directory relative dataset names are resolved against (absolute). */
  public Path workingDirectory() {
    return workingDirectory;
  }

  /** The file {@code dataset} names. */
  public Path path(String dataset) {
    return workingDirectory.resolve(Checks.notNull(dataset, "dataset")).normalize();
  }

  @Override
  public boolean reads(String dataset) {
    return format(dataset) != null;
  }

  @Override
  public Optional<DatasetProfile> profile(String dataset) throws Exception {
    if (!reads(dataset)) {
      return Optional.empty();
    }
    Path file = existing(dataset);
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    String relation = relation(file, format(dataset));
    try (Connection connection = open()) {
      List<Column> columns = columns(connection, relation);
      ProfileSql.Result result;
      try (Statement s = connection.createStatement();
          ResultSet r = s.executeQuery(ProfileSql.query(relation, columns, this::quote, true))) {
        result = ProfileSql.read(r, columns, true);
      }
      return Optional.of(new DatasetProfile(
          dataset, clock.instant(), OptionalLong.of(result.rows()), OptionalLong.of(attributes.size()),
          Optional.of(attributes.lastModifiedTime().toInstant()), result.columns()));
    } catch (SQLException e) {
      throw unreadable(dataset, e);
    }
  }

  @Override
  public String relation(String dataset) throws IOException {
    Checks.argument(reads(dataset), "dataset '%s' is not a file this profiler reads (%s)", dataset, String.join(", ", EXTENSIONS));
    return relation(existing(dataset), format(dataset));
  }

  @Override
  public String quote(String identifier) {
    return ProfileSql.doubleQuoted(identifier);
  }

  @Override
  public QueryResult query(String dataset, String select, int maxRows) throws Exception {
    String sql = Checks.notNull(select, "select").replace("{dataset}", relation(dataset));
    try (Connection connection = open()) {
      return ProfileSql.sample(connection, sql, maxRows);
    } catch (SQLException e) {
      throw new SQLException(String.format("the query on %s failed: %s", dataset, firstLine(e)), e);
    }
  }

  @Override
  public String toString() {
    return "FileProfiler[" + workingDirectory + "]";
  }

  private Path existing(String dataset) throws NoSuchFileException {
    Path file = path(dataset);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(), null,
          String.format("file '%s' does not exist (looked for %s)", dataset, file));
    }
    return file;
  }

  private static String format(String dataset) {
    if (dataset == null) {
      return null;
    }
    String name = dataset.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    for (String extension : EXTENSIONS) {
      if (name.endsWith(extension) && name.length() > extension.length()) {
        return extension;
      }
    }
    return null;
  }

  private static String relation(Path file, String format) {
    String path = ProfileSql.literal(file.toString());
    switch (format) {
      case ".parquet":
        return "read_parquet(" + path + ")";
      case ".json":
      case ".jsonl":
      case ".ndjson":
        return "read_json_auto(" + path + ")";
      default:
        return "read_csv_auto(" + path + ")";
    }
  }

  private List<Column> columns(Connection connection, String relation) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
      while (r.next()) {
        String type = r.getString("column_type");
        columns.add(new Column(r.getString("column_name"), type, category(type)));
      }
    }
    return columns;
  }

  private static Category category(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    if (NUMERIC_TYPES.contains(t) || t.startsWith("DECIMAL")) {
      return Category.NUMERIC;
    }
    return Category.ORDERED; // DuckDB orders every type, nested ones included
  }

  /**
   * One in-memory DuckDB database for every profile and query of this JVM: opening a database
   * costs some 15-20 ms, a connection to an open one next to nothing. It holds no data of its own
   * (every query reads its files), so sharing it shares nothing between datasets.
   */
  private static org.duckdb.DuckDBConnection database;

  private static synchronized org.duckdb.DuckDBConnection database() throws SQLException {
    if (database == null || database.isClosed()) {
      database = (org.duckdb.DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    }
    return database;
  }

  private static Connection open() throws SQLException {
    Connection connection = database().duplicate();
    try (Statement s = connection.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
    } catch (SQLException e) {
      // without the ICU extension there are no zones to set; timestamps print as stored
    }
    return connection;
  }

  private static IOException unreadable(String dataset, SQLException e) {
    return new IOException(String.format("cannot read %s: %s", dataset, firstLine(e)), e);
  }

  /** DuckDB's messages carry a JSON dump after the first line; people need the first. */
  static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).strip();
  }
}
