package io.etlorchestrator.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etlorchestrator.core.CheckpointException;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.StepRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The on-disk journal of one run: {@value #JOURNAL}, one record per line, each line {@code
 * <crc32 as 8 hex digits> <json>\n}. The first record is a snapshot (the whole checkpoint
 * document); later records are snapshots or step states ({@code {"kind": "step", "step": name,
 * "state": {...}}}), the last one for a step winning.
 *
 * <p>Reading trusts only complete lines with a matching checksum. An incomplete last line is a
 * write the crash interrupted (it was never reported durable) and is ignored; any other damage is
 * an error naming the file, line and byte offset, and the file is left as it is.
 *
 * <p>A new journal is published by the known-safe sequence: write a temporary file in the same
 * directory, force it, move it into place with {@code ATOMIC_MOVE}, force the directory.
 *
 * <p>Nothing is written that could not be read back: a record holding a lone UTF-16 surrogate
 * (half of a pair, which JSON can escape but no parser reads back as a name) is refused with a
 * {@link CheckpointException} naming the field, and nothing is written. A journal is read only if
 * it is a regular file of at most {@link #MAX_READ_SIZE} bytes (and fits in the heap), so a
 * damaged, endless or enormous file is an error naming it, never an {@code OutOfMemoryError}.
 * Internal: not part of the public API.
 */
public final class JournalFile {
  /** The journal's file name inside the run's directory. */
  public static final String JOURNAL = "journal.log";
  /** A plain checkpoint document, read when there is no journal (written by hand or exported). */
  public static final String PLAIN = "checkpoint.json";

  /**
   * The largest journal or checkpoint file read: what one array can hold, 2 GiB. A run's journal
   * is compacted long before (at about four records per step), so only a damaged file is larger.
   */
  public static final long MAX_READ_SIZE = Integer.MAX_VALUE - 8;

  private JournalFile() {}

  /** The line for a snapshot record of {@code run}. */
  public static byte[] snapshotLine(PipelineRun run) {
    ObjectNode record = CheckpointJson.MAPPER.createObjectNode();
    record.put("kind", "snapshot");
    record.set("checkpoint", CheckpointJson.toTree(run));
    return line(record);
  }

  /** The line for a step record. */
  public static byte[] stepLine(StepRun step) {
    ObjectNode record = CheckpointJson.MAPPER.createObjectNode();
    record.put("kind", "step");
    record.put("step", step.name());
    record.set("state", CheckpointJson.stepToTree(step));
    return line(record);
  }

  private static byte[] line(ObjectNode record) {
    byte[] json;
    try {
      json = CheckpointJson.MAPPER.writeValueAsBytes(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a journal record", e);
    }
    if (hasEscapedSurrogate(json)) {
      refuseLoneSurrogate(record);
    }
    CRC32 crc = new CRC32();
    crc.update(json);
    byte[] prefix = String.format("%08x ", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[prefix.length + json.length + 1];
    System.arraycopy(prefix, 0, line, 0, prefix.length);
    System.arraycopy(json, 0, line, prefix.length, json.length);
    line[line.length - 1] = '\n';
    return line;
  }

  /**
   * Whether {@code json} holds an escape of a surrogate (<code>&#92;uD800</code> to <code>&#92;uDFFF</code>): Jackson writes a surrogate
   * pair as four bytes of UTF-8 and escapes only a lone surrogate, so this finds exactly the text
   * the reader would refuse, in one pass over the bytes.
   */
  private static boolean hasEscapedSurrogate(byte[] json) {
    int backslashes = 0;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (b == '\\') {
        backslashes++;
        continue;
      }
      if (b == 'u' && (backslashes & 1) == 1 && i + 2 < json.length) {
        byte first = json[i + 1];
        byte second = json[i + 2];
        if ((first == 'D' || first == 'd')
            && (second >= '8' && second <= '9' || second >= 'A' && second <= 'F' || second >= 'a' && second <= 'f')) {
          return true;
        }
      }
      backslashes = 0;
    }
    return false;
  }

  /** Throws, naming the first field of {@code record} whose name or text holds a lone surrogate. */
  private static void refuseLoneSurrogate(JsonNode record) {
    String where = findLoneSurrogate(record, "");
    throw new CheckpointException(
        "journal record",
        String.format(
            "refusing to record text the checkpoint could not read back: %s; a lone UTF-16"
                + " surrogate is half of a character pair, which no UTF-8 file can hold. Nothing was"
                + " written",
            where == null ? "a lone UTF-16 surrogate" : where));
  }

  private static String findLoneSurrogate(JsonNode node, String path) {
    if (node.isTextual()) {
      int at = UnsafeText.loneSurrogate(node.textValue());
      return at < 0 ? null : String.format("%s '%s' %s", path, Excerpt.of(node.textValue()), UnsafeText.describe(node.textValue(), at));
    }
    if (node.isObject()) {
      java.util.Iterator<java.util.Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        java.util.Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey();
        String fieldPath = path.isEmpty() ? name : path + "." + name;
        int at = UnsafeText.loneSurrogate(name);
        if (at >= 0) {
          return String.format(
              "the name '%s' in %s %s", Excerpt.of(name), path.isEmpty() ? "the record" : path, UnsafeText.describe(name, at));
        }
        String found = findLoneSurrogate(field.getValue(), Excerpt.of(fieldPath));
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = findLoneSurrogate(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * Whether {@code runDir} holds a run (a journal or a plain checkpoint): a file of that name of
   * any kind, so that reading one that is not a regular file says so instead of finding no run.
   */
  public static boolean exists(Path runDir) {
    return Files.exists(runDir.resolve(JOURNAL)) || Files.exists(runDir.resolve(PLAIN));
  }

  /**
   * The last durable state recorded in {@code runDir}.
   *
   * @throws CheckpointException if it cannot be read, naming the file and what is wrong
   */
  public static PipelineRun read(Path runDir) {
    Path journal = runDir.resolve(JOURNAL);
    try {
      return replay(readBounded(journal), journal.toString());
    } catch (NoSuchFileException e) {
      Path plain = runDir.resolve(PLAIN);
      try {
        return CheckpointJson.parse(new String(readBounded(plain), StandardCharsets.UTF_8), plain.toString());
      } catch (NoSuchFileException e2) {
        throw new CheckpointException(
            runDir.toString(), String.format("no checkpoint in %s (neither %s nor %s)", runDir, JOURNAL, PLAIN));
      } catch (IOException e2) {
        throw new CheckpointException(plain.toString(), String.format("cannot read %s: %s", plain, e2), e2);
      }
    } catch (IOException e) {
      throw new CheckpointException(journal.toString(), String.format("cannot read %s: %s", journal, e), e);
    }
  }

  /**
   * The bytes of {@code file}, after checking that it is a regular file whose size can be read:
   * at most {@link #MAX_READ_SIZE} bytes, and at most half of what the heap can still grow to.
   *
   * @throws NoSuchFileException if there is no such file
   * @throws CheckpointException if it is not a regular file or too large
   */
  static byte[] readBounded(Path file) throws IOException {
    java.nio.file.attribute.BasicFileAttributes attributes =
        Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new CheckpointException(
          file.toString(),
          String.format(
              "checkpoint %s is %s, not a regular file; it was left unchanged. Move it away to start"
                  + " the run afresh",
              file, FileKind.of(file, attributes)));
    }
    long size = attributes.size();
    Runtime runtime = Runtime.getRuntime();
    long heap = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    if (size > MAX_READ_SIZE) {
      throw new CheckpointException(
          file.toString(),
          String.format(
              "checkpoint %s is damaged: it has %,d bytes, more than the %,d a checkpoint can have"
                  + " (a journal is compacted long before). It was left unchanged; restore it from a"
                  + " backup, or move it away to start the run afresh",
              file, size, MAX_READ_SIZE));
    }
    if (size > heap / 2) {
      throw new CheckpointException(
          file.toString(),
          String.format(
              "checkpoint %s has %,d bytes, more than this JVM's memory can read (%,d bytes free"
                  + " of the heap); run with a larger heap, such as java -Xmx%dm",
              file, size, Math.max(0, heap), Math.max(1024, size * 3 / (1024 * 1024))));
    }
    try (java.io.InputStream in = Files.newInputStream(file)) {
      // At most one byte more than the size seen: a file that grows meanwhile is read as far as
      // that, and its last line (if cut) is ignored as a torn write.
      return in.readNBytes((int) Math.min(MAX_READ_SIZE, size + 1));
    }
  }

  /** Rebuilds the state from journal bytes; {@code file} names them in errors. */
  public static PipelineRun replay(byte[] bytes, String file) {
    RunMirror mirror = null;
    int start = 0;
    int lineNumber = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      lineNumber++;
      if (end == bytes.length) {
        break; // an incomplete last line: a write interrupted by a crash, never reported durable
      }
      JsonNode record = parseLine(bytes, start, end, file, lineNumber);
      String kind = record.path("kind").asText("");
      if (kind.equals("snapshot")) {
        PipelineRun run = CheckpointJson.fromTree(record.path("checkpoint"), file);
        if (mirror == null) {
          mirror = new RunMirror(run);
        } else {
          mirror.applyRun(run);
        }
      } else if (kind.equals("step") && mirror != null) {
        String name = record.path("step").asText("");
        StepRun step = CheckpointJson.stepFromTree(name, record.path("state"), file);
        if (!mirror.applyStep(step)) {
          throw corrupt(file, lineNumber, start, "records step '" + name + "', which the run does not have");
        }
      } else {
        throw corrupt(
            file,
            lineNumber,
            start,
            mirror == null ? "does not start with a snapshot record" : "has a record of unknown kind '" + kind + "'");
      }
      start = end + 1;
    }
    if (mirror == null) {
      throw new CheckpointException(
          file, String.format("checkpoint %s holds no complete record; it was left unchanged", file));
    }
    return mirror.snapshot();
  }

  private static JsonNode parseLine(byte[] bytes, int start, int end, String file, int lineNumber) {
    if (end - start < 10 || bytes[start + 8] != ' ') {
      throw corrupt(file, lineNumber, start, "is not a '<checksum> <json>' record");
    }
    long expected;
    try {
      expected = Long.parseLong(new String(bytes, start, 8, StandardCharsets.US_ASCII), 16);
    } catch (NumberFormatException e) {
      throw corrupt(file, lineNumber, start, "has no valid checksum");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, start + 9, end - start - 9);
    if (crc.getValue() != expected) {
      throw corrupt(file, lineNumber, start, "fails its checksum");
    }
    try {
      JsonNode node = CheckpointJson.MAPPER.readTree(bytes, start + 9, end - start - 9);
      if (node == null || !node.isObject()) {
        throw corrupt(file, lineNumber, start, "is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw corrupt(file, lineNumber, start, "is not valid JSON");
    }
  }

  private static CheckpointException corrupt(String file, int line, int offset, String problem) {
    return new CheckpointException(
        file,
        String.format(
            "checkpoint %s is damaged: line %d (byte offset %d) %s. It was left unchanged; restore"
                + " it from a backup, or move it away to start the run afresh",
            file, line, offset, problem));
  }

  /**
   * Publishes {@code content} as the journal of {@code runDir}, replacing any previous one
   * atomically: temporary file, force, {@code ATOMIC_MOVE}, force the directory.
   *
   * @throws CheckpointException if a step fails, or the file system cannot move atomically
   */
  public static void publish(Path runDir, byte[] content) {
    Path target = runDir.resolve(JOURNAL);
    Path temporary = runDir.resolve(JOURNAL + ".tmp-" + Long.toHexString(System.nanoTime()));
    try {
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new CheckpointException(
            target.toString(),
            String.format(
                "the file system of %s cannot replace files atomically, so checkpoints there could"
                    + " be torn by a crash; use a directory on a local file system",
                runDir));
      }
      forceDirectory(runDir);
    } catch (IOException e) {
      throw new CheckpointException(target.toString(), String.format("cannot write %s: %s", target, e), e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException e) {
        // A leftover temporary file is harmless: it is never read.
      }
    }
  }

  /** Makes a directory entry change (create, rename) durable. */
  public static void forceDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; Linux and macOS can, and must succeed.
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
        throw e;
      }
    }
  }
}
