package io.etlorchestrator.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {
  @Test
  void leavesOrdinaryValuesAsTheyAre() {
    String name = "extract_orders_😀";
    assertThat(Excerpt.of(name)).isSameAs(name);
    assertThat(Excerpt.of("x".repeat(Excerpt.LIMIT))).hasSize(Excerpt.LIMIT);
  }

  @Test
  void showsTheFirst200CharactersOfALongValueAndItsLength() {
    assertThat(Excerpt.of("a".repeat(2_000_000))).isEqualTo("a".repeat(200) + "… (2,000,000 characters)");
  }

  @Test
  void anExcerptEchoedAgainIsShownWhole() {
    String once = Excerpt.of("b".repeat(10_000));

    assertThat(Excerpt.of(once)).isEqualTo(once);
    assertThat(Excerpt.of("text '" + once + "'")).isEqualTo("text '" + once + "'");
  }

  @Test
  void writesControlCharactersLineSeparatorsAndLoneSurrogatesAsEscapes() {
    assertThat(Excerpt.of("a\tb\nc\u001b[31m\u2028\ud800|\udc00")).isEqualTo("a\\u0009b\\u000ac\\u001b[31m\\u2028\\ud800|\\udc00");
  }

  @Test
  void neverCutsASurrogatePairInTwo() {
    String value = "x".repeat(199) + "😀" + "y".repeat(100);

    String shown = Excerpt.of(value);

    assertThat(shown).startsWith("x".repeat(199) + "…").endsWith("(300 characters)");
    assertThat(UnsafeText.loneSurrogate(shown)).isEqualTo(-1);
  }

  @Test
  void cutsTextArgumentsOfFormatsOnly() {
    Object[] args = {"z".repeat(300), 42, null};

    Object[] shown = Excerpt.all(args);

    assertThat(shown[0]).isEqualTo("z".repeat(200) + "… (300 characters)");
    assertThat(shown[1]).isEqualTo(42);
    assertThat(shown[2]).isNull();
    assertThat(args[0]).as("the caller's array is left alone").isEqualTo("z".repeat(300));
  }

  @Test
  void checksShowTheValuesTheyRefuseAsExcerpts() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checks.argument(false, "bad name '%s'", "q".repeat(5_000)))
        .hasMessage("bad name '" + "q".repeat(200) + "… (5,000 characters)'");
  }
}
