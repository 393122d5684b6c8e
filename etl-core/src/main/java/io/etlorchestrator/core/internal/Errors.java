package io.etlorchestrator.core.internal;

/** Turns exceptions into one line for people. Internal: not part of the public API. */
public final class Errors {
  private Errors() {}

  /** {@code SimpleClassName: message}, or the class name alone when there is no message. */
  public static String describe(Throwable failure) {
    String message = failure.getMessage();
    String type = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
