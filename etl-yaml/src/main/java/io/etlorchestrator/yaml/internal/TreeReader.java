package io.etlorchestrator.yaml.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.etlorchestrator.core.internal.Excerpt;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Node} tree from a Jackson {@link YAMLParser}, keeping each node's position.
 *
 * <p>Jackson's streaming parser does not resolve anchors and aliases (it reports an alias as a
 * string); this reader resolves them by sharing the anchored node, applies merge keys ({@code <<:
 * *defaults}), reports duplicate keys, and refuses documents whose aliases would expand to more
 * than {@link #MAX_ALIAS_EXPANSION} nodes beyond the document's own size (an "alias bomb"): the
 * check happens per alias in constant time, so a bomb is refused before any expansion.
 *
 * <p>Internal: not part of the public API.
 */
public final class TreeReader {
  /** How many nodes aliases may add beyond the nodes written in the document. */
  public static final long MAX_ALIAS_EXPANSION = 1_000_000;

  /** A problem that stops reading: the rest of the document cannot be trusted. */
  public static final class FatalProblem extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    FatalProblem(Problem problem) {
      super(problem.message(), null, false, false);
      this.problem = problem;
    }

    /** The problem. */
    public Problem problem() {
      return problem;
    }
  }

  private final YAMLParser parser;
  private final List<Problem> problems;
  private final Map<String, Node> anchors = new HashMap<>();
  private final java.util.Set<String> openAnchors = new java.util.HashSet<>();
  private final Deque<Object> path = new ArrayDeque<>();
  private long parsedNodes;
  private long expandedNodes;

  /**
   * A reader of {@code parser}'s document; non-fatal problems (duplicate keys, unknown aliases,
   * bad merge keys) are added to {@code problems}.
   */
  public TreeReader(YAMLParser parser, List<Problem> problems) {
    this.parser = parser;
    this.problems = problems;
  }

  /**
   * Reads the first document; null if the input holds none. A second document is a problem.
   *
   * @throws FatalProblem for an alias bomb
   * @throws IOException for malformed YAML, as Jackson reports it
   */
  public Node readDocument() throws IOException, FatalProblem {
    JsonToken token = parser.nextToken();
    if (token == null) {
      return null;
    }
    Node root = readValue(token);
    JsonToken next = parser.nextToken();
    if (next != null) {
      problems.add(
          new Problem(
              mark(parser.currentTokenLocation()),
              "",
              "a second YAML document starts here; a definition file holds one document (remove"
                  + " the '---' line or split the file)"));
    }
    return root;
  }

  private Node readValue(JsonToken token) throws IOException, FatalProblem {
    Mark mark = mark(parser.currentTokenLocation());
    Object anchorId = parser.getObjectId();
    String anchor = anchorId == null ? null : anchorId.toString();
    parsedNodes++;
    Node node;
    switch (token) {
      case START_OBJECT:
      case START_ARRAY:
        if (anchor != null) {
          openAnchors.add(anchor);
        }
        node = token == JsonToken.START_OBJECT ? readMapping(mark) : readSequence(mark);
        if (anchor != null) {
          openAnchors.remove(anchor);
        }
        break;
      default:
        if (parser.isCurrentAlias()) {
          return alias(parser.getText(), mark);
        }
        node = scalar(token, mark);
        break;
    }
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private Node alias(String name, Mark mark) throws FatalProblem {
    Node target = anchors.get(name);
    if (target == null && openAnchors.contains(name)) {
      problems.add(
          new Problem(
              mark,
              pathText(),
              String.format(
                  "alias '*%s' refers to a node that contains it; recursive structures are not"
                      + " supported",
                  Excerpt.of(name))));
      return new Node.Scalar(null, "", mark);
    }
    if (target == null) {
      problems.add(
          new Problem(
              mark,
              pathText(),
              String.format(
                  "alias '*%s' refers to no anchor; define '&%s' before using it",
                  Excerpt.of(name),
                  Excerpt.of(name))));
      return new Node.Scalar(null, "", mark);
    }
    expandedNodes = Node.add(expandedNodes, target.weight());
    if (expandedNodes > MAX_ALIAS_EXPANSION + parsedNodes) {
      throw new FatalProblem(
          new Problem(
              mark,
              pathText(),
              String.format(
                  "YAML aliases expand to more than %,d nodes beyond the file's own size (alias"
                      + " '*%s'); refusing what looks like an alias bomb. Write the repeated parts"
                      + " out instead of nesting aliases",
                  MAX_ALIAS_EXPANSION,
                  Excerpt.of(name))));
    }
    return target;
  }

  private Node scalar(JsonToken token, Mark mark) throws IOException {
    String text = parser.getText();
    Object value;
    switch (token) {
      case VALUE_NULL:
        value = null;
        break;
      case VALUE_TRUE:
        value = Boolean.TRUE;
        break;
      case VALUE_FALSE:
        value = Boolean.FALSE;
        break;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        value = number(text);
        break;
      default:
        value = text;
        break;
    }
    return new Node.Scalar(value, text == null ? "" : text, mark);
  }

  private Object number(String text) {
    try {
      return parser.getNumberValue();
    } catch (IOException | RuntimeException e) {
      return text;
    }
  }

  private Node readSequence(Mark mark) throws IOException, FatalProblem {
    List<Node> items = new ArrayList<>();
    long weight = 1;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      path.addLast(items.size());
      Node item = readValue(token);
      path.removeLast();
      items.add(item);
      weight = Node.add(weight, item.weight());
    }
    return new Node.Sequence(items, mark, weight);
  }

  private Node readMapping(Mark mark) throws IOException, FatalProblem {
    Map<String, Node.Entry> entries = new LinkedHashMap<>();
    List<Node.Mapping> merged = new ArrayList<>();
    long weight = 1;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
      String key = parser.currentName();
      Mark keyMark = mark(parser.currentTokenLocation());
      path.addLast(key);
      Node value = readValue(parser.nextToken());
      if ("<<".equals(key)) {
        collectMerge(value, merged);
      } else {
        Node.Entry previous = entries.get(key);
        if (previous != null) {
          problems.add(
              new Problem(
                  keyMark,
                  pathText(),
                  String.format(
                      "duplicate key '%s' (first at line %d, column %d); each key may appear once"
                          + " in a mapping",
                      Excerpt.of(key),
                      previous.keyMark().line(),
                      previous.keyMark().column())));
        } else {
          entries.put(key, new Node.Entry(key, keyMark, value));
          weight = Node.add(weight, value.weight());
        }
      }
      path.removeLast();
    }
    // Merge keys: explicit keys win, then earlier merged mappings win over later ones.
    for (Node.Mapping source : merged) {
      for (Node.Entry entry : source.entries().values()) {
        if (!entries.containsKey(entry.key())) {
          entries.put(entry.key(), entry);
          weight = Node.add(weight, entry.value().weight());
        }
      }
    }
    return new Node.Mapping(entries, mark, weight);
  }

  private void collectMerge(Node value, List<Node.Mapping> merged) {
    if (value instanceof Node.Mapping) {
      merged.add((Node.Mapping) value);
      return;
    }
    if (value instanceof Node.Sequence) {
      boolean allMappings = true;
      for (Node item : ((Node.Sequence) value).items()) {
        if (item instanceof Node.Mapping) {
          merged.add((Node.Mapping) item);
        } else {
          allMappings = false;
        }
      }
      if (allMappings) {
        return;
      }
    }
    problems.add(
        new Problem(
            value.mark(),
            pathText(),
            "merge key '<<' takes a mapping or a list of mappings (for example '<<: *defaults'),"
                + " not "
                + value.describe()));
  }

  private String pathText() {
    return Paths.of(path);
  }

  /** The 1-based position of a Jackson location. */
  public static Mark mark(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return Mark.FILE;
    }
    return new Mark(location.getLineNr(), Math.max(1, location.getColumnNr()));
  }
}
