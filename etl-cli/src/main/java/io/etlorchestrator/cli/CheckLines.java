package io.etlorchestrator.cli;

import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import io.etlorchestrator.core.quality.ColumnProfile;
import io.etlorchestrator.core.quality.DatasetProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the command line prints check results and dataset profiles, one thing per line. */
final class CheckLines {
  private CheckLines() {}

  /** The outcome as the reports mark it. */
  static String mark(CheckOutcome outcome) {
    switch (outcome) {
      case PASS:
        return "✅ pass ";
      case WARN:
        return "⚠️ warn ";
      case FAIL:
        return "❌ fail ";
      default:
        return "🛑 error";
    }
  }

  /** {@code ✅ pass  row_count on marts/daily_sales.parquet: observed 365, expected 300..400}. */
  static String result(CheckResult result) {
    StringBuilder line = new StringBuilder(mark(result.outcome()))
        .append(' ').append(result.check()).append(" on ").append(result.dataset());
    List<String> details = new ArrayList<>();
    result.observed().ifPresent(o -> details.add("observed " + o));
    result.expected().ifPresent(e -> details.add("expected " + e));
    result.baseline().ifPresent(b -> details.add("baseline " + b));
    if (!details.isEmpty()) {
      line.append(": ").append(String.join(", ", details));
    }
    if (!result.message().isBlank()
        && (result.outcome() != CheckOutcome.PASS || !result.message().equals("as expected"))) {
      line.append(details.isEmpty() ? ": " : " - ").append(result.message());
    }
    return line.toString();
  }

  /** The line a run prints on standard error for a check that warned. */
  static String warning(String step, CheckResult result) {
    StringBuilder line = new StringBuilder("warning: check ").append(result.check()).append(" on ")
        .append(result.dataset()).append(" (step ").append(step).append("): ").append(result.message());
    result.observed().ifPresent(o -> line.append("; observed ").append(o));
    result.expected().ifPresent(e -> line.append(", expected ").append(e));
    return line.toString();
  }

  /** A profile as lines: the dataset's size and age, then a table of its columns. */
  static List<String> profile(DatasetProfile profile, Instant now) {
    List<String> lines = new ArrayList<>();
    lines.add("dataset:       " + profile.dataset());
    lines.add("rows:          " + (profile.rows().isPresent() ? String.format(Locale.ROOT, "%,d", profile.rows().getAsLong()) : "unknown"));
    lines.add("size:          " + (profile.bytes().isPresent() ? bytes(profile.bytes().getAsLong()) : "unknown"));
    lines.add("last modified: " + profile.lastModified().map(t -> t + " (" + age(t, now) + " ago)").orElse("unknown"));
    lines.add("profiled at:   " + profile.profiledAt());
    if (profile.columns().isEmpty()) {
      lines.add("columns:       unknown");
      return lines;
    }
    lines.add("");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"column", "type", "nulls", "distinct", "min", "max", "mean"});
    for (ColumnProfile column : profile.columns()) {
      rows.add(new String[] {
        column.name(),
        column.type(),
        String.format(Locale.ROOT, "%,d", column.nulls()),
        column.distinct().isPresent()
            ? (column.distinctApproximate() ? "~" : "") + String.format(Locale.ROOT, "%,d", column.distinct().getAsLong())
            : "-",
        column.min().orElse("-"),
        column.max().orElse("-"),
        column.mean().isPresent() ? String.format(Locale.ROOT, "%.4g", column.mean().getAsDouble()) : "-"
      });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(c == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", row[c]));
      }
      lines.add(line.toString().stripTrailing());
    }
    if (profile.columns().stream().anyMatch(ColumnProfile::distinctApproximate)) {
      lines.add("(~ distinct counts are estimates)");
    }
    return lines;
  }

  /** One line for the plan: rows, size and age. */
  static String summary(DatasetProfile profile, Instant now) {
    List<String> parts = new ArrayList<>();
    profile.rows().ifPresent(r -> parts.add(String.format(Locale.ROOT, "%,d row%s", r, r == 1 ? "" : "s")));
    profile.bytes().ifPresent(b -> parts.add(bytes(b)));
    profile.lastModified().ifPresent(t -> parts.add("modified " + age(t, now) + " ago"));
    return parts.isEmpty() ? "nothing known" : String.join(", ", parts);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  static String age(Instant then, Instant now) {
    Duration age = Duration.between(then, now);
    if (age.isNegative()) {
      return "0s";
    }
    if (age.toDays() > 0) {
      return age.toDays() + "d " + age.toHoursPart() + "h";
    }
    if (age.toHours() > 0) {
      return age.toHours() + "h " + age.toMinutesPart() + "m";
    }
    if (age.toMinutes() > 0) {
      return age.toMinutes() + "m " + age.toSecondsPart() + "s";
    }
    return age.toSeconds() + "s";
  }
}
