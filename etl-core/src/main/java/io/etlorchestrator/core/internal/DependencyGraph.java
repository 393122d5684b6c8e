package io.etlorchestrator.core.internal;

import io.etlorchestrator.core.PipelineStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The dependency graph of a pipeline in compressed sparse row form: for step {@code i} (definition
 * index), its predecessors are {@code pred[predStart[i] .. predStart[i+1])} and its successors
 * {@code succ[succStart[i] .. succStart[i+1])}. Each predecessor edge remembers why it exists: the
 * dataset linking the two steps, or {@code null} for an explicit {@code depends_on}.
 *
 * <p>Built in time and memory linear in steps + edges. Immutable after construction. Internal: not
 * part of the public API.
 */
public final class DependencyGraph {
  private final int size;
  private final int[] predStart;
  private final int[] pred;
  private final String[] predVia;
  private final int[] succStart;
  private final int[] succ;
  /** A topological order, or null if the graph has a cycle. */
  private final int[] topologicalOrder;
  /** One cycle in edge order (each step feeds the next, the last feeds the first), or null. */
  private final int[] cycle;
  private final List<String> externalSources;
  private final boolean suspect;

  private DependencyGraph(
      int size,
      int[] predStart,
      int[] pred,
      String[] predVia,
      int[] succStart,
      int[] succ,
      List<String> externalSources,
      boolean suspect) {
    this.size = size;
    this.externalSources = externalSources;
    this.suspect = suspect;
    this.predStart = predStart;
    this.pred = pred;
    this.predVia = predVia;
    this.succStart = succStart;
    this.succ = succ;
    int[] order = topologicalSort();
    this.topologicalOrder = order;
    this.cycle = order == null ? findCycle() : null;
  }

  /**
   * Builds the graph of {@code steps} in one pass over their inputs and {@code dependsOn}, which
   * also collects the {@linkplain #externalSources() external sources} and notes whether a
   * reference needs the full validation ({@link #hasSuspectReference()}). Unknown {@code dependsOn}
   * names, self references and datasets without a producer add no edge (validation reports them
   * separately).
   *
   * @param steps the steps in definition order
   * @param indexByName step name to definition index (the first step of a duplicated name; blank
   *     names are not in it)
   * @param producerByDataset dataset to the definition index of the (first) step producing it
   */
  public static DependencyGraph build(
      List<PipelineStep> steps, StringIndex indexByName, StringIndex producerByDataset) {
    int n = steps.size();
    int[] predStart = new int[n + 1];
    IntArray pred = new IntArray(n * 2 + 16);
    ObjectArray<String> via = new ObjectArray<>(n * 2 + 16);
    StringIndex seenSources = new StringIndex(16);
    List<String> sources = new ArrayList<>();
    boolean suspect = false;
    // stamp[p] == i + 1 marks p as already a predecessor of step i, so each edge appears once.
    int[] stamp = new int[n];
    for (int i = 0; i < n; i++) {
      predStart[i] = pred.size();
      PipelineStep step = steps.get(i);
      for (String input : step.inputs()) {
        int p = producerByDataset.get(input);
        if (p < 0) {
          if (seenSources.putIfAbsent(input, sources.size()) < 0) {
            sources.add(input);
          }
          suspect |= input.isBlank();
        } else if (p == i) {
          suspect = true; // reads its own output
        } else {
          if (stamp[p] != i + 1) {
            stamp[p] = i + 1;
            pred.add(p);
            via.add(input);
          }
          // A blank dataset never equals a non-blank one: a found producer's output is blank too
          // and the producer's own check flags it, so blank inputs need no test here.
        }
      }
      Set<String> dependsOn = step.dependsOn();
      if (!dependsOn.isEmpty()) {
        for (String name : dependsOn) {
          int p = indexByName.get(name);
          if (p < 0 || p == i) {
            suspect = true; // unknown step or the step itself
          } else if (stamp[p] != i + 1) {
            stamp[p] = i + 1;
            pred.add(p);
            via.add(null);
          }
        }
      }
    }
    predStart[n] = pred.size();
    int[] predArray = pred.toArray();

    int[] succStart = new int[n + 1];
    for (int e = 0; e < predArray.length; e++) {
      succStart[predArray[e] + 1]++;
    }
    for (int i = 0; i < n; i++) {
      succStart[i + 1] += succStart[i];
    }
    int[] fill = Arrays.copyOf(succStart, n);
    int[] succ = new int[predArray.length];
    for (int i = 0; i < n; i++) {
      for (int e = predStart[i]; e < predStart[i + 1]; e++) {
        succ[fill[predArray[e]]++] = i;
      }
    }
    return new DependencyGraph(
        n,
        predStart,
        predArray,
        via.toArray(new String[0]),
        succStart,
        succ,
        List.copyOf(sources),
        suspect);
  }

  /**
   * Datasets read by some step and produced by none, in order of first appearance.
   */
  public List<String> externalSources() {
    return externalSources;
  }

  /**
   * Whether some reference may be invalid: a {@code dependsOn} naming an unknown step or the step
   * itself, an input that is the step's own output, or a blank input. When false, none is; when
   * true, the full validation says which (this may be a false alarm, never a miss).
   */
  public boolean hasSuspectReference() {
    return suspect;
  }

  /** Number of steps. */
  public int size() {
    return size;
  }

  /** Number of edges. */
  public int edgeCount() {
    return pred.length;
  }

  /** Start offset of step {@code i}'s predecessors in {@link #predecessorAt(int)}. */
  public int predecessorStart(int i) {
    return predStart[i];
  }

  /** End offset (exclusive) of step {@code i}'s predecessors. */
  public int predecessorEnd(int i) {
    return predStart[i + 1];
  }

  /** The predecessor at edge offset {@code e}. */
  public int predecessorAt(int e) {
    return pred[e];
  }

  /** The dataset of the predecessor edge at offset {@code e}, or null for an explicit depends_on. */
  public String viaAt(int e) {
    return predVia[e];
  }

  /** Start offset of step {@code i}'s successors in {@link #successorAt(int)}. */
  public int successorStart(int i) {
    return succStart[i];
  }

  /** End offset (exclusive) of step {@code i}'s successors. */
  public int successorEnd(int i) {
    return succStart[i + 1];
  }

  /** The successor at edge offset {@code e}. */
  public int successorAt(int e) {
    return succ[e];
  }

  /** Number of predecessors of step {@code i}. */
  public int inDegree(int i) {
    return predStart[i + 1] - predStart[i];
  }

  /** Whether the graph has a cycle. */
  public boolean hasCycle() {
    return cycle != null;
  }

  /**
   * One cycle, as step indices in edge order (each feeds the next; the last feeds the first),
   * starting at its step with the smallest index. Empty if the graph is acyclic.
   */
  public int[] cycle() {
    return cycle == null ? new int[0] : cycle.clone();
  }

  /**
   * The dataset linking {@code from} to {@code to}, or null for an explicit depends_on.
   *
   * @throws IllegalArgumentException if there is no such edge
   */
  public String via(int from, int to) {
    for (int e = predStart[to]; e < predStart[to + 1]; e++) {
      if (pred[e] == from) {
        return predVia[e];
      }
    }
    throw new IllegalArgumentException("no edge " + from + " -> " + to);
  }

  /**
   * A topological order (every step after all its predecessors), ties in definition order.
   *
   * @throws IllegalStateException if the graph has a cycle
   */
  public int[] topologicalOrder() {
    Checks.state(topologicalOrder != null, "the graph has a cycle");
    return topologicalOrder;
  }

  private int[] topologicalSort() {
    int[] remaining = new int[size];
    int[] order = new int[size];
    int head = 0;
    int tail = 0;
    for (int i = 0; i < size; i++) {
      remaining[i] = inDegree(i);
      if (remaining[i] == 0) {
        order[tail++] = i;
      }
    }
    while (head < tail) {
      int v = order[head++];
      for (int e = succStart[v]; e < succStart[v + 1]; e++) {
        int w = succ[e];
        if (--remaining[w] == 0) {
          order[tail++] = w;
        }
      }
    }
    return tail == size ? order : null;
  }

  /**
   * Finds a cycle among the steps a topological sort could not order: each of them has a
   * predecessor that is also unordered (or it would have been ordered), so walking predecessors
   * from any of them must revisit a step. The walk is linear in steps + edges.
   */
  private int[] findCycle() {
    // Steps on or downstream of a cycle are exactly those never reaching in-degree zero.
    int[] remaining = new int[size];
    int[] queue = new int[size];
    int tail = 0;
    for (int i = 0; i < size; i++) {
      remaining[i] = inDegree(i);
      if (remaining[i] == 0) {
        queue[tail++] = i;
      }
    }
    for (int head = 0; head < tail; head++) {
      int v = queue[head];
      for (int e = succStart[v]; e < succStart[v + 1]; e++) {
        if (--remaining[succ[e]] == 0) {
          queue[tail++] = succ[e];
        }
      }
    }
    int start = -1;
    for (int i = 0; i < size && start < 0; i++) {
      if (remaining[i] > 0) {
        start = i;
      }
    }
    // position[v] = index in the walk + 1, 0 when not yet visited.
    int[] position = new int[size];
    IntArray walk = new IntArray(16);
    int v = start;
    while (position[v] == 0) {
      position[v] = walk.size() + 1;
      walk.add(v);
      int next = -1;
      for (int e = predStart[v]; e < predStart[v + 1] && next < 0; e++) {
        if (remaining[pred[e]] > 0) {
          next = pred[e];
        }
      }
      v = next;
    }
    // walk[position[v]-1 ..] is the cycle in predecessor order; reverse it into edge order.
    int from = position[v] - 1;
    int length = walk.size() - from;
    int[] cycle = new int[length];
    for (int k = 0; k < length; k++) {
      cycle[k] = walk.get(walk.size() - 1 - k);
    }
    // Rotate so the cycle starts at its smallest index, for deterministic messages.
    int min = 0;
    for (int k = 1; k < length; k++) {
      if (cycle[k] < cycle[min]) {
        min = k;
      }
    }
    int[] rotated = new int[length];
    for (int k = 0; k < length; k++) {
      rotated[k] = cycle[(min + k) % length];
    }
    return rotated;
  }

  /** A growable int array, to avoid boxing. */
  static final class IntArray {
    private int[] data;
    private int size;

    IntArray(int capacity) {
      data = new int[Math.max(4, capacity)];
    }

    void add(int value) {
      if (size == data.length) {
        data = Arrays.copyOf(data, data.length + (data.length >> 1) + 1);
      }
      data[size++] = value;
    }

    int get(int index) {
      return data[index];
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  /** A growable object array. */
  static final class ObjectArray<T> {
    private Object[] data;
    private int size;

    ObjectArray(int capacity) {
      data = new Object[Math.max(4, capacity)];
    }

    void add(T value) {
      if (size == data.length) {
        data = Arrays.copyOf(data, data.length + (data.length >> 1) + 1);
      }
      data[size++] = value;
    }

    @SuppressWarnings("unchecked")
    <A> A[] toArray(A[] type) {
      return (A[]) Arrays.copyOf(data, size, type.getClass());
    }
  }
}
