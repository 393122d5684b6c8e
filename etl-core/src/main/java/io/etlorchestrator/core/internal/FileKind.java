package io.etlorchestrator.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a path that is not a regular file is, in words for a message ({@code a FIFO (named pipe)},
 * {@code a character device}), found from its attributes without opening it: opening a FIFO that
 * no one writes to blocks forever, and reading a device such as {@code /dev/zero} never ends.
 * Internal: not part of the public API.
 */
public final class FileKind {
  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHARACTER_DEVICE = 0020000;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int SOCKET = 0140000;

  private FileKind() {}

  /**
   * {@code file}'s kind when {@code attributes} (read following links) say it is not a regular
   * file: {@code a directory}, {@code a FIFO (named pipe)}, {@code a character device}, {@code a
   * block device}, {@code a socket}, or {@code a special file} where the platform does not say;
   * messages read "FILE is KIND, not a regular file".
   */
  public static String of(Path file, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a directory";
    }
    try {
      Object mode = Files.getAttribute(file, "unix:mode");
      if (mode instanceof Integer) {
        switch ((Integer) mode & TYPE_MASK) {
          case FIFO:
            return "a FIFO (named pipe)";
          case CHARACTER_DEVICE:
            return "a character device";
          case BLOCK_DEVICE:
            return "a block device";
          case SOCKET:
            return "a socket";
          default:
            break;
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      // Not a Unix file system: say less.
    }
    return "a special file";
  }
}
