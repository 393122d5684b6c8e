package io.etlorchestrator.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SuggestionsTest {
  @Test
  void suggestsTheClosestPlausibleTypoFirstInOrderOnTies() {
    List<String> names = List.of("extract_orders", "extract_customers", "transform_orders");

    assertThat(Suggestions.closest("extract_order", names)).contains("extract_orders");
    assertThat(Suggestions.closest("EXTRACT_ORDERS", names)).as("case is ignored").contains("extract_orders");
    assertThat(Suggestions.closest("load_warehouse", names)).isEmpty();
    assertThat(Suggestions.closest("ab", List.of("ax", "ay"))).as("ties: the first").contains("ax");
  }

  @Test
  void longNamesAreNeitherSuggestedNorGivenSuggestions() {
    String longName = "n".repeat(Suggestions.MAX_NAME_LENGTH + 1);

    assertThat(Suggestions.closest(longName, List.of(longName + "x"))).isEmpty();
    assertThat(Suggestions.closest("n".repeat(2_000_000), List.of("n".repeat(2_000_001)))).isEmpty();
  }

  @Test
  void anIndexSearchesForAFixedNumberOfNamesThenOnlyMatchesButForCase() {
    Suggestions index = Suggestions.among(List.of("extract_orders", "load"));

    for (int i = 0; i < Suggestions.MAX_SEARCHES; i++) {
      assertThat(index.closest("extract_order")).contains("extract_orders");
    }
    assertThat(index.closest("extract_order")).as("searches are used up").isEmpty();
    assertThat(index.closest("LOAD")).as("a match but for case is always found").contains("load");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void twentyThousandUnknownNamesAmongTwentyThousandTakeLinearTime() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      names.add("step_" + i);
    }
    Suggestions index = Suggestions.among(names);
    int suggested = 0;

    for (int i = 0; i < 20_000; i++) {
      Optional<String> s = index.closest("stp_" + i);
      suggested += s.isPresent() ? 1 : 0;
    }

    assertThat(suggested).isBetween(1, Suggestions.MAX_SEARCHES);
  }
}
