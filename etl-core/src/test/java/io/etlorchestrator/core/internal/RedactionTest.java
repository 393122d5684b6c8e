package io.etlorchestrator.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void aUrlKeepsSchemeHostAndPortOnly() {
    assertThat(Redaction.url(URI.create("https://hooks.slack.com/services/T0/B0/XYZ")))
        .isEqualTo("https://hooks.slack.com/***");
    assertThat(Redaction.url(URI.create("http://user:pw@127.0.0.1:8080/hook?token=abc#frag")))
        .isEqualTo("http://127.0.0.1:8080/***");
    assertThat(Redaction.url(URI.create("https://example.com?token=abc"))).isEqualTo("https://example.com/***");
    assertThat(Redaction.url(URI.create("http://[::1]:9000/x"))).isEqualTo("http://[::1]:9000/***");
    assertThat(Redaction.url(URI.create("https://example.com/"))).as("nothing to hide").isEqualTo("https://example.com");
    assertThat(Redaction.url(URI.create("https://example.com"))).isEqualTo("https://example.com");
    assertThat(Redaction.url(URI.create("https://under_score.example.com/secret")))
        .as("a registry authority, not a host to Java")
        .isEqualTo("https://under_score.example.com/***");
  }

  @Test
  void aUrlWithoutAHostShowsItsSchemeAtMost() {
    assertThat(Redaction.url(URI.create("file:///tmp/secret"))).isEqualTo("file:***");
    assertThat(Redaction.url(URI.create("mailto:ops@example.com"))).isEqualTo("mailto:***");
    assertThat(Redaction.url(URI.create("hooks.slack.com/services/T0/B0/XYZ"))).isEqualTo("***");
  }

  @Test
  void textThatIsNoUrlShowsWhatCanBeMadeOutAndNothingAfter() {
    assertThat(Redaction.url("https://hooks.slack.com/services/T0/B0/X YZ")).isEqualTo("https://hooks.slack.com/***");
    assertThat(Redaction.url("https://user:pw@hooks.slack.com:443/a b")).isEqualTo("https://hooks.slack.com:443/***");
    assertThat(Redaction.url("https://hooks slack.com/x")).isEqualTo("https:***");
    assertThat(Redaction.url("hooks.slack.com/x y?next=http://z")).isEqualTo("***");
    assertThat(Redaction.url("not a url at all")).isEqualTo("***");
  }

  @Test
  void scrubHidesEverySecretPartOfAUrlInOthersText() {
    URI url = URI.create("http://alerts:pw0rd@127.0.0.1:8080/services/T000/B000/SECRETTOKEN123?token=QUERY%20SECRET");

    Set<String> secrets = new LinkedHashSet<>(Redaction.secretsOf(url));
    secrets.add("R0UT1NG");

    String scrubbed =
        Redaction.scrub(
            "POST " + url + " failed; path /services/T000/B000/SECRETTOKEN123, token SECRETTOKEN123,"
                + " query token=QUERY SECRET, user alerts:pw0rd, key R0UT1NG",
            secrets);

    assertThat(scrubbed)
        .isEqualTo("POST *** failed; path ***, token ***, query ***, user ***, key ***")
        .doesNotContain("SECRETTOKEN123", "QUERY", "pw0rd", "R0UT1NG");
  }
}
