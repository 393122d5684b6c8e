package io.etlorchestrator.yaml.internal;

import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.RetryPolicy;
import io.etlorchestrator.core.internal.Excerpt;
import io.etlorchestrator.yaml.StepDefinition;
import io.etlorchestrator.yaml.internal.Values.Located;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one entry of {@code steps:} into a {@link PipelineStep} and its {@link StepDefinition},
 * remembering where each value was written so that the model's own problems can be reported at
 * the right line. Internal: not part of the public API.
 */
public final class StepReader {
  /** The fields of a step, in the order a plan writes them. */
  public static final List<String> FIELDS =
      List.of(
          "name",
          "type",
          "source",
          "target",
          "inputs",
          "output",
          "outputs",
          "depends_on",
          "estimated_duration",
          "can_parallelize",
          "timeout",
          "resources",
          "retry",
          "version",
          "params",
          "checks");

  /** One step as read, with the positions of its values. */
  public static final class StepInfo {
    final int index;
    final String path;
    final Node node;
    final Node.Mapping mapping;
    String name = "";
    String type = PipelineStep.DEFAULT_TYPE;
    List<Located> inputs = List.of();
    List<Located> outputs = List.of();
    List<Located> dependsOn = List.of();
    List<Located> resources = List.of();
    /** The file's {@code version}, null when it sets none. */
    String version;
    PipelineStep.Builder builder;
    StepDefinition definition;
    /** How many checks were added to the builder. */
    int checks;
    private final Map<String, Map<String, Located>> valueIndex = new java.util.HashMap<>(4);

    StepInfo(int index, String path, Node node) {
      this.index = index;
      this.path = path;
      this.node = node;
      this.mapping = node instanceof Node.Mapping ? (Node.Mapping) node : null;
    }

    /** The step's position in the file. */
    public Mark mark() {
      return node.mark();
    }

    /** The step's name as read, empty when it has none. */
    public String name() {
      return name;
    }

    /** The step's type as read. */
    public String type() {
      return type;
    }

    /** The step's {@code version} as the file writes it, if it does. */
    public java.util.Optional<String> version() {
      return java.util.Optional.ofNullable(version);
    }

    /** The step's path, {@code steps[i]}. */
    public String path() {
      return path;
    }

    /** The step built from the file, or null if the entry is not a mapping. */
    public PipelineStep.Builder builder() {
      return builder;
    }

    /** Whether a check (of the step's own, or of a source it reads) was added to the step. */
    public boolean hasChecks() {
      return checks > 0;
    }

    /** The step's definition for factories, or null if the entry is not a mapping. */
    public StepDefinition definition() {
      return definition;
    }

    /** The step's own node and path. */
    public Located self() {
      return new Located("", node, path);
    }

    /** Whether the step's mapping sets {@code field}. */
    public boolean has(String field) {
      return mapping != null && mapping.entry(field) != null;
    }

    /** The node and path of {@code field}; the step's node when the field is absent. */
    public Located field(String field) {
      Node.Entry entry = mapping == null ? null : mapping.entry(field);
      return new Located(field, entry == null ? node : entry.value(), Paths.key(path, field));
    }

    /**
     * Where the core's {@code field} ({@code inputs}, {@code outputs}, {@code depends_on}, {@code
     * resources}) names {@code value}; falls back to the field, then to the step.
     */
    public Located value(String field, String value) {
      List<Located> candidates;
      switch (field) {
        case "inputs":
          candidates = inputs;
          break;
        case "outputs":
          candidates = outputs;
          break;
        case "depends_on":
          candidates = dependsOn;
          break;
        case "resources":
          candidates = resources;
          break;
        default:
          return field(field);
      }
      if (candidates.isEmpty()) {
        return field(field);
      }
      // An index per field, made on the first problem: a step listing 20,000 unknown depends_on
      // names has 20,000 problems to place, which a scan each would make quadratic.
      Map<String, Located> index =
          valueIndex.computeIfAbsent(
              field,
              f -> {
                Map<String, Located> byValue = new java.util.HashMap<>(candidates.size() * 2);
                for (Located candidate : candidates) {
                  byValue.putIfAbsent(candidate.value(), candidate);
                }
                return byValue;
              });
      Located found = index.get(value);
      return found != null ? found : candidates.get(0);
    }
  }

  private StepReader() {}

  /**
   * Reads step {@code index}.
   *
   * @param defaultRetry the pipeline's retry policy, which a step's {@code retry} refines
   * @param fallbacks fallbacks by step name, from {@code failure_policies.on_failure}
   */
  public static StepInfo read(
      Values values,
      Node node,
      int index,
      RetryPolicy defaultRetry,
      Map<String, Fallback> fallbacks) {
    String path = Paths.index("steps", index);
    StepInfo step = new StepInfo(index, path, node);
    Node.Mapping m =
        values.mapping(node, path, "a step (a mapping with name, type, inputs, outputs, ...)");
    if (m == null) {
      return step;
    }
    values.checkFields(m, path, FIELDS);
    Node nameNode = values.required(m, path, "name", "every step needs a unique name");
    if (nameNode != null) {
      String name = values.text(nameNode, Paths.key(path, "name"));
      step.name = name == null ? "" : name;
    }
    Node typeNode = m.get("type");
    if (typeNode != null) {
      String type = values.text(typeNode, Paths.key(path, "type"));
      step.type = type == null ? PipelineStep.DEFAULT_TYPE : type;
    }
    step.inputs = oneOf(values, m, path, "source", "inputs");
    step.outputs = oneOf(values, m, path, "target", "output", "outputs");
    step.dependsOn = list(values, m, path, "depends_on");
    step.resources = list(values, m, path, "resources");

    PipelineStep.Builder b = PipelineStep.builder(step.name).type(step.type);
    b.inputs(texts(step.inputs)).outputs(texts(step.outputs)).dependsOn(texts(step.dependsOn));
    step.resources.forEach(r -> b.resources(r.value()));
    Node estimate = m.get("estimated_duration");
    if (estimate != null) {
      Duration d = values.duration(estimate, Paths.key(path, "estimated_duration"));
      if (d != null) {
        b.estimatedDuration(d);
      }
    }
    Node parallel = m.get("can_parallelize");
    if (parallel != null) {
      Boolean flag = values.bool(parallel, Paths.key(path, "can_parallelize"));
      if (flag != null) {
        b.canParallelize(flag);
      }
    }
    Node timeout = m.get("timeout");
    if (timeout != null) {
      Duration d = values.duration(timeout, Paths.key(path, "timeout"));
      if (d != null) {
        b.timeout(d);
      }
    }
    Node retry = m.get("retry");
    if (retry != null) {
      b.retryPolicy(RetryReader.read(values, retry, Paths.key(path, "retry"), defaultRetry));
    }
    Fallback fallback = fallbacks.get(step.name);
    if (fallback != null) {
      b.fallback(fallback);
    }
    Node versionNode = m.get("version");
    if (versionNode != null) {
      String version = values.text(versionNode, Paths.key(path, "version"));
      if (version != null) {
        step.version = version;
        b.version(version);
      }
    }
    Map<String, Object> params = Map.of();
    Node paramsNode = m.get("params");
    if (paramsNode != null && !(paramsNode instanceof Node.Scalar && ((Node.Scalar) paramsNode).isNull())) {
      Node.Mapping p = values.mapping(paramsNode, Paths.key(path, "params"), "a mapping of parameters");
      if (p != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> converted = (Map<String, Object>) Values.toJava(p);
        params = converted;
      }
    }
    b.params(params);
    step.builder = b;
    step.definition =
        new StepDefinition(
            step.name,
            step.type,
            texts(step.inputs),
            texts(step.outputs),
            texts(step.dependsOn),
            params,
            m.mark().line());
    return step;
  }

  /** The list under the one of {@code keys} that is present; a problem if several are. */
  private static List<Located> oneOf(Values values, Node.Mapping m, String path, String... keys) {
    Node.Entry chosen = null;
    for (String key : keys) {
      Node.Entry entry = m.entry(key);
      if (entry == null) {
        continue;
      }
      if (chosen != null) {
        values.problem(
            entry.keyMark(),
            Paths.key(path, key),
            "'%s' and '%s' both set the step's %s; use only one of %s",
            Excerpt.of(chosen.key()),
            Excerpt.of(key),
            keys[0].equals("source") ? "inputs" : "outputs",
            String.join(", ", keys));
        continue;
      }
      chosen = entry;
    }
    return chosen == null ? List.of() : values.textList(chosen.value(), Paths.key(path, chosen.key()));
  }

  private static List<Located> list(Values values, Node.Mapping m, String path, String key) {
    Node node = m.get(key);
    return node == null ? List.of() : values.textList(node, Paths.key(path, key));
  }

  private static List<String> texts(List<Located> located) {
    List<String> result = new ArrayList<>(located.size());
    for (Located l : located) {
      result.add(l.value());
    }
    return result;
  }
}
