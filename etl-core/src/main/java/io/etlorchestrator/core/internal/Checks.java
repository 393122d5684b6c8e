package io.etlorchestrator.core.internal;

import java.util.Objects;

/**
 * Argument and state checks with formatted messages; text arguments are shown as their {@link
 * Excerpt}s, so a huge or strange value never floods a message. Internal: not part of the public
 * API.
 */
public final class Checks {
  private Checks() {}

  /** Returns {@code value}, or throws a {@link NullPointerException} naming {@code parameter}. */
  public static <T> T notNull(T value, String parameter) {
    return Objects.requireNonNull(value, () -> parameter + " must not be null");
  }

  /** Throws an {@link IllegalArgumentException} with the formatted message unless {@code condition}. */
  public static void argument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(format, Excerpt.all(args)));
    }
  }

  /** Throws an {@link IllegalStateException} with the formatted message unless {@code condition}. */
  public static void state(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(format, Excerpt.all(args)));
    }
  }
}
