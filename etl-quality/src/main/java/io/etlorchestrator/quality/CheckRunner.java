package io.etlorchestrator.quality;

import io.etlorchestrator.core.Pipeline;
import io.etlorchestrator.core.PipelineRun;
import io.etlorchestrator.core.PipelineStep;
import io.etlorchestrator.core.StepRun;
import io.etlorchestrator.core.StepStatus;
import io.etlorchestrator.core.internal.Checks;
import io.etlorchestrator.core.internal.Errors;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.CheckContext;
import io.etlorchestrator.core.quality.CheckOutcome;
import io.etlorchestrator.core.quality.CheckResult;
import io.etlorchestrator.core.quality.CheckSeverity;
import io.etlorchestrator.core.quality.CheckVerdict;
import io.etlorchestrator.core.quality.DatasetProfile;
import io.etlorchestrator.core.spi.CheckpointStore;
import io.etlorchestrator.core.spi.DatasetProfiler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Runs a pipeline's checks against its datasets as they are now, without running any step (dbt's
 * {@code test}; what {@code etl check} does): each step's checks on its outputs and the checks of
 * the sources it reads, with the profilers given, and drift against the store's history of
 * successful runs. Each dataset is profiled once per {@link #run} call, and a source's check once
 * however many steps read the source.
 *
 * <pre>{@code
 * CheckRunner checks = CheckRunner.builder()
 *     .profilers(QualityProfilers.of(definition))
 *     .history(CheckpointStore.file(Path.of(".etl/runs")))
 *     .build();
 * Map<String, List<CheckResult>> results = checks.run(definition.pipeline());
 * boolean failed = results.values().stream().flatMap(List::stream).anyMatch(CheckResult::blocks);
 * }</pre>
 *
 * <p>Outcomes are those of a run: a check of severity warn that does not pass (or cannot run) is
 * {@code warn}, one of severity error is {@code fail} (or {@code error} when it cannot run).
 * Thread-safe; a call runs the checks one after another on the caller's thread.
 */
public final class CheckRunner {
  /** How many of the pipeline's latest runs drift checks may look back over, as in a run. */
  static final int HISTORY_RUNS = 200;

  private final List<DatasetProfiler> profilers;
  private final CheckpointStore store;
  private final Clock clock;

  private CheckRunner(Builder builder) {
    this.profilers = List.copyOf(builder.profilers);
    this.store = builder.store;
    this.clock = builder.clock;
  }

  /** A builder without profilers or history. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every check of {@code pipeline}, by step name in definition order. */
  public Map<String, List<CheckResult>> run(Pipeline pipeline) {
    return run(pipeline, step -> true);
  }

  /**
   * The checks of the steps of {@code pipeline} that {@code steps} selects (sources' checks under
   * each selected step that reads them), by step name in definition order; steps without checks
   * are left out.
   */
  public Map<String, List<CheckResult>> run(Pipeline pipeline, Predicate<PipelineStep> steps) {
    Checks.notNull(pipeline, "pipeline");
    Checks.notNull(steps, "steps");
    Session session = new Session(pipeline.name());
    Map<String, List<CheckResult>> results = new LinkedHashMap<>();
    for (PipelineStep step : pipeline.steps()) {
      if (step.checks().isEmpty() || !steps.test(step)) {
        continue;
      }
      List<CheckResult> stepResults = new ArrayList<>();
      for (Check check : step.checks()) {
        stepResults.add(session.sourceResults.computeIfAbsent(
            check.onInput() ? check : new Object(), key -> session.check(step, check)));
      }
      results.put(step.name(), List.copyOf(stepResults));
    }
    return results;
  }

  /** The profiles the checks of one {@link #run} read, shared by them. */
  private final class Session {
    private final String pipeline;
    private final Map<String, DatasetProfile> profiles = new LinkedHashMap<>();
    private final Map<Object, CheckResult> sourceResults = new LinkedHashMap<>();
    private List<PipelineRun> history;

    Session(String pipeline) {
      this.pipeline = pipeline;
    }

    CheckResult check(PipelineStep step, Check check) {
      CheckOutcome outcome;
      CheckVerdict verdict;
      try {
        if (check.logic().isEmpty()) {
          throw new IllegalStateException("the check has no logic (read the definition with its check kinds)");
        }
        verdict = check.logic().get().check(new Context(step, check.dataset()));
        if (verdict == null) {
          throw new IllegalStateException("the check gave no verdict (returned null)");
        }
        outcome = verdict.passed() ? CheckOutcome.PASS
            : check.severity() == CheckSeverity.WARN ? CheckOutcome.WARN : CheckOutcome.FAIL;
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        outcome = check.severity() == CheckSeverity.WARN ? CheckOutcome.WARN : CheckOutcome.ERROR;
        verdict = new CheckVerdict(false, Optional.empty(), Optional.empty(), Optional.empty(),
            "the check could not run: " + Errors.describe(e));
      }
      return new CheckResult(check.name(), check.kind(), check.dataset(), check.severity(), outcome, 1,
          clock.instant(), verdict.observed(), verdict.expected(), verdict.baseline(), verdict.message());
    }

    DatasetProfile profile(String dataset) throws Exception {
      DatasetProfile known = profiles.get(dataset);
      if (known != null) {
        return known;
      }
      for (DatasetProfiler profiler : profilers) {
        Optional<DatasetProfile> profile = profiler.profile(dataset);
        if (profile != null && profile.isPresent()) {
          profiles.put(dataset, profile.get());
          return profile.get();
        }
      }
      throw new IllegalStateException(String.format("none of the %d profilers reads dataset '%s'", profilers.size(), dataset));
    }

    List<DatasetProfile> history(String dataset, int runs) {
      if (store == null || runs <= 0) {
        return List.of();
      }
      if (history == null) {
        history = store.runs(pipeline, 0, HISTORY_RUNS);
      }
      List<DatasetProfile> found = new ArrayList<>();
      for (PipelineRun run : history) {
        if (found.size() >= runs) {
          break;
        }
        for (StepRun step : run.steps()) {
          Optional<DatasetProfile> profile = step.profile(dataset);
          if (step.status() == StepStatus.SUCCESS && profile.isPresent()) {
            found.add(profile.get());
            break;
          }
        }
      }
      return found;
    }

    private final class Context implements CheckContext {
      private final PipelineStep step;
      private final String dataset;

      Context(PipelineStep step, String dataset) {
        this.step = step;
        this.dataset = dataset;
      }

      @Override
      public String dataset() {
        return dataset;
      }

      @Override
      public PipelineStep step() {
        return step;
      }

      @Override
      public String runId() {
        return "check";
      }

      @Override
      public int attempt() {
        return 1;
      }

      @Override
      public Map<String, String> params() {
        return Map.of();
      }

      @Override
      public DatasetProfile profile() throws Exception {
        return Session.this.profile(dataset);
      }

      @Override
      public List<DatasetProfile> history(int runs) {
        return Session.this.history(dataset, runs);
      }

      @Override
      public Optional<DatasetProfile> reportedProfile() {
        return Optional.empty();
      }

      @Override
      public List<DatasetProfiler> profilers() {
        return profilers;
      }
    }
  }

  /** Builds a {@link CheckRunner}. */
  public static final class Builder {
    private final List<DatasetProfiler> profilers = new ArrayList<>();
    private CheckpointStore store;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Adds a profiler; for a dataset, the first that reads it is used. */
    public Builder profiler(DatasetProfiler profiler) {
      profilers.add(Checks.notNull(profiler, "profiler"));
      return this;
    }

    /** Adds {@code profilers} in order ({@link QualityProfilers#of} gives a definition's). */
    public Builder profilers(List<? extends DatasetProfiler> profilers) {
      Checks.notNull(profilers, "profilers").forEach(this::profiler);
      return this;
    }

    /** The store whose successful runs drift and {@code schema: unchanged} compare with (default: none, no baseline). */
    public Builder history(CheckpointStore store) {
      this.store = Checks.notNull(store, "store");
      return this;
    }

    /** The clock that stamps results (default: the system's, UTC). */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** The runner. */
    public CheckRunner build() {
      return new CheckRunner(this);
    }
  }
}
