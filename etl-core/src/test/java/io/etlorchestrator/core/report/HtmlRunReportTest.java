package io.etlorchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RunStatus;
import io.etlorchestrator.core.SeedPipeline;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class HtmlRunReportTest {
  private static final String SVG = "http://www.w3.org/2000/svg";
  private static final String XHTML = "http://www.w3.org/1999/xhtml";

  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
  }

  private static List<Element> bars(Document document) {
    NodeList rects = document.getElementsByTagNameNS(SVG, "rect");
    List<Element> bars = new ArrayList<>();
    for (int k = 0; k < rects.getLength(); k++) {
      Element rect = (Element) rects.item(k);
      if (List.of(rect.getAttribute("class").split(" ")).contains("bar")) {
        bars.add(rect);
      }
    }
    return bars;
  }

  @Test
  void theSvgHasOneBarPerExecutedStep() throws Exception {
    Document seed = parse(RunReport.of(SeedRuns.seedRun()).html());
    Document failed = parse(RunReport.of(SeedRuns.failedRun(), Planner.plan(SeedPipeline.pipeline())).html());

    assertThat(bars(seed)).extracting(b -> b.getAttribute("data-step"))
        .containsExactly(
            "extract_orders", "extract_customers", "extract_products", "transform_orders",
            "aggregate_sales", "load_warehouse");
    assertThat(bars(failed)).extracting(b -> b.getAttribute("data-step"))
        .as("the three skipped steps never ran and get no bar")
        .containsExactly("extract_products", "extract_customers", "extract_orders");
  }

  @Test
  void barsAreColouredByStatusAndRetriesAreMarked() throws Exception {
    Document failed = parse(RunReport.of(SeedRuns.failedRun()).html());
    List<Element> bars = bars(failed);

    Element products = bars.get(0);
    Element customers = bars.get(1);
    Element orders = bars.get(2);
    assertThat(products.getAttribute("class")).isEqualTo("bar success");
    assertThat(orders.getAttribute("class")).isEqualTo("bar failed retried");
    assertThat(orders.getAttribute("fill")).isNotEqualTo(products.getAttribute("fill"));
    assertThat(customers.getAttribute("fill")).isEqualTo(products.getAttribute("fill"));
    assertThat(customers.getAttribute("data-attempts")).isEqualTo("2");
    assertThat(orders.getElementsByTagNameNS(SVG, "title").item(0).getTextContent())
        .isEqualTo("extract_orders: failed, 10:03:00 – 10:03:30, 30s, 0 rows, 3 attempts");
    NodeList texts = failed.getElementsByTagNameNS(SVG, "text");
    List<String> retryMarks = new ArrayList<>();
    for (int k = 0; k < texts.getLength(); k++) {
      Element text = (Element) texts.item(k);
      if (text.getAttribute("class").equals("retries")) {
        retryMarks.add(text.getTextContent());
      }
    }
    assertThat(retryMarks).containsExactly("↻2", "↻3");
  }

  @Test
  void barsSitOnTheTimeAxisInProportionToDuration() throws Exception {
    List<Element> bars = bars(parse(RunReport.of(SeedRuns.seedRun()).html()));

    double orders = Double.parseDouble(bars.get(0).getAttribute("width"));
    double transform = Double.parseDouble(bars.get(3).getAttribute("width"));
    double transformX = Double.parseDouble(bars.get(3).getAttribute("x"));
    double ordersX = Double.parseDouble(bars.get(0).getAttribute("x"));
    assertThat(transform / orders).isCloseTo(187.0 / 125, org.assertj.core.data.Offset.offset(0.01));
    assertThat(transformX - ordersX).as("transform starts where orders ends").isCloseTo(orders, org.assertj.core.data.Offset.offset(0.2));
  }

  @Test
  void stepNamesAndErrorsAreEscaped() throws Exception {
    String evil = "<script>alert('x')</script> & \"co\"";
    StepRun step =
        new StepRun(
            evil, StepStatus.FAILED, 1, Optional.of(SeedRuns.at("10:00:00")),
            Optional.of(SeedRuns.at("10:00:05")), 0, Map.of(),
            Optional.of("IllegalStateException: a < b && c > d"), Optional.empty());
    PipelineRun run = SeedRuns.run(RunStatus.FAILED, "10:00:05", List.of(step));

    String html = RunReport.of(run).html();
    Document document = parse(html);

    assertThat(html).doesNotContain("<script");
    assertThat(bars(document)).extracting(b -> b.getAttribute("data-step")).containsExactly(evil);
    NodeList cells = document.getElementsByTagNameNS(XHTML, "td");
    List<String> texts = new ArrayList<>();
    for (int k = 0; k < cells.getLength(); k++) {
      texts.add(cells.item(k).getTextContent());
    }
    assertThat(texts).contains(evil, "IllegalStateException: a < b && c > d");
  }

  @Test
  void thePageLoadsNothingFromElsewhere() {
    String html = RunReport.of(SeedRuns.failedRun(), Planner.plan(SeedPipeline.pipeline())).html();

    assertThat(html).doesNotContain("<script", "<link", " src=", "@import", "url(", "@font-face");
    Matcher urls = Pattern.compile("https?://[^\"\\s]+").matcher(html);
    List<String> found = new ArrayList<>();
    while (urls.find()) {
      found.add(urls.group());
    }
    assertThat(found)
        .as("only the XML namespaces name a URL")
        .containsOnly("http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg");
  }

  @Test
  void theTableListsEveryStepWithItsReason() throws Exception {
    Document document = parse(RunReport.of(SeedRuns.failedRun()).html());
    NodeList rows = document.getElementsByTagNameNS(XHTML, "tr");

    List<String> lines = new ArrayList<>();
    for (int k = 1; k < rows.getLength(); k++) {
      lines.add(rows.item(k).getTextContent());
    }
    assertThat(lines)
        .containsExactly(
            "extract_orders30s03❌ failedIOException: connection <refused> & gone",
            "extract_customers58s12,4502✅ success",
            "extract_products28s3,2001✅ success",
            "transform_orders--0⏭️ skippedupstream step 'extract_orders' failed",
            "aggregate_sales--0⏭️ skippedupstream step 'extract_orders' failed",
            "load_warehouse--0⏭️ skippedupstream step 'extract_orders' failed");
  }

  @Test
  void theSameRunAlwaysGivesTheSamePage() {
    assertThat(RunReport.of(SeedRuns.failedRun()).html()).isEqualTo(RunReport.of(SeedRuns.failedRun()).html());
  }
}
