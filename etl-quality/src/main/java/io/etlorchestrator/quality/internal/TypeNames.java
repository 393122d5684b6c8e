package io.etlorchestrator.quality.internal;

import java.util.Locale;
import java.util.Map;

/**
 * Compares a type a schema check expects ({@code double}, {@code text}, {@code int}) with the type
 * an engine reports ({@code DOUBLE}, {@code float8}, {@code CHARACTER VARYING}): both are reduced
 * to one name per family of synonyms, and parameters ({@code DECIMAL(18,3)}) count only when both
 * sides give them. Internal: not part of the public API.
 */
public final class TypeNames {
  private static final Map<String, String> SYNONYMS = Map.ofEntries(
      Map.entry("int", "INTEGER"), Map.entry("integer", "INTEGER"), Map.entry("int4", "INTEGER"),
      Map.entry("int32", "INTEGER"), Map.entry("signed", "INTEGER"),
      Map.entry("bigint", "BIGINT"), Map.entry("int8", "BIGINT"), Map.entry("int64", "BIGINT"),
      Map.entry("long", "BIGINT"),
      Map.entry("smallint", "SMALLINT"), Map.entry("int2", "SMALLINT"), Map.entry("int16", "SMALLINT"),
      Map.entry("short", "SMALLINT"),
      Map.entry("tinyint", "TINYINT"), Map.entry("int1", "TINYINT"),
      Map.entry("hugeint", "HUGEINT"),
      Map.entry("double", "DOUBLE"), Map.entry("double precision", "DOUBLE"), Map.entry("float8", "DOUBLE"),
      Map.entry("float64", "DOUBLE"),
      Map.entry("real", "REAL"), Map.entry("float4", "REAL"), Map.entry("float", "REAL"),
      Map.entry("float32", "REAL"),
      Map.entry("decimal", "DECIMAL"), Map.entry("numeric", "DECIMAL"),
      Map.entry("varchar", "VARCHAR"), Map.entry("text", "VARCHAR"), Map.entry("string", "VARCHAR"),
      Map.entry("character varying", "VARCHAR"), Map.entry("char varying", "VARCHAR"),
      Map.entry("nvarchar", "VARCHAR"), Map.entry("clob", "VARCHAR"), Map.entry("character large object", "VARCHAR"),
      Map.entry("char", "CHAR"), Map.entry("character", "CHAR"), Map.entry("bpchar", "CHAR"), Map.entry("nchar", "CHAR"),
      Map.entry("boolean", "BOOLEAN"), Map.entry("bool", "BOOLEAN"), Map.entry("logical", "BOOLEAN"),
      Map.entry("date", "DATE"),
      Map.entry("time", "TIME"), Map.entry("time without time zone", "TIME"),
      Map.entry("timetz", "TIMETZ"), Map.entry("time with time zone", "TIMETZ"),
      Map.entry("timestamp", "TIMESTAMP"), Map.entry("datetime", "TIMESTAMP"),
      Map.entry("timestamp without time zone", "TIMESTAMP"),
      Map.entry("timestamptz", "TIMESTAMPTZ"), Map.entry("timestamp with time zone", "TIMESTAMPTZ"),
      Map.entry("blob", "BLOB"), Map.entry("bytea", "BLOB"), Map.entry("binary", "BLOB"),
      Map.entry("varbinary", "BLOB"), Map.entry("binary varying", "BLOB"), Map.entry("binary large object", "BLOB"),
      Map.entry("uuid", "UUID"), Map.entry("json", "JSON"), Map.entry("jsonb", "JSON"),
      Map.entry("interval", "INTERVAL"));

  private TypeNames() {}

  /** Whether a column of type {@code actual} is of the type {@code expected}. */
  public static boolean matches(String expected, String actual) {
    String[] e = split(expected);
    String[] a = split(actual);
    if (!e[0].equals(a[0])) {
      return false;
    }
    return e[1].isEmpty() || a[1].isEmpty() || e[1].equals(a[1]);
  }

  /** {family, parameters without blanks}. */
  private static String[] split(String type) {
    String t = type.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    String params = "";
    int open = t.indexOf('(');
    if (open > 0 && t.endsWith(")")) {
      params = t.substring(open).replace(" ", "");
      t = t.substring(0, open).strip();
    }
    String family = SYNONYMS.get(t);
    return new String[] {family == null ? t.toUpperCase(Locale.ROOT) : family, params};
  }
}
