package io.etlorchestrator.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.etlorchestrator.core.Fallback;
import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.Planner;
import io.etlorchestrator.core.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random valid pipelines written as YAML and read back are equal. */
class YamlRoundTripPropertyTest {
  /** Characters that need quoting or escaping in YAML, plus letters. */
  // No control characters such as tab: names may not hold them (issue 22).
  private static final String CHARS = "abcxyz_./-019 :#\"'\\[]{},&*!|>%@`?\u00e9\u65e5";

  record Generated(Pipeline pipeline, List<AlertDefinition> alerts) {
    @Override
    public String toString() {
      return pipeline + " " + pipeline.steps().stream().map(s -> s.name() + s.inputs() + s.outputs()).toList();
    }
  }

  @Property(tries = 200)
  void aPlanWrittenAsYamlReadsBackAsAnEqualPipelineAndPlan(@ForAll("pipelines") Generated generated) {
    String yaml = YamlPlanWriter.create().write(Planner.plan(generated.pipeline()), generated.alerts());

    PipelineDefinition reread = YamlPipelineReader.forPlanning().readString(yaml);

    assertThat(reread.pipeline()).as(yaml).isEqualTo(generated.pipeline());
    assertThat(reread.plan()).isEqualTo(Planner.plan(generated.pipeline()));
    assertThat(reread.alerts()).extracting(AlertDefinition::on)
        .isEqualTo(generated.alerts().stream().map(AlertDefinition::on).toList());
    assertThat(reread.alerts()).extracting(AlertDefinition::channels)
        .isEqualTo(generated.alerts().stream().map(AlertDefinition::channels).toList());
  }

  @Provide
  Arbitrary<Generated> pipelines() {
    return Arbitraries.randomValue(YamlRoundTripPropertyTest::generate);
  }

  private static Generated generate(Random random) {
    Pipeline.Builder builder = Pipeline.builder(name(random, "p"));
    if (random.nextBoolean()) {
      builder.defaultRetryPolicy(retry(random));
    }
    if (random.nextInt(3) == 0) {
      builder.defaultFallback(Fallback.values()[random.nextInt(3)]);
    }
    if (random.nextInt(3) == 0) {
      builder.resourceLimit(name(random, "r"), 1 + random.nextInt(4));
    }
    int n = 1 + random.nextInt(10);
    List<String> names = new ArrayList<>();
    List<String> datasets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PipelineStep.Builder step = PipelineStep.builder(name(random, "s" + i));
      if (random.nextBoolean()) {
        step.type(name(random, "t"));
      }
      Set<String> inputs = new LinkedHashSet<>();
      for (int k = random.nextInt(4); k > 0; k--) {
        inputs.add(!datasets.isEmpty() && random.nextBoolean()
            ? datasets.get(random.nextInt(datasets.size()))
            : name(random, "x"));
      }
      step.inputs(inputs);
      for (int k = random.nextInt(4); k > 0; k--) {
        String out = name(random, "o" + i + "_" + k);
        step.outputs(out);
        datasets.add(out);
      }
      for (int k = random.nextInt(3); k > 0 && !names.isEmpty(); k--) {
        step.dependsOn(names.get(random.nextInt(names.size())));
      }
      step.estimatedDuration(duration(random));
      step.canParallelize(random.nextInt(4) != 0);
      if (random.nextInt(3) == 0) {
        step.timeout(duration(random).plusNanos(1));
      }
      if (random.nextInt(3) == 0) {
        step.resources(name(random, "r"));
      }
      if (random.nextInt(4) == 0) {
        step.retryPolicy(retry(random));
      }
      if (random.nextInt(3) == 0) {
        step.fallback(Fallback.values()[random.nextInt(3)]);
      }
      PipelineStep built = step.build();
      names.add(built.name());
      builder.step(built);
    }
    List<AlertDefinition> alerts = new ArrayList<>();
    List<String> events = List.copyOf(new java.util.TreeSet<>(AlertDefinition.EVENTS));
    for (int k = random.nextInt(3); k > 0; k--) {
      List<String> on = new ArrayList<>(events.subList(random.nextInt(4), 4));
      List<String> channels = List.of(name(random, "c1"), name(random, "c2"));
      alerts.add(AlertDefinition.of(on, channels));
    }
    return new Generated(builder.build(), alerts);
  }

  private static RetryPolicy retry(Random random) {
    Duration initial = duration(random);
    return RetryPolicy.builder()
        .maxAttempts(1 + random.nextInt(6))
        .backoff(RetryPolicy.Backoff.values()[random.nextInt(2)], initial, initial.plus(duration(random)))
        .jitter(random.nextBoolean() ? 0.0 : random.nextDouble())
        .build();
  }

  private static Duration duration(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return Duration.ofSeconds(random.nextInt(100_000));
      case 1:
        return Duration.ofMillis(random.nextInt(100_000));
      case 2:
        return Duration.ofNanos(random.nextLong() & 0xFFFF_FFFF_FFFFL);
      default:
        return Duration.ZERO;
    }
  }

  /** A unique name: a prefix (unique where needed) plus random characters that may need quoting. */
  private static String name(Random random, String prefix) {
    StringBuilder name = new StringBuilder(prefix);
    for (int k = random.nextInt(6); k > 0; k--) {
      name.append(CHARS.charAt(random.nextInt(CHARS.length())));
    }
    return random.nextInt(5) == 0 ? CHARS.charAt(random.nextInt(CHARS.length())) + name.toString() : name.toString();
  }
}
