package io.etlorchestrator.yaml;

import io.etlorchestrator.core.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Check kind names mapped to the {@link CheckKind} that makes a check's logic: what a {@link
 * YamlPipelineReader} uses for the entries of {@code checks:}. A reader uses the kinds {@link
 * #discovered() on the class path} unless given a registry.
 *
 * <pre>{@code
 * CheckKindRegistry kinds = CheckKindRegistry.builder()
 *     .discover()                          // etl-quality's built-in kinds, when on the class path
 *     .register("min_rows", minRows)       // a host's own
 *     .build();
 * YamlPipelineReader reader = YamlPipelineReader.builder().stepTypes(types).checkKinds(kinds).build();
 * }</pre>
 *
 * <p>With no kinds at all (no provider on the class path), a reader accepts every check entry
 * without reading its argument, for planning: such checks have no logic, and an executor refuses
 * to run them. Immutable and thread-safe once built.
 */
public final class CheckKindRegistry {
  private final Map<String, CheckKind> kinds;

  private CheckKindRegistry(Map<String, CheckKind> kinds) {
    this.kinds = Collections.unmodifiableMap(new TreeMap<>(kinds));
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The kinds of every {@link CheckKindProvider} on the class path (the thread's context loader). */
  public static CheckKindRegistry discovered() {
    return builder().discover().build();
  }

  /** The registered kind names, sorted. */
  public Set<String> kinds() {
    return kinds.keySet();
  }

  /** The kind named {@code name}, if registered. */
  public Optional<CheckKind> kind(String name) {
    return Optional.ofNullable(kinds.get(Checks.notNull(name, "name")));
  }

  @Override
  public String toString() {
    return "CheckKindRegistry" + kinds();
  }

  /** Builds a {@link CheckKindRegistry}; a kind name can be registered once. */
  public static final class Builder {
    private final Map<String, CheckKind> kinds = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Maps check kind {@code name} to {@code kind}.
     *
     * @throws IllegalArgumentException if {@code name} is blank or one of a check entry's own
     *     fields ({@code dataset}, {@code severity}, {@code retry})
     * @throws IllegalStateException if {@code name} is already registered
     */
    public Builder register(String name, CheckKind kind) {
      return register(name, kind, "register()");
    }

    /**
     * Registers the kinds of every {@link CheckKindProvider} that {@link ServiceLoader} finds with
     * the thread's context class loader (or this class's loader when there is none).
     *
     * @throws IllegalStateException if two sources register the same kind name
     */
    public Builder discover() {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return discover(loader != null ? loader : CheckKindRegistry.class.getClassLoader());
    }

    /** As {@link #discover()}, with {@code loader}. */
    public Builder discover(ClassLoader loader) {
      Checks.notNull(loader, "loader");
      for (CheckKindProvider provider : ServiceLoader.load(CheckKindProvider.class, loader)) {
        Map<String, CheckKind> provided = provider.checkKinds();
        Checks.state(provided != null, "%s.checkKinds() returned null", provider.getClass().getName());
        String origin = provider.getClass().getName();
        new TreeMap<>(provided).forEach((name, kind) -> register(name, kind, origin));
      }
      return this;
    }

    private Builder register(String name, CheckKind kind, String origin) {
      Checks.notNull(name, "name");
      Checks.notNull(kind, "kind");
      Checks.argument(!name.isBlank(), "check kind name must not be blank");
      Checks.argument(!io.etlorchestrator.yaml.internal.CheckReader.ENTRY_FIELDS.contains(name),
          "'%s' is a field of every check entry and cannot name a check kind", name);
      String previous = origins.get(name);
      Checks.state(previous == null, "check kind '%s' is already registered by %s; cannot register it again from %s",
          name, previous, origin);
      kinds.put(name, kind);
      origins.put(name, origin);
      return this;
    }

    /** A new immutable registry holding the kinds registered so far. */
    public CheckKindRegistry build() {
      return new CheckKindRegistry(kinds);
    }
  }
}
