package io.etlorchestrator.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Sizes in bytes as the command line writes them: {@code 100000}, {@code 512KiB}, {@code 256MiB},
 * {@code 2GiB} (also {@code K}, {@code M}, {@code G}, {@code KB}, {@code MB}, {@code GB}, all
 * binary: 1K is 1,024 bytes).
 */
final class Sizes {
  private static final Pattern SIZE =
      Pattern.compile("(\\d{1,19})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);

  private Sizes() {}

  /** {@code 64 MiB} for 67,108,864; {@code 1,000 bytes} where no binary unit divides it. */
  static String text(long bytes) {
    String[] units = {"GiB", "MiB", "KiB"};
    long[] sizes = {1L << 30, 1L << 20, 1L << 10};
    for (int i = 0; i < units.length; i++) {
      if (bytes >= sizes[i] && bytes % sizes[i] == 0) {
        return String.format("%,d %s", bytes / sizes[i], units[i]);
      }
    }
    return String.format("%,d bytes", bytes);
  }

  /**
   * The size {@code text} writes, or -1 if it writes none (or one too large for a {@code long}).
   */
  static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      return -1;
    }
    long value;
    try {
      value = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return -1;
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    int shift = unit.startsWith("k") ? 10 : unit.startsWith("m") ? 20 : unit.startsWith("g") ? 30 : 0;
    if (value > (Long.MAX_VALUE >> shift)) {
      return -1;
    }
    return value << shift;
  }

  /** The converter of {@code --max-definition-size}: from 1 byte to what the YAML reader holds. */
  static final class DefinitionLimit implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long bytes = parse(value);
      if (bytes < 1 || bytes > DefinitionFile.LARGEST_MAX_SIZE) {
        throw new TypeConversionException(
            String.format(
                "'%s' is not a size from 1 byte to %,d bytes; write for example 256MiB, 1GiB or"
                    + " 100000000",
                io.etlorchestrator.core.internal.Excerpt.of(value),
                DefinitionFile.LARGEST_MAX_SIZE));
      }
      return bytes;
    }
  }
}
