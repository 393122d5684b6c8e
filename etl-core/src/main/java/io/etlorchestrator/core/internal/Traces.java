package io.etlorchestrator.core.internal;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where an exception came from, cut to what a person reading a report needs: the exception's
 * frames down to where the executor called the step's code, then its causes with their first
 * frames. Internal: not part of the public API.
 */
public final class Traces {
  /** Frames kept of the exception itself. */
  static final int FRAMES = 12;
  /** Frames kept of each cause. */
  static final int CAUSE_FRAMES = 4;
  /** Causes followed at most. */
  static final int CAUSES = 5;
  /** The longest message kept of one exception. */
  static final int MESSAGE = 500;

  private static final String EXECUTOR = "io.etlorchestrator.core.RunExecution";

  private Traces() {}

  /** The trimmed trace of {@code failure}, lines separated by {@code \n}. */
  public static String trim(Throwable failure) {
    StringBuilder out = new StringBuilder();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Throwable current = failure;
    for (int depth = 0; current != null && depth <= CAUSES && seen.put(current, true) == null; depth++) {
      if (depth > 0) {
        out.append("Caused by: ");
      }
      out.append(cap(Errors.describe(current).replace('\n', ' '))).append('\n');
      StackTraceElement[] frames = current.getStackTrace();
      int limit = depth == 0 ? FRAMES : CAUSE_FRAMES;
      int shown = 0;
      int k = 0;
      for (; k < frames.length; k++) {
        if (frames[k].getClassName().startsWith(EXECUTOR)) {
          break; // the executor's own frames say nothing about the step
        }
        if (shown < limit) {
          out.append("\tat ").append(frames[k]).append('\n');
          shown++;
        }
      }
      int left = k - shown;
      if (left > 0) {
        out.append("\t... ").append(left).append(" more\n");
      }
      current = current.getCause();
    }
    if (out.length() > 0) {
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }

  private static String cap(String message) {
    if (message.length() <= MESSAGE) {
      return message;
    }
    // Never cut a surrogate pair in two: half of one is text no checkpoint can store.
    int end = Character.isHighSurrogate(message.charAt(MESSAGE - 1)) ? MESSAGE - 1 : MESSAGE;
    return message.substring(0, end) + "…";
  }
}
