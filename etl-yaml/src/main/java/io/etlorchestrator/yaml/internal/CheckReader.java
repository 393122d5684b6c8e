package io.etlorchestrator.yaml.internal;

import io.etlorchestrator.core.internal.Errors;
import io.etlorchestrator.core.internal.Suggestions;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.CheckSeverity;
import io.etlorchestrator.core.quality.DatasetCheck;
import io.etlorchestrator.yaml.CheckDefinition;
import io.etlorchestrator.yaml.CheckDefinitionException;
import io.etlorchestrator.yaml.CheckKind;
import io.etlorchestrator.yaml.CheckKindRegistry;
import io.etlorchestrator.yaml.ConnectionDefinition;
import io.etlorchestrator.yaml.internal.StepReader.StepInfo;
import io.etlorchestrator.yaml.internal.Values.Located;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a definition's {@code checks:} (of steps), {@code sources:} and {@code connections:},
 * making each check's logic with its {@link CheckKind}. Internal: not part of the public API.
 */
public final class CheckReader {
  /** The fields of a check entry besides its kind. */
  public static final List<String> ENTRY_FIELDS = List.of("dataset", "severity", "retry");

  private static final List<String> SOURCE_ENTRY_FIELDS = List.of("severity", "retry");
  private static final List<String> SOURCE_FIELDS = List.of("checks");
  private static final List<String> CONNECTION_FIELDS = List.of("url", "user", "user_env", "password_env");
  private static final List<String> SEVERITIES = List.of("error", "warn");

  private final Values values;
  private final CheckKindRegistry registry;

  /** A reader recording problems in {@code values}, making logic with {@code registry}'s kinds. */
  public CheckReader(Values values, CheckKindRegistry registry) {
    this.values = values;
    this.registry = registry;
  }

  /** Reads {@code step}'s {@code checks:}, adding each valid check to its builder. */
  public void readStepChecks(StepInfo step) {
    if (step.builder() == null || !step.has("checks")) {
      return;
    }
    Located checks = step.field("checks");
    for (Entry entry : entries(checks.node(), checks.path())) {
      Optional<String> dataset = stepDataset(step, entry);
      if (dataset.isEmpty()) {
        continue;
      }
      Check check = check(entry, dataset.get(), Optional.of(step.name()), ENTRY_FIELDS);
      if (check != null) {
        step.builder().check(check);
        step.checks++;
      }
    }
  }

  /**
   * Reads {@code sources:}: each source's checks become checks on the input of every step that
   * reads it.
   */
  public void readSources(Node node, List<StepInfo> steps) {
    Node.Mapping sources = values.mapping(node, "sources", "a mapping from a source dataset to its checks");
    if (sources == null) {
      return;
    }
    Map<String, String> producers = new LinkedHashMap<>();
    Set<String> read = new LinkedHashSet<>();
    for (StepInfo step : steps) {
      step.outputs.forEach(o -> producers.putIfAbsent(o.value(), step.name()));
      step.inputs.forEach(i -> read.add(i.value()));
    }
    for (Node.Entry source : sources.entries().values()) {
      String path = Paths.key("sources", source.key());
      String dataset = source.key();
      if (producers.containsKey(dataset)) {
        values.problem(source.keyMark(), path,
            "'%s' is written by step '%s', so it is no source; put its checks under that step's checks:",
            dataset, producers.get(dataset));
        continue;
      }
      Set<String> external = new LinkedHashSet<>(read);
      external.removeAll(producers.keySet());
      if (!read.contains(dataset)) {
        values.problem(source.keyMark(), path, "no step reads source '%s'%s; the sources steps read: %s",
            dataset, suggestion(dataset, external), external.isEmpty() ? "none" : String.join(", ", external));
        continue;
      }
      Node.Mapping settings = values.mapping(source.value(), path, "a mapping with checks:");
      if (settings == null) {
        continue;
      }
      values.checkFields(settings, path, SOURCE_FIELDS);
      Node checksNode = values.required(settings, path, "checks", "list the source's checks");
      if (checksNode == null) {
        continue;
      }
      for (Entry entry : entries(checksNode, Paths.key(path, "checks"))) {
        Check check = check(entry, dataset, Optional.empty(), SOURCE_ENTRY_FIELDS);
        if (check == null) {
          continue;
        }
        for (StepInfo step : steps) {
          if (step.builder() != null && step.inputs.stream().anyMatch(i -> i.value().equals(dataset))) {
            step.builder().check(check);
            step.checks++;
          }
        }
      }
    }
  }

  /** Reads {@code connections:}. */
  public Map<String, ConnectionDefinition> readConnections(Node node) {
    Map<String, ConnectionDefinition> connections = new LinkedHashMap<>();
    Node.Mapping m = values.mapping(node, "connections", "a mapping from a connection's name to its url");
    if (m == null) {
      return connections;
    }
    for (Node.Entry entry : m.entries().values()) {
      String path = Paths.key("connections", entry.key());
      if (entry.key().isBlank() || entry.key().contains(".")) {
        values.problem(entry.keyMark(), path,
            "a connection's name must not be blank nor contain '.' (it starts its datasets' names: NAME.schema.table)");
        continue;
      }
      Node.Mapping settings = values.mapping(entry.value(), path, "a mapping with url (and user_env, password_env)");
      if (settings == null) {
        continue;
      }
      Node.Entry password = settings.entry("password");
      if (password != null) {
        values.problem(password.keyMark(), Paths.key(path, "password"),
            "a password is not written in the definition: put it in an environment variable and name"
                + " the variable with password_env");
      }
      for (Node.Entry field : settings.entries().values()) {
        if (!field.key().equals("password") && !CONNECTION_FIELDS.contains(field.key())) {
          values.problem(field.keyMark(), Paths.key(path, field.key()), "unknown field '%s'%s; known fields: %s",
              field.key(), suggestion(field.key(), CONNECTION_FIELDS), String.join(", ", CONNECTION_FIELDS));
        }
      }
      String url = null;
      Node urlNode = values.required(settings, path, "url", "give the JDBC URL, such as jdbc:postgresql://host:5432/db");
      if (urlNode != null) {
        url = values.text(urlNode, Paths.key(path, "url"));
        if (url != null && !url.startsWith("jdbc:")) {
          values.problem(urlNode.mark(), Paths.key(path, "url"),
              "expected a JDBC URL such as jdbc:postgresql://host:5432/db or jdbc:duckdb:warehouse.duckdb");
          url = null;
        }
      }
      Optional<String> user = optionalText(settings, path, "user");
      Optional<String> userEnv = optionalText(settings, path, "user_env");
      Optional<String> passwordEnv = optionalText(settings, path, "password_env");
      if (user.isPresent() && userEnv.isPresent()) {
        values.problem(settings.entry("user_env").keyMark(), Paths.key(path, "user_env"),
            "give the user or user_env (the variable holding it), not both");
      }
      if (url != null) {
        connections.put(entry.key(), new ConnectionDefinition(entry.key(), url, user, userEnv, passwordEnv, entry.keyMark().line()));
      }
    }
    return connections;
  }

  private Optional<String> optionalText(Node.Mapping m, String path, String key) {
    Node node = m.get(key);
    if (node == null) {
      return Optional.empty();
    }
    String text = values.text(node, Paths.key(path, key));
    if (text != null && text.isBlank()) {
      values.problem(node.mark(), Paths.key(path, key), "must not be blank");
      return Optional.empty();
    }
    return Optional.ofNullable(text);
  }

  /** One check entry: its mapping, path, kind key and argument. */
  private record Entry(Node.Mapping mapping, String path, Node.Entry kind) {}

  private List<Entry> entries(Node node, String path) {
    List<Entry> entries = new ArrayList<>();
    if (node instanceof Node.Scalar && ((Node.Scalar) node).isNull()) {
      return entries;
    }
    if (!(node instanceof Node.Sequence)) {
      values.problem(node.mark(), path, "expected a list of checks such as '- row_count: {min: 1}', found %s", node.describe());
      return entries;
    }
    List<Node> items = ((Node.Sequence) node).items();
    for (int i = 0; i < items.size(); i++) {
      String itemPath = Paths.index(path, i);
      Node item = items.get(i);
      if (!(item instanceof Node.Mapping)) {
        values.problem(item.mark(), itemPath, "expected a check such as '- row_count: {min: 1}' (its kind, then its settings), found %s",
            item.describe());
        continue;
      }
      Node.Mapping m = (Node.Mapping) item;
      Node.Entry kind = kindOf(m, itemPath);
      if (kind != null) {
        entries.add(new Entry(m, itemPath, kind));
      }
    }
    return entries;
  }

  /** The entry's kind key, reporting entries with none, several, or unknown ones. */
  private Node.Entry kindOf(Node.Mapping m, String path) {
    List<Node.Entry> candidates = new ArrayList<>();
    for (Node.Entry entry : m.entries().values()) {
      if (!ENTRY_FIELDS.contains(entry.key())) {
        candidates.add(entry);
      }
    }
    String kinds = registry.kinds().isEmpty() ? "" : "; check kinds: " + String.join(", ", registry.kinds());
    if (candidates.isEmpty()) {
      values.problem(m.mark(), path, "the check names no kind (write '- row_count: {min: 1}', say)%s", kinds);
      return null;
    }
    if (registry.kinds().isEmpty()) {
      if (candidates.size() > 1) {
        values.problem(candidates.get(1).keyMark(), Paths.key(path, candidates.get(1).key()),
            "a check has one kind, and this one names '%s' and '%s'; write each check as its own entry",
            candidates.get(0).key(), candidates.get(1).key());
        return null;
      }
      return candidates.get(0);
    }
    List<Node.Entry> known = new ArrayList<>();
    for (Node.Entry candidate : candidates) {
      if (registry.kind(candidate.key()).isPresent()) {
        known.add(candidate);
      }
    }
    if (known.size() > 1) {
      values.problem(known.get(1).keyMark(), Paths.key(path, known.get(1).key()),
          "a check has one kind, and this one names '%s' and '%s'; write each check as its own entry",
          known.get(0).key(), known.get(1).key());
      return null;
    }
    for (Node.Entry candidate : candidates) {
      if (known.contains(candidate)) {
        continue;
      }
      List<String> names = new ArrayList<>(ENTRY_FIELDS);
      if (known.isEmpty()) {
        names.addAll(0, registry.kinds());
        values.problem(candidate.keyMark(), Paths.key(path, candidate.key()), "unknown check kind '%s'%s%s",
            candidate.key(), suggestion(candidate.key(), names), kinds);
      } else {
        values.problem(candidate.keyMark(), Paths.key(path, candidate.key()),
            "unknown field '%s' of a check%s; a check has its kind (%s) and: %s", candidate.key(),
            suggestion(candidate.key(), names), known.get(0).key(), String.join(", ", ENTRY_FIELDS));
      }
    }
    return known.size() == 1 && candidates.size() == 1 ? known.get(0) : null;
  }

  /** The dataset a step's check is on: its {@code dataset:}, else the step's only output. */
  private Optional<String> stepDataset(StepInfo step, Entry entry) {
    List<String> outputs = new ArrayList<>();
    step.outputs.forEach(o -> outputs.add(o.value()));
    Node datasetNode = entry.mapping.get("dataset");
    if (datasetNode == null) {
      if (outputs.size() == 1) {
        return Optional.of(outputs.get(0));
      }
      values.problem(entry.mapping.mark(), Paths.key(entry.path, "dataset"), outputs.isEmpty()
          ? "step '" + step.name() + "' writes no dataset, and checks are on the datasets a step writes"
              + " (put checks on a source it reads under sources:)"
          : "step '" + step.name() + "' writes several datasets (" + String.join(", ", outputs)
              + "); name the one checked with dataset:");
      return Optional.empty();
    }
    String path = Paths.key(entry.path, "dataset");
    String dataset = values.text(datasetNode, path);
    if (dataset == null) {
      return Optional.empty();
    }
    if (!outputs.contains(dataset)) {
      values.problem(datasetNode.mark(), path, "step '%s' does not write '%s'%s; it writes: %s", step.name(), dataset,
          suggestion(dataset, outputs), outputs.isEmpty() ? "nothing" : String.join(", ", outputs));
      return Optional.empty();
    }
    return Optional.of(dataset);
  }

  private Check check(Entry entry, String dataset, Optional<String> step, List<String> fields) {
    for (Node.Entry field : entry.mapping.entries().values()) {
      if (field != entry.kind && !fields.contains(field.key())) {
        values.problem(field.keyMark(), Paths.key(entry.path, field.key()),
            "a source's check takes no '%s' (its dataset is the source); its fields: %s",
            field.key(), String.join(", ", fields));
        return null;
      }
    }
    CheckSeverity severity = CheckSeverity.ERROR;
    Node severityNode = entry.mapping.get("severity");
    if (severityNode != null) {
      String name = values.oneOf(severityNode, Paths.key(entry.path, "severity"), "severity", SEVERITIES);
      if (name == null) {
        return null;
      }
      severity = name.equals("warn") ? CheckSeverity.WARN : CheckSeverity.ERROR;
    }
    boolean retry = false;
    Node retryNode = entry.mapping.get("retry");
    if (retryNode != null) {
      Boolean flag = values.bool(retryNode, Paths.key(entry.path, "retry"));
      if (flag == null) {
        return null;
      }
      retry = flag;
    }
    String kindName = entry.kind.key();
    Node argumentNode = entry.kind.value();
    Object argument = Values.toJava(argumentNode);
    String argumentPath = Paths.key(entry.path, kindName);
    String name = kindName;
    DatasetCheck logic = null;
    Optional<CheckKind> kind = registry.kind(kindName);
    if (kind.isPresent()) {
      CheckDefinition definition =
          new CheckDefinition(kindName, argument, dataset, step, severity, retry, entry.mapping.mark().line());
      try {
        logic = kind.get().create(definition);
        name = kind.get().name(definition);
        if (logic == null || name == null) {
          values.problem(argumentNode.mark(), argumentPath, "check kind '%s' made no %s (it returned null)",
              kindName, logic == null ? "logic" : "name");
          return null;
        }
      } catch (CheckDefinitionException e) {
        Spot at = locate(argumentNode, argumentPath, e.field(), e.atKey());
        values.problem(at.mark(), at.path(), "%s", e.reason());
        return null;
      } catch (RuntimeException e) {
        values.problem(argumentNode.mark(), argumentPath, "check kind '%s' rejected the check: %s", kindName,
            e.getMessage() == null ? Errors.describe(e) : e.getMessage());
        return null;
      }
    }
    Check.Builder builder = Check.builder(kindName, dataset).name(name).onInput(step.isEmpty())
        .severity(severity).retry(retry).params(params(kindName, argument));
    if (logic != null) {
      builder.logic(logic);
    }
    return builder.build();
  }

  /**
   * A check's settings as its {@link Check#params()}: the argument's fields when it is a mapping,
   * else (and for a mapping whose one field is named as the kind) {@code {kind: argument}}, so
   * that a plan writes each entry back as it was written.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> params(String kind, Object argument) {
    if (argument instanceof Map && !(((Map<String, Object>) argument).size() == 1 && ((Map<String, Object>) argument).containsKey(kind))) {
      return (Map<String, Object>) argument;
    }
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put(kind, argument);
    return wrapped;
  }

  /** The argument written back from {@link #params}. */
  public static Object argument(String kind, Map<String, Object> params) {
    if (params.size() == 1 && params.containsKey(kind)) {
      return params.get(kind);
    }
    return params;
  }

  /** Where a problem is reported. */
  private record Spot(Mark mark, String path) {}

  /**
   * Where {@code field} ({@code max}, {@code values[2]}, {@code columns.a}) of the argument at
   * {@code node} is written: its value, or its key for {@code atKey}; as far as the file goes.
   */
  private static Spot locate(Node node, String path, String field, boolean atKey) {
    Node current = node;
    String currentPath = path;
    Mark mark = node.mark();
    if (field.isEmpty()) {
      return new Spot(mark, path);
    }
    for (String part : field.split("\\.")) {
      String key = part;
      List<Integer> indices = new ArrayList<>();
      int bracket = part.indexOf('[');
      if (bracket >= 0 && part.endsWith("]")) {
        key = part.substring(0, bracket);
        for (String index : part.substring(bracket + 1, part.length() - 1).split("\\]\\[")) {
          try {
            indices.add(Integer.parseInt(index));
          } catch (NumberFormatException e) {
            return new Spot(mark, currentPath);
          }
        }
      }
      if (!key.isEmpty()) {
        currentPath = Paths.key(currentPath, key);
        Node.Entry entry = current instanceof Node.Mapping ? ((Node.Mapping) current).entry(key) : null;
        if (entry == null) {
          return new Spot(mark, currentPath);
        }
        current = entry.value();
        mark = atKey && indices.isEmpty() ? entry.keyMark() : current.mark();
      }
      for (int index : indices) {
        currentPath = Paths.index(currentPath, index);
        if (!(current instanceof Node.Sequence) || index >= ((Node.Sequence) current).items().size()) {
          return new Spot(mark, currentPath);
        }
        current = ((Node.Sequence) current).items().get(index);
        mark = current.mark();
      }
    }
    return new Spot(mark, currentPath);
  }

  private static String suggestion(String name, Iterable<String> candidates) {
    return Suggestions.closest(name, candidates).map(s -> String.format(" (did you mean '%s'?)", s)).orElse("");
  }

}
