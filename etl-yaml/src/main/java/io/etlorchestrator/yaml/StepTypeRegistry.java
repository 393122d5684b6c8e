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
 * Step type names mapped to the {@link StepFactory} that makes a step's action; what a {@link
 * YamlPipelineReader} uses to turn each step's {@code type} into code.
 *
 * <pre>{@code
 * StepTypeRegistry types = StepTypeRegistry.builder()
 *     .register("extract", step -> ctx -> extract(step, ctx))
 *     .register("transform", step -> ctx -> transform(step, ctx))
 *     .discover()                      // plus every StepTypeProvider on the class path
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe once built.
 */
public final class StepTypeRegistry {
  private final Map<String, StepFactory> factories;

  private StepTypeRegistry(Map<String, StepFactory> factories) {
    this.factories = Collections.unmodifiableMap(new TreeMap<>(factories));
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The registered type names, sorted. */
  public Set<String> types() {
    return factories.keySet();
  }

  /** The factory of step type {@code type}, if registered. */
  public Optional<StepFactory> factory(String type) {
    return Optional.ofNullable(factories.get(Checks.notNull(type, "type")));
  }

  @Override
  public String toString() {
    return "StepTypeRegistry" + types();
  }

  /**
   * Builds a {@link StepTypeRegistry}. A type name can be registered once; {@link #build()} copies,
   * so a builder can be reused.
   */
  public static final class Builder {
    private final Map<String, StepFactory> factories = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Maps step type {@code type} to {@code factory}.
     *
     * @throws IllegalArgumentException if {@code type} is blank
     * @throws IllegalStateException if {@code type} is already registered
     */
    public Builder register(String type, StepFactory factory) {
      return register(type, factory, "register()");
    }

    /**
     * Registers the step types of every {@link StepTypeProvider} that {@link ServiceLoader} finds
     * with the thread's context class loader (or this class's loader when there is none).
     *
     * @throws IllegalStateException if two sources register the same type name
     */
    public Builder discover() {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return discover(loader != null ? loader : StepTypeRegistry.class.getClassLoader());
    }

    /**
     * Registers the step types of every {@link StepTypeProvider} that {@link ServiceLoader} finds
     * with {@code loader}.
     *
     * @throws IllegalStateException if two sources register the same type name
     */
    public Builder discover(ClassLoader loader) {
      Checks.notNull(loader, "loader");
      for (StepTypeProvider provider : ServiceLoader.load(StepTypeProvider.class, loader)) {
        Map<String, StepFactory> types = provider.stepTypes();
        Checks.state(types != null, "%s.stepTypes() returned null", provider.getClass().getName());
        String origin = provider.getClass().getName();
        new TreeMap<>(types).forEach((type, factory) -> register(type, factory, origin));
      }
      return this;
    }

    private Builder register(String type, StepFactory factory, String origin) {
      Checks.notNull(type, "type");
      Checks.notNull(factory, "factory");
      Checks.argument(!type.isBlank(), "step type name must not be blank");
      String previous = origins.get(type);
      Checks.state(
          previous == null,
          "step type '%s' is already registered by %s; cannot register it again from %s",
          type,
          previous,
          origin);
      factories.put(type, factory);
      origins.put(type, origin);
      return this;
    }

    /** A new immutable registry holding the types registered so far. */
    public StepTypeRegistry build() {
      return new StepTypeRegistry(factories);
    }
  }
}
