package io.etlorchestrator.core.internal;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An unmodifiable map that keeps insertion order, and that {@link #copyOf} hands back as it is
 * instead of copying again. Run state records copy the maps they are given; the maps of a run
 * (its step fingerprints: one entry per step) pass through many of them, so copying once is what
 * keeps a run of 10,000 steps from copying 10,000 entries at every snapshot.
 */
public final class FrozenMap<K, V> extends AbstractMap<K, V> {
  private static final FrozenMap<?, ?> EMPTY = new FrozenMap<>(new LinkedHashMap<>());

  private final Map<K, V> entries;
  private final Set<Entry<K, V>> view;

  private FrozenMap(LinkedHashMap<K, V> entries) {
    this.entries = entries;
    this.view = Collections.unmodifiableMap(entries).entrySet();
  }

  /** {@code map} itself if it is a frozen map, else an ordered, unmodifiable copy of it. */
  @SuppressWarnings("unchecked")
  public static <K, V> Map<K, V> copyOf(Map<? extends K, ? extends V> map) {
    if (map instanceof FrozenMap) {
      return (Map<K, V>) map;
    }
    if (map.isEmpty()) {
      return (Map<K, V>) EMPTY;
    }
    LinkedHashMap<K, V> copy = new LinkedHashMap<>(Math.max(16, (int) (map.size() / 0.75f) + 1));
    copy.putAll(map);
    return new FrozenMap<>(copy);
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    return view;
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public V get(Object key) {
    return entries.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }
}
