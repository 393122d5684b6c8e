package io.etlorchestrator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.etlorchestrator.core.event.RetryScheduled;
import io.etlorchestrator.core.event.RunListener;
import io.etlorchestrator.core.event.StepSucceeded;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.Scheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22: hostile definitions and values in code. Whatever a definition holds, it is refused
 * with a clear message or runs to an end; the store never writes what it cannot read back.
 */
class Issue22HostileInputTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static PipelineDefinitionException refused(Pipeline.Builder builder) {
    PipelineDefinitionException e = catchThrowableOfType(PipelineDefinitionException.class, builder::build);
    assertThat(e).as("the definition must be refused").isNotNull();
    return e;
  }

  @Test
  void aStepNameWithALoneSurrogateIsRefusedWithTheStepAndThePositionOfTheCharacter() {
    PipelineDefinitionException e = refused(Pipeline.builder("p").step("ab\ud800c", s -> {}));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.stepIndex()).isZero();
      assertThat(p.field()).isEqualTo("name");
      assertThat(p.describe())
          .isEqualTo("step 'ab\\ud800c': name holds a lone UTF-16 surrogate (U+D800) at character 3;"
              + " names may not hold control characters or lone UTF-16 surrogates");
    });
  }

  @Test
  void controlCharactersInPipelineStepTypeAndDatasetNamesAreRefusedAndShownEscaped() {
    PipelineDefinitionException e =
        refused(
            Pipeline.builder("daily\tsales")
                .step("extract\u001b[31m", s -> s.type("ex\ntract").outputs("staging/\u0000orders.csv"))
                .step("😀load", s -> s.inputs("staging/\u0000orders.csv").resources("db\u0085")));

    assertThat(e.problems())
        .extracting(DefinitionProblem::describe)
        .containsExactly(
            "pipeline: name 'daily\\u0009sales' holds a control character (U+0009) at character 6;"
                + " names may not hold control characters or lone UTF-16 surrogates",
            "step 'extract\\u001b[31m': name holds a control character (U+001B) at character 8;"
                + " names may not hold control characters or lone UTF-16 surrogates",
            "step 'extract\\u001b[31m': type holds a control character (U+000A) at character 3;"
                + " names may not hold control characters or lone UTF-16 surrogates",
            "step 'extract\\u001b[31m': outputs entry 'staging/\\u0000orders.csv' holds a control"
                + " character (U+0000) at character 9; names may not hold control characters or lone"
                + " UTF-16 surrogates",
            "step '😀load': resources entry 'db\\u0085' holds a control character (U+0085) at"
                + " character 3; names may not hold control characters or lone UTF-16 surrogates",
            "step '😀load': inputs entry 'staging/\\u0000orders.csv' holds a control character"
                + " (U+0000) at character 9; names may not hold control characters or lone UTF-16"
                + " surrogates");
    assertThat(e.getMessage()).as("no raw control character reaches a terminal").doesNotContain("\u001b", "\u0000", "\t");
  }

  @Test
  void aSurrogatePairIsOneCharacterAndAllowed() {
    Pipeline pipeline = Pipeline.builder("p").step("load_😀", s -> s.outputs("😀.csv")).build();

    assertThat(pipeline.steps()).extracting(PipelineStep::name).containsExactly("load_😀");
  }

  @Test
  void estimatesAndTimeoutsLongerThanAYearAreRefusedNamingTheLongestAccepted() {
    PipelineDefinitionException e =
        refused(
            Pipeline.builder("p")
                .step("a", s -> s.estimatedDuration(Limits.MAX_DURATION.plusSeconds(1)))
                .step("b", s -> s.timeout(Duration.ofHours(99_999_999_999_999L)))
                .step("c", s -> s.estimatedDuration(Limits.MAX_DURATION).timeout(Limits.MAX_DURATION)));

    assertThat(e.problems())
        .extracting(DefinitionProblem::describe)
        .containsExactly(
            "step 'a': estimated_duration must be at most 8760h (365 days), was 31536001s",
            "step 'b': timeout must be at most 8760h (365 days), was 359999999999996400s");
  }

  @Test
  void retryPoliciesRefuseDelaysOverAYearAndAttemptsOverAMillion() {
    assertThatThrownBy(() -> RetryPolicy.builder().fixedBackoff(Duration.ofDays(366)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must be at most 8760h (365 days), was 31622400s");
    assertThatThrownBy(() -> RetryPolicy.builder().exponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxDelay must be at most 8760h (365 days)");
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(Limits.MAX_COUNT + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be from 1 to 1,000,000, was 1000001");

    RetryPolicy extreme =
        RetryPolicy.builder()
            .maxAttempts(Limits.MAX_COUNT)
            .exponentialBackoff(Duration.ofNanos(1), Limits.MAX_DURATION)
            .jitter(1.0)
            .build();
    assertThat(extreme.baseDelay(Limits.MAX_COUNT)).isEqualTo(Limits.MAX_DURATION);
    assertThat(extreme.delay(Limits.MAX_COUNT, 0.999)).isEqualTo(Limits.MAX_DURATION);
  }

  @Test
  @Timeout(10)
  void aZeroDelayDoesNotMakeTheBackoffLoopOncePerFailedAttempt() {
    RetryPolicy zero = RetryPolicy.builder().maxAttempts(Limits.MAX_COUNT).exponentialBackoff(Duration.ZERO, Duration.ofSeconds(1)).build();

    for (int failed = 1; failed < 200_000; failed++) {
      assertThat(zero.baseDelay(Limits.MAX_COUNT)).isZero();
    }
  }

  @Test
  void aPlanOfYearLongEstimatesAddsUpWithoutOverflowing() {
    Pipeline.Builder builder = Pipeline.builder("long");
    for (int i = 0; i < 200; i++) {
      String input = "d" + i;
      String output = "d" + (i + 1);
      builder.step("s" + i, s -> s.inputs(input).outputs(output).estimatedDuration(Limits.MAX_DURATION));
    }

    ExecutionPlan plan = Planner.plan(builder.build());

    assertThat(plan.criticalPathDuration()).isEqualTo(Limits.MAX_DURATION.multipliedBy(200));
    assertThat(plan.totalEstimatedDuration()).isEqualTo(Limits.MAX_DURATION.multipliedBy(200));
  }

  @Test
  void aRunWithTheLongestAcceptedTimeoutsAndDelaysEnds() throws Exception {
    ManualScheduler scheduler = new ManualScheduler();
    AtomicInteger attempts = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("extreme")
            .defaultRetryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(3)
                    .exponentialBackoff(Limits.MAX_DURATION, Limits.MAX_DURATION)
                    .jitter(1.0)
                    .build())
            .step("a", s -> s.outputs("a.out")
                .estimatedDuration(Limits.MAX_DURATION)
                .timeout(Limits.MAX_DURATION)
                .action(ctx -> {
                  attempts.incrementAndGet();
                  throw new IOException("source down");
                }))
            .step("b", s -> s.inputs("a.out").estimatedDuration(Limits.MAX_DURATION).action(ctx -> {}))
            .build();

    PipelineRun run;
    try (Executor executor =
        Executor.builder().parallelism(2).scheduler(scheduler).clock(scheduler.clock()).build()) {
      run = scheduler.drive(executor.start(Planner.plan(pipeline), RunOptions.defaults()), WAIT);
    }

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.step("a").orElseThrow().attempts()).isEqualTo(3);
    assertThat(run.step("b").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(scheduler.scheduledDelays()).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Limits.MAX_DURATION));
  }

  @Test
  void aRunOnTheRealSchedulerWithAYearLongTimeoutAndRetryEnds() throws Exception {
    CountDownLatch quickDone = new CountDownLatch(1);
    CountDownLatch retryScheduled = new CountDownLatch(1);
    RunListener listener =
        new RunListener() {
          @Override
          public void onStepSucceeded(StepSucceeded event) {
            quickDone.countDown();
          }

          @Override
          public void onRetryScheduled(RetryScheduled event) {
            retryScheduled.countDown();
          }
        };
    Pipeline pipeline =
        Pipeline.builder("extreme")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(2).fixedBackoff(Limits.MAX_DURATION).build())
            .step("quick", s -> s.timeout(Limits.MAX_DURATION).action(ctx -> ctx.reportRows(1)))
            .step("flaky", s -> s.action(ctx -> {
              throw new IOException("source down");
            }))
            .build();
    try (Executor executor = Executor.builder().parallelism(2).build()) {
      RunHandle handle = executor.start(Planner.plan(pipeline), RunOptions.builder().listener(listener).build());
      // 'quick' ran under a year-long timeout; 'flaky' now waits a year for its retry, holding no
      // thread: a cancel ends the run.
      assertThat(quickDone.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(retryScheduled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      handle.cancel();
      PipelineRun run = handle.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(run.step("quick").orElseThrow().status()).isEqualTo(StepStatus.SUCCESS);
      assertThat(run.step("flaky").orElseThrow().status()).isNotEqualTo(StepStatus.SUCCESS);
      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    }
  }

  @Test
  void aSchedulerThatThrowsWhenAskedForAnAttemptTimeoutStillEndsTheRun() throws Exception {
    ManualScheduler time = new ManualScheduler();
    Duration timeout = Duration.ofHours(1);
    Scheduler overflowing =
        (delay, task) -> {
          if (delay.equals(timeout)) {
            throw new ArithmeticException("long overflow");
          }
          return time.schedule(delay, task);
        };
    AtomicInteger ran = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("p")
            .defaultRetryPolicy(RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ofSeconds(1)).build())
            .step("timed", s -> s.outputs("t.out").timeout(timeout).action(ctx -> ran.incrementAndGet()))
            .step("after", s -> s.inputs("t.out").action(ctx -> ran.incrementAndGet()))
            .build();

    PipelineRun run;
    try (Executor executor =
        Executor.builder().parallelism(2).scheduler(overflowing).clock(time.clock()).build()) {
      run = time.drive(executor.start(Planner.plan(pipeline), RunOptions.defaults()), WAIT);
    }

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    StepRun timed = run.step("timed").orElseThrow();
    assertThat(timed.status()).isEqualTo(StepStatus.FAILED);
    assertThat(timed.attempts()).as("each attempt fails as it starts, and is retried").isEqualTo(3);
    assertThat(timed.error()).hasValueSatisfying(e -> assertThat(e).contains("could not be scheduled", "long overflow"));
    assertThat(run.step("after").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(ran).as("no attempt that nothing could stop was run").hasValue(0);
  }

  @Test
  void aTwoMegabyteStepNameIsEchoedAsItsFirst200Characters() {
    String name = "x".repeat(2_000_000);
    PipelineDefinitionException e = refused(Pipeline.builder("p").step(name, s -> {}).step(name, s -> {}));

    assertThat(e.getMessage())
        .hasSizeLessThan(1_000)
        .contains("step '" + "x".repeat(200) + "… (2,000,000 characters)': name is already used by step #1");
  }

  @Test
  @Timeout(30)
  void twentyThousandUnknownDependsOnNamesValidateInLinearTime() {
    Pipeline.Builder builder = Pipeline.builder("p");
    for (int i = 0; i < 20_000; i++) {
      String missing = "step_" + i + "_";
      builder.step("step_" + i, s -> s.dependsOn(missing));
    }

    PipelineDefinitionException e = refused(builder);

    assertThat(e.problems()).hasSize(20_000);
    assertThat(e.problems().get(0).message()).isEqualTo("depends_on names unknown step 'step_0_' (did you mean 'step_0'?)");
    long suggested = e.problems().stream().filter(p -> p.message().contains("did you mean")).count();
    assertThat(suggested).as("suggestions are capped").isBetween(1L, 100L);
  }

  @Test
  void runParametersAndRunIdsTheStoreCouldNotKeepAreRefusedWithTheirValueCut() {
    assertThatThrownBy(() -> RunOptions.builder().param("day", "2024-01-\ud800"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the value of parameter 'day' holds a lone UTF-16 surrogate (U+D800) at character 9,"
            + " which no checkpoint can store");
    assertThatThrownBy(() -> RunOptions.builder().param("d\u0007ay", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("parameter name 'd\\u0007ay' holds a control character (U+0007) at character 2");
    assertThatThrownBy(() -> RunOptions.builder().runId("r".repeat(1_000_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("… (1,000,000 characters)")
        .satisfies(t -> assertThat(t.getMessage()).hasSizeLessThan(400));
  }

  @Test
  void aFailureMessageWithALoneSurrogateLeavesACheckpointThatReadsBack() throws Exception {
    CheckpointStore store = CheckpointStore.file(dir);
    Pipeline pipeline =
        Pipeline.builder("p")
            .defaultRetryPolicy(RetryPolicy.none())
            .step("a", s -> s.action(ctx -> {
              throw new IOException("bad row \ud800 in file");
            }))
            .build();

    PipelineRun run;
    try (Executor executor = Executor.builder().checkpointStore(store).build()) {
      run = executor.start(Planner.plan(pipeline), RunOptions.defaults()).result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    PipelineRun loaded = CheckpointStore.file(dir).load(run.runId()).orElseThrow();
    assertThat(loaded.step("a").orElseThrow().error())
        .hasValue("IOException: bad row \uFFFD in file");
  }
}
