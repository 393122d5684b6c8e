package io.etlorchestrator.core.internal;

/** Turns exceptions into one line for people. Internal: not part of the public API. */
public final class Errors {
  private Errors() {}

  /**
   * {@code SimpleClassName: message}, or the class name alone when there is no message. Never
   * throws: a message that cannot be read (a {@code getMessage()} of the user's that throws) is
   * said to be unreadable. A lone UTF-16 surrogate in the message becomes U+FFFD, so that the
   * description can be stored (a checkpoint refuses text it could not read back).
   */
  public static String describe(Throwable failure) {
    String type = failure.getClass().getSimpleName();
    String message;
    try {
      message = failure.getMessage();
    } catch (Throwable e) { // user code: even a StackOverflowError must not escape a description
      return String.format("%s (its message could not be read: %s)", type, e.getClass().getSimpleName());
    }
    return message == null || message.isBlank()
        ? type
        : type + ": " + UnsafeText.withoutLoneSurrogates(message);
  }
}
