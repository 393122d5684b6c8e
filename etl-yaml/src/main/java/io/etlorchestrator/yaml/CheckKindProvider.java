package io.etlorchestrator.yaml;

import java.util.Map;

/**
 * Contributes check kinds from a jar on the class path, found with {@link java.util.ServiceLoader}
 * by {@link CheckKindRegistry.Builder#discover()} ({@code etl-quality} contributes the built-in
 * kinds this way). Implement it in a public class with a public no-argument constructor and list
 * the class in {@code META-INF/services/io.etlorchestrator.yaml.CheckKindProvider}.
 */
public interface CheckKindProvider {
  /** The check kinds this provider contributes, by kind name. */
  Map<String, CheckKind> checkKinds();
}
