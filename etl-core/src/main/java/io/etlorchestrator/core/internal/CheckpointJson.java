package io.etlorchestrator.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etlorchestrator.core.AttemptFailure;
import io.etlorchestrator.core.CheckpointException;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import io.etlorchestrator.core.quality.CheckSeverity;
import io.etlorchestrator.core.quality.ColumnProfile;
import io.etlorchestrator.core.quality.DatasetProfile;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint document (format version {@value #FORMAT_VERSION}) to and from Jackson trees.
 * Internal: the public face is {@link io.etlorchestrator.core.Checkpoint}.
 */
public final class CheckpointJson {
  /** The format version this code writes, and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  /** A shared mapper; thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CheckpointJson() {}

  /** The run as a checkpoint document. */
  public static ObjectNode toTree(PipelineRun run) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("run_id", run.runId());
    root.put("pipeline", run.pipeline());
    root.put("plan_fingerprint", run.planFingerprint());
    root.put("started_at", run.startedAt().toString());
    root.put("finished_at", run.finishedAt().map(Instant::toString).orElse(null));
    root.put("status", run.status().name().toLowerCase(Locale.ROOT));
    run.reason().ifPresent(reason -> root.put("reason", reason));
    ObjectNode params = root.putObject("params");
    run.params().forEach(params::put);
    ArrayNode resumed = root.putArray("resumed_at");
    run.resumedAt().forEach(t -> resumed.add(t.toString()));
    ObjectNode steps = root.putObject("steps");
    for (StepRun step : run.steps()) {
      ObjectNode node = stepToTree(step);
      String print = run.stepFingerprints().get(step.name());
      if (print != null) {
        node.put("fingerprint", print);
      }
      steps.set(step.name(), node);
    }
    return root;
  }

  /** One step's state as a checkpoint object (without its name, which is the key). */
  public static ObjectNode stepToTree(StepRun step) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("status", step.status().name().toLowerCase(Locale.ROOT));
    node.put("attempts", step.attempts());
    node.put("started_at", step.startedAt().map(Instant::toString).orElse(null));
    node.put("finished_at", step.finishedAt().map(Instant::toString).orElse(null));
    node.put("rows", step.rows());
    ObjectNode metrics = node.putObject("metrics");
    step.metrics().forEach(metrics::put);
    node.put("error", step.error().orElse(null));
    node.put("reason", step.reason().orElse(null));
    if (!step.failures().isEmpty()) {
      ArrayNode failures = node.putArray("failures");
      for (AttemptFailure failure : step.failures()) {
        ObjectNode f = failures.addObject();
        f.put("attempt", failure.attempt());
        f.put("at", failure.at().toString());
        f.put("error", failure.error());
        if (!failure.trace().isEmpty()) {
          f.put("trace", failure.trace());
        }
      }
    }
    if (!step.checks().isEmpty()) {
      ArrayNode checks = node.putArray("checks");
      for (CheckResult result : step.checks()) {
        ObjectNode c = checks.addObject();
        c.put("check", result.check());
        c.put("kind", result.kind());
        c.put("dataset", result.dataset());
        c.put("severity", result.severity().definitionName());
        c.put("outcome", result.outcome().definitionName());
        c.put("attempt", result.attempt());
        c.put("at", result.at().toString());
        result.observed().ifPresent(v -> c.put("observed", v));
        result.expected().ifPresent(v -> c.put("expected", v));
        result.baseline().ifPresent(v -> c.put("baseline", v));
        c.put("message", result.message());
      }
    }
    if (!step.profiles().isEmpty()) {
      ArrayNode profiles = node.putArray("profiles");
      step.profiles().forEach(profile -> profiles.add(profileToTree(profile)));
    }
    return node;
  }

  /** A dataset profile as a checkpoint object. */
  public static ObjectNode profileToTree(DatasetProfile profile) {
    ObjectNode p = MAPPER.createObjectNode();
    p.put("dataset", profile.dataset());
    p.put("profiled_at", profile.profiledAt().toString());
    profile.rows().ifPresent(v -> p.put("rows", v));
    profile.bytes().ifPresent(v -> p.put("bytes", v));
    profile.lastModified().ifPresent(v -> p.put("last_modified", v.toString()));
    ArrayNode columns = p.putArray("columns");
    for (ColumnProfile column : profile.columns()) {
      ObjectNode c = columns.addObject();
      c.put("name", column.name());
      c.put("type", column.type());
      c.put("nulls", column.nulls());
      column.distinct().ifPresent(v -> c.put("distinct", v));
      if (column.distinctApproximate()) {
        c.put("distinct_approximate", true);
      }
      column.min().ifPresent(v -> c.put("min", v));
      column.max().ifPresent(v -> c.put("max", v));
      column.mean().ifPresent(v -> c.put("mean", v));
    }
    return p;
  }

  /** Reads a dataset profile; {@code source} and {@code path} name it in errors. */
  public static DatasetProfile profileFromTree(JsonNode node, String source, String path) {
    Reader r = new Reader(source);
    r.require(node != null && node.isObject(), path, "must be an object (dataset, profiled_at, rows, columns...)");
    String dataset = r.text(node, "dataset");
    List<ColumnProfile> columns = new ArrayList<>();
    JsonNode columnsNode = node.get("columns");
    if (columnsNode != null && !columnsNode.isNull()) {
      r.require(columnsNode.isArray(), path + ".columns", "must be an array");
      for (int k = 0; k < columnsNode.size(); k++) {
        JsonNode c = columnsNode.get(k);
        String at = path + ".columns[" + k + "]";
        r.require(c.isObject(), at, "must be an object (name, type, nulls...)");
        columns.add(
            new ColumnProfile(
                r.text(c, "name"),
                r.optionalText(c, "type", at + ".type").orElse(""),
                c.hasNonNull("nulls") ? r.longValue(c, "nulls", at + ".nulls") : 0,
                c.hasNonNull("distinct") ? OptionalLong.of(r.longValue(c, "distinct", at + ".distinct")) : OptionalLong.empty(),
                c.path("distinct_approximate").asBoolean(false),
                r.optionalText(c, "min", at + ".min"),
                r.optionalText(c, "max", at + ".max"),
                c.hasNonNull("mean") ? OptionalDouble.of(c.get("mean").asDouble()) : OptionalDouble.empty()));
      }
    }
    return new DatasetProfile(
        dataset,
        r.instant(node, "profiled_at", path + ".profiled_at"),
        node.hasNonNull("rows") ? OptionalLong.of(r.longValue(node, "rows", path + ".rows")) : OptionalLong.empty(),
        node.hasNonNull("bytes") ? OptionalLong.of(r.longValue(node, "bytes", path + ".bytes")) : OptionalLong.empty(),
        r.optionalInstant(node, "last_modified", path + ".last_modified"),
        columns);
  }

  /** The document as pretty-printed JSON. */
  public static String toPrettyJson(PipelineRun run) {
    try {
      return PRETTY.writeValueAsString(toTree(run));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a checkpoint as JSON", e);
    }
  }

  /** Parses checkpoint JSON text; {@code source} names it in errors. */
  public static PipelineRun parse(String json, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : String.format(
                  " at line %d, column %d",
                  e.getLocation().getLineNr(), e.getLocation().getColumnNr());
      throw new CheckpointException(
          source,
          String.format(
              "checkpoint %s is not valid JSON%s: %s; it was left unchanged",
              source, where, e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new CheckpointException(
          source, String.format("checkpoint %s must be a JSON object; it was left unchanged", source));
    }
    return fromTree(root, source);
  }

  /** Reads a checkpoint document; {@code source} names it in errors. */
  public static PipelineRun fromTree(JsonNode root, String source) {
    Reader r = new Reader(source);
    int version = root.has("format_version") ? r.integer(root, "format_version") : 1;
    if (version > FORMAT_VERSION) {
      throw new CheckpointException(
          source,
          String.format(
              "checkpoint %s has format_version %d, written by a newer version of ETL"
                  + " Orchestrator; this version reads format_version %d or older. It was left"
                  + " unchanged: upgrade to read it",
              source, version, FORMAT_VERSION));
    }
    if (version < 1) {
      throw r.error("format_version", "must be at least 1, was " + version);
    }
    String runId = r.text(root, "run_id");
    String pipeline = r.text(root, "pipeline");
    String fingerprint = root.hasNonNull("plan_fingerprint") ? r.text(root, "plan_fingerprint") : "";
    Instant startedAt = r.instant(root, "started_at", "started_at");
    Optional<Instant> finishedAt = r.optionalInstant(root, "finished_at", "finished_at");
    RunStatus status = r.enumValue(root, "status", "status", RunStatus.class);
    Map<String, String> params = new LinkedHashMap<>();
    JsonNode paramsNode = root.get("params");
    if (paramsNode != null && !paramsNode.isNull()) {
      r.require(paramsNode.isObject(), "params", "must be an object of strings");
      paramsNode.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
    }
    List<Instant> resumedAt = new ArrayList<>();
    JsonNode resumedNode = root.get("resumed_at");
    if (resumedNode != null && !resumedNode.isNull()) {
      r.require(resumedNode.isArray(), "resumed_at", "must be an array of timestamps");
      for (int k = 0; k < resumedNode.size(); k++) {
        resumedAt.add(r.parseInstant(resumedNode.get(k), "resumed_at[" + k + "]"));
      }
    }
    JsonNode stepsNode = root.get("steps");
    r.require(stepsNode != null && stepsNode.isObject(), "steps", "is required: an object of step name to step state");
    List<StepRun> steps = new ArrayList<>();
    Map<String, String> prints = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = stepsNode.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      steps.add(stepFromTree(entry.getKey(), entry.getValue(), source));
      JsonNode print = entry.getValue().get("fingerprint");
      if (print != null && print.isTextual()) {
        prints.put(entry.getKey(), print.asText());
      }
    }
    Optional<String> reason = r.optionalText(root, "reason", "reason");
    return new PipelineRun(
        runId, pipeline, fingerprint, startedAt, finishedAt, status, params, steps, resumedAt, prints,
        reason);
  }

  /** Reads one step's state; {@code source} names the checkpoint in errors. */
  public static StepRun stepFromTree(String name, JsonNode node, String source) {
    Reader r = new Reader(source);
    String path = "steps." + name;
    r.require(node != null && node.isObject(), path, "must be an object");
    StepStatus status = r.enumValue(node, "status", path + ".status", StepStatus.class);
    int attempts = node.has("attempts") ? r.integer(node, "attempts", path + ".attempts") : 0;
    r.require(attempts >= 0, path + ".attempts", "must not be negative");
    long rows = node.hasNonNull("rows") ? r.longValue(node, "rows", path + ".rows") : 0;
    r.require(rows >= 0, path + ".rows", "must not be negative");
    Map<String, Double> metrics = new LinkedHashMap<>();
    JsonNode metricsNode = node.get("metrics");
    if (metricsNode != null && !metricsNode.isNull()) {
      r.require(metricsNode.isObject(), path + ".metrics", "must be an object of numbers");
      Iterator<Map.Entry<String, JsonNode>> it = metricsNode.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> m = it.next();
        r.require(m.getValue().isNumber(), path + ".metrics." + m.getKey(), "must be a number");
        metrics.put(m.getKey(), m.getValue().asDouble());
      }
    }
    List<AttemptFailure> failures = new ArrayList<>();
    JsonNode failuresNode = node.get("failures");
    if (failuresNode != null && !failuresNode.isNull()) {
      r.require(failuresNode.isArray(), path + ".failures", "must be an array of failed attempts");
      for (int k = 0; k < failuresNode.size(); k++) {
        JsonNode f = failuresNode.get(k);
        String at = path + ".failures[" + k + "]";
        r.require(f.isObject(), at, "must be an object (attempt, at, error, trace)");
        int attempt = r.integer(f, "attempt", at + ".attempt");
        r.require(attempt >= 1, at + ".attempt", "must be at least 1");
        failures.add(
            new AttemptFailure(
                attempt,
                r.instant(f, "at", at + ".at"),
                r.optionalText(f, "error", at + ".error").orElse(""),
                r.optionalText(f, "trace", at + ".trace").orElse("")));
      }
    }
    List<CheckResult> checks = new ArrayList<>();
    JsonNode checksNode = node.get("checks");
    if (checksNode != null && !checksNode.isNull()) {
      r.require(checksNode.isArray(), path + ".checks", "must be an array of check results");
      for (int k = 0; k < checksNode.size(); k++) {
        JsonNode c = checksNode.get(k);
        String at = path + ".checks[" + k + "]";
        r.require(c.isObject(), at, "must be an object (check, dataset, outcome...)");
        checks.add(
            new CheckResult(
                r.text(c, "check"),
                r.optionalText(c, "kind", at + ".kind").orElse(c.path("check").asText()),
                r.text(c, "dataset"),
                r.enumValue(c, "severity", at + ".severity", CheckSeverity.class),
                r.enumValue(c, "outcome", at + ".outcome", CheckOutcome.class),
                c.has("attempt") ? r.integer(c, "attempt", at + ".attempt") : 0,
                r.instant(c, "at", at + ".at"),
                r.optionalText(c, "observed", at + ".observed"),
                r.optionalText(c, "expected", at + ".expected"),
                r.optionalText(c, "baseline", at + ".baseline"),
                r.optionalText(c, "message", at + ".message").orElse("")));
      }
    }
    List<DatasetProfile> profiles = new ArrayList<>();
    JsonNode profilesNode = node.get("profiles");
    if (profilesNode != null && !profilesNode.isNull()) {
      r.require(profilesNode.isArray(), path + ".profiles", "must be an array of dataset profiles");
      for (int k = 0; k < profilesNode.size(); k++) {
        profiles.add(profileFromTree(profilesNode.get(k), source, path + ".profiles[" + k + "]"));
      }
    }
    return new StepRun(
        name,
        status,
        attempts,
        r.optionalInstant(node, "started_at", path + ".started_at"),
        r.optionalInstant(node, "finished_at", path + ".finished_at"),
        rows,
        metrics,
        r.optionalText(node, "error", path + ".error"),
        r.optionalText(node, "reason", path + ".reason"),
        failures,
        checks,
        profiles);
  }

  /** Field readers that name the checkpoint and the field in every error. */
  private static final class Reader {
    private final String source;

    Reader(String source) {
      this.source = source;
    }

    CheckpointException error(String path, String problem) {
      return new CheckpointException(
          source,
          String.format(
              "checkpoint %s: field '%s' %s; the checkpoint was left unchanged",
              source, path, problem));
    }

    void require(boolean condition, String path, String problem) {
      if (!condition) {
        throw error(path, problem);
      }
    }

    String text(JsonNode node, String field) {
      JsonNode value = node.get(field);
      require(value != null && !value.isNull(), field, "is required");
      require(value.isTextual() && !value.asText().isBlank(), field, "must be a non-blank string");
      return value.asText();
    }

    Optional<String> optionalText(JsonNode node, String field, String path) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return Optional.empty();
      }
      require(value.isTextual(), path, "must be a string or null");
      return Optional.of(value.asText());
    }

    int integer(JsonNode node, String field) {
      return integer(node, field, field);
    }

    int integer(JsonNode node, String field, String path) {
      JsonNode value = node.get(field);
      require(value != null && value.canConvertToInt() && value.isIntegralNumber(), path, "must be an integer");
      return value.asInt();
    }

    long longValue(JsonNode node, String field, String path) {
      JsonNode value = node.get(field);
      require(value != null && value.isIntegralNumber() && value.canConvertToLong(), path, "must be an integer");
      return value.asLong();
    }

    Instant instant(JsonNode node, String field, String path) {
      JsonNode value = node.get(field);
      require(value != null && !value.isNull(), path, "is required (an ISO-8601 timestamp)");
      return parseInstant(value, path);
    }

    Optional<Instant> optionalInstant(JsonNode node, String field, String path) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return Optional.empty();
      }
      return Optional.of(parseInstant(value, path));
    }

    Instant parseInstant(JsonNode value, String path) {
      require(value.isTextual(), path, "must be an ISO-8601 timestamp such as 2024-01-15T10:00:00Z");
      try {
        return Instant.parse(value.asText());
      } catch (DateTimeParseException e) {
        try {
          return java.time.OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e2) {
          throw error(
              path,
              "must be an ISO-8601 timestamp such as 2024-01-15T10:00:00Z, was '" + value.asText() + "'");
        }
      }
    }

    <E extends Enum<E>> E enumValue(JsonNode node, String field, String path, Class<E> type) {
      JsonNode value = node.get(field);
      StringBuilder accepted = new StringBuilder();
      for (E constant : type.getEnumConstants()) {
        accepted.append(accepted.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
      }
      require(value != null && value.isTextual(), path, "is required: one of " + accepted);
      try {
        return Enum.valueOf(type, value.asText().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw error(path, "has unknown value '" + value.asText() + "'; expected one of " + accepted);
      }
    }
  }
}
