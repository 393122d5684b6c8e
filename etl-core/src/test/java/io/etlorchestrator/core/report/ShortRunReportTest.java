package io.etlorchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.ExecutionPlan;
import io.etlorchestrator.core.Executor;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunOptions;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reports of runs that take less than a second: times to the millisecond on the timeline, the
 * gantt chart and the HTML axis (issue 21: every step showed {@code 22:01:12 ─── 22:01:12} and the
 * gantt had bars of zero length).
 */
class ShortRunReportTest {
  private static final String SVG = "http://www.w3.org/2000/svg";

  private final VirtualTime time = new VirtualTime();
  private final Executor executor =
      Executor.builder().parallelism(1).scheduler(time.scheduler).clock(time.clock()).build();

  @AfterEach
  void close() {
    executor.close();
  }

  /** extract (12 ms) -> transform (5 ms) -> load (3 ms), on virtual time. */
  private ExecutionPlan millisecondPlan() {
    return Planner.plan(
        Pipeline.builder("short")
            .step("extract", s -> s.outputs("raw").action(ctx -> {
              time.spend(Duration.ofMillis(12));
              ctx.reportRows(3);
            }))
            .step("transform", s -> s.inputs("raw").outputs("clean").action(ctx -> {
              time.spend(Duration.ofMillis(5));
              ctx.reportRows(3);
            }))
            .step("load", s -> s.inputs("clean").action(ctx -> {
              time.spend(Duration.ofMillis(3));
              ctx.reportRows(3);
            }))
            .build());
  }

  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
  }

  private static List<Element> svgElements(Document document, String tag, String cssClass) {
    NodeList nodes = document.getElementsByTagNameNS(SVG, tag);
    List<Element> found = new ArrayList<>();
    for (int k = 0; k < nodes.getLength(); k++) {
      Element element = (Element) nodes.item(k);
      if (cssClass == null || List.of(element.getAttribute("class").split(" ")).contains(cssClass)) {
        found.add(element);
      }
    }
    return found;
  }

  @Test
  void aSubSecondRunsTimelineShowsMilliseconds() {
    ExecutionPlan plan = millisecondPlan();

    PipelineRun run = executor.run(plan, RunOptions.builder().runId("r_short").build());
    String markdown = RunReport.of(run, plan).markdown();

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(markdown)
        .contains(
            """
            ```
            10:00:00.000 ─── extract ──────────────────────────────────────── 10:00:00.012 ✅
            10:00:00.012 ─── transform ───────────────── 10:00:00.017 ✅
            10:00:00.017 ─── load ────────── 10:00:00.020 ✅
            ```
            """)
        .contains("| extract | 12ms | 3 | ✅ |")
        .contains("**Total Duration:** 20ms\n");
  }

  @Test
  void aSubSecondRunsGanttUsesMillisecondsAndNoBarIsEmpty() {
    ExecutionPlan plan = millisecondPlan();
    PipelineRun run = executor.run(plan, RunOptions.builder().runId("r_short").build());

    String gantt = RunReport.of(run, plan).mermaidGantt();

    assertThat(gantt)
        .contains("    dateFormat YYYY-MM-DD HH:mm:ss.SSS\n    axisFormat %H:%M:%S.%L\n")
        .contains("    extract ✅ :done, s0, 2024-01-15 10:00:00.000, 2024-01-15 10:00:00.012\n")
        .contains("    load ✅ :done, s2, 2024-01-15 10:00:00.017, 2024-01-15 10:00:00.020\n");
    assertThat(ganttBarLengths(gantt))
        .containsExactly(Duration.ofMillis(12), Duration.ofMillis(5), Duration.ofMillis(3));
  }

  @Test
  void aSubSecondRunsHtmlAxisTicksInMillisecondsAndItsBarsFillTheChart() throws Exception {
    ExecutionPlan plan = millisecondPlan();
    PipelineRun run = executor.run(plan, RunOptions.builder().runId("r_short").build());

    Document page = parse(RunReport.of(run, plan).html());

    List<String> ticks = new ArrayList<>();
    for (Element text : svgElements(page, "text", null)) {
      if (text.getAttribute("text-anchor").equals("middle")) {
        ticks.add(text.getTextContent());
      }
    }
    assertThat(ticks)
        .as("20 ms of run, a tick every 5 ms")
        .containsExactly("10:00:00.000", "10:00:00.005", "10:00:00.010", "10:00:00.015", "10:00:00.020");
    List<Element> bars = svgElements(page, "rect", "bar");
    assertThat(bars).extracting(b -> b.getAttribute("width"))
        .as("the axis spans the run's 20 ms over 720 px, not a second")
        .containsExactly("432.0", "180.0", "108.0");
    assertThat(bars.get(0).getElementsByTagNameNS(SVG, "title").item(0).getTextContent())
        .isEqualTo("extract: success, 10:00:00.000 – 10:00:00.012, 12ms, 3 rows");
  }

  @Test
  void aRealRunOfMillisecondStepsIsDrawnToTheMillisecond() throws Exception {
    Pipeline.Builder builder = Pipeline.builder("real_short");
    String previous = null;
    for (String name : List.of("extract", "transform", "load")) {
      String input = previous;
      builder.step(name, s -> {
        if (input != null) {
          s.inputs(input);
        }
        s.outputs(name + ".out").action(ctx -> {
          busyFor(Duration.ofMillis(3));
          ctx.reportRows(1);
        });
      });
      previous = name + ".out";
    }
    ExecutionPlan plan = Planner.plan(builder.build());
    PipelineRun run;
    try (Executor real = Executor.builder().parallelism(2).build()) {
      run = real.run(plan, RunOptions.builder().runId("r_real").build());
    }
    RunReport report = RunReport.of(run, plan);

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    Matcher line =
        Pattern.compile("(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ─── (\\w+) ─+ (\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ✅")
            .matcher(report.markdown());
    List<String> steps = new ArrayList<>();
    while (line.find()) {
      assertThat(line.group(3)).as("%s ends after it starts", line.group(2)).isGreaterThan(line.group(1));
      steps.add(line.group(2));
    }
    assertThat(steps).containsExactly("extract", "transform", "load");
    assertThat(ganttBarLengths(report.mermaidGantt()))
        .hasSize(3)
        .allSatisfy(length -> assertThat(length).isGreaterThanOrEqualTo(Duration.ofMillis(3)));
  }

  @Test
  void aRunOfAMinuteOrMoreKeepsTheSeedsSecondsEvenWithFractions() {
    PipelineRun run =
        new PipelineRun(
            "r1", "p", "", Instant.parse("2024-01-15T10:00:00.250Z"),
            Optional.of(Instant.parse("2024-01-15T10:01:30.750Z")), RunStatus.SUCCESS, Map.of(),
            List.of(
                new StepRun(
                    "only", StepStatus.SUCCESS, 1, Optional.of(Instant.parse("2024-01-15T10:00:00.250Z")),
                    Optional.of(Instant.parse("2024-01-15T10:01:30.750Z")), 1, Map.of(), Optional.empty(),
                    Optional.empty())));

    RunReport report = RunReport.of(run);

    assertThat(report.markdown())
        .contains("10:00:00 ─── only ──────────────────────────────────────── 10:01:30 ✅\n");
    assertThat(report.mermaidGantt())
        .contains("dateFormat YYYY-MM-DD HH:mm:ss\n")
        .contains(":done, s0, 2024-01-15 10:00:00, 2024-01-15 10:01:30\n");
  }

  @Test
  void aStepShorterThanTheResolutionIsAGanttTaskOneUnitLong() {
    PipelineRun run =
        new PipelineRun(
            "r1", "p", "", SeedRuns.at("10:00:00"), Optional.of(SeedRuns.at("10:02:00")), RunStatus.SUCCESS, Map.of(),
            List.of(
                SeedRuns.ran("long", StepStatus.SUCCESS, 1, "10:00:00", "10:01:00", 1),
                new StepRun(
                    "quick", StepStatus.SUCCESS, 1, Optional.of(Instant.parse("2024-01-15T10:01:00.100Z")),
                    Optional.of(Instant.parse("2024-01-15T10:01:00.400Z")), 1, Map.of(), Optional.empty(),
                    Optional.empty())));

    String gantt = RunReport.of(run).mermaidGantt();

    assertThat(gantt)
        .as("a two-minute run is drawn to the second; a 300 ms step would be a task of no length")
        .contains("    quick ✅ :done, s1, 2024-01-15 10:01:00, 2024-01-15 10:01:01\n");
  }

  /** Spins (no sleep) until the system clock has moved on by at least {@code duration}. */
  private static void busyFor(Duration duration) {
    Clock clock = Clock.systemUTC();
    Instant until = clock.instant().plus(duration);
    while (clock.instant().isBefore(until)) {
      Thread.onSpinWait();
    }
  }

  /** The length of every task of a gantt chart, from its start and end as the chart writes them. */
  private static List<Duration> ganttBarLengths(String gantt) {
    String format = gantt.lines().filter(l -> l.startsWith("    dateFormat ")).findFirst().orElseThrow()
        .substring("    dateFormat ".length()).replace("YYYY", "yyyy").replace("DD", "dd");
    DateTimeFormatter parser = DateTimeFormatter.ofPattern(format);
    Matcher task = Pattern.compile(":\\w+, s\\d+, ([^,\\n]+), ([^,\\n]+)$", Pattern.MULTILINE).matcher(gantt);
    List<Duration> lengths = new ArrayList<>();
    while (task.find()) {
      lengths.add(
          Duration.between(LocalDateTime.parse(task.group(1), parser), LocalDateTime.parse(task.group(2), parser)));
    }
    return lengths;
  }
}
