package io.etlorchestrator.core;

import io.etlorchestrator.core.internal.Errors;
import io.etlorchestrator.core.quality.Check;
import io.etlorchestrator.core.quality.CheckContext;
import io.etlorchestrator.core.quality.CheckFailedException;
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

/**
 * Runs the checks of one attempt on the thread that runs the attempt: those on the step's inputs
 * before its action, those on its outputs after it. Each dataset is profiled at most once per
 * attempt (a profile the action reported is used instead), and the profiles are kept with the
 * results for the run's history. A check that throws comes out as {@link CheckOutcome#ERROR}. If a
 * check of severity error did not pass, the attempt fails with a {@link CheckFailedException}.
 */
final class StepChecks {
  /** How many of the pipeline's latest runs drift checks may look back over. */
  static final int HISTORY_RUNS = 200;

  private final String runId;
  private final String pipeline;
  private final Map<String, String> params;
  private final Clock clock;
  private final List<DatasetProfiler> profilers;
  private final CheckpointStore store;
  /** The pipeline's earlier runs, newest first, loaded once when a check first asks; under this. */
  private List<PipelineRun> history;

  StepChecks(
      String runId,
      String pipeline,
      Map<String, String> params,
      Clock clock,
      List<DatasetProfiler> profilers,
      CheckpointStore store) {
    this.runId = runId;
    this.pipeline = pipeline;
    this.params = params;
    this.clock = clock;
    this.profilers = List.copyOf(profilers);
    this.store = store;
  }

  /**
   * Runs the checks of {@code attempt}'s step that are on its inputs ({@code inputs}) or on its
   * outputs, adding their results and profiles to the attempt.
   *
   * @throws CheckFailedException if a check of severity error did not pass or could not run
   * @throws InterruptedException if the attempt was stopped while a check ran
   */
  void run(AttemptContext attempt, boolean inputs) throws InterruptedException {
    PipelineStep step = attempt.step();
    List<Check> checks = new ArrayList<>();
    for (Check check : step.checks()) {
      if (check.onInput() == inputs) {
        checks.add(check);
      }
    }
    if (checks.isEmpty()) {
      return;
    }
    Map<String, DatasetProfile> reported = attempt.reportedProfiles();
    Map<String, DatasetProfile> profiled = new LinkedHashMap<>();
    for (DatasetProfile profile : attempt.profiles) {
      profiled.put(profile.dataset(), profile);
    }
    List<CheckResult> results = new ArrayList<>(attempt.checkResults);
    List<CheckResult> blocking = new ArrayList<>();
    boolean retryable = true;
    for (Check check : checks) {
      Context context = new Context(attempt, check.dataset(), reported, profiled);
      CheckOutcome outcome;
      CheckVerdict verdict;
      try {
        verdict = check.logic().orElseThrow().check(context);
        if (verdict == null) {
          throw new IllegalStateException("the check gave no verdict (returned null)");
        }
        outcome =
            verdict.passed()
                ? CheckOutcome.PASS
                : check.severity() == CheckSeverity.WARN ? CheckOutcome.WARN : CheckOutcome.FAIL;
      } catch (InterruptedException e) {
        throw e;
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        if (attempt.isCancelled()) {
          throw new InterruptedException("the attempt was stopped while check " + check.name() + " ran");
        }
        outcome = check.severity() == CheckSeverity.WARN ? CheckOutcome.WARN : CheckOutcome.ERROR;
        verdict =
            new CheckVerdict(
                false, Optional.empty(), Optional.empty(), Optional.empty(),
                "the check could not run: " + Errors.describe(e));
      }
      CheckResult result =
          new CheckResult(
              check.name(), check.kind(), check.dataset(), check.severity(), outcome,
              attempt.attempt, clock.instant(), verdict.observed(), verdict.expected(),
              verdict.baseline(), verdict.message());
      results.add(result);
      if (result.blocks()) {
        blocking.add(result);
        retryable &= check.retry();
      }
    }
    Map<String, DatasetProfile> kept = new LinkedHashMap<>(profiled);
    reported.forEach(kept::putIfAbsent);
    attempt.checkResults = List.copyOf(results);
    attempt.profiles = List.copyOf(kept.values());
    if (!blocking.isEmpty()) {
      throw new CheckFailedException(blocking, retryable);
    }
  }

  /** The dataset's profiles in earlier runs whose step that recorded it succeeded, newest first. */
  private List<DatasetProfile> history(String dataset, int runs) {
    if (store == null || runs <= 0) {
      return List.of();
    }
    List<PipelineRun> earlier;
    synchronized (this) {
      if (history == null) {
        history = store.runs(pipeline, 0, HISTORY_RUNS);
      }
      earlier = history;
    }
    List<DatasetProfile> found = new ArrayList<>();
    for (PipelineRun run : earlier) {
      if (found.size() >= runs) {
        break;
      }
      if (run.runId().equals(runId)) {
        continue;
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
    private final AttemptContext attempt;
    private final String dataset;
    private final Map<String, DatasetProfile> reported;
    private final Map<String, DatasetProfile> profiled;

    Context(
        AttemptContext attempt,
        String dataset,
        Map<String, DatasetProfile> reported,
        Map<String, DatasetProfile> profiled) {
      this.attempt = attempt;
      this.dataset = dataset;
      this.reported = reported;
      this.profiled = profiled;
    }

    @Override
    public String dataset() {
      return dataset;
    }

    @Override
    public PipelineStep step() {
      return attempt.step();
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public int attempt() {
      return attempt.attempt;
    }

    @Override
    public Map<String, String> params() {
      return params;
    }

    @Override
    public DatasetProfile profile() throws Exception {
      DatasetProfile known = reported.get(dataset);
      if (known == null) {
        known = profiled.get(dataset);
      }
      if (known != null) {
        return known;
      }
      for (DatasetProfiler profiler : profilers) {
        Optional<DatasetProfile> profile = profiler.profile(dataset);
        if (profile != null && profile.isPresent()) {
          profiled.put(dataset, profile.get());
          return profile.get();
        }
      }
      throw new IllegalStateException(
          profilers.isEmpty()
              ? String.format(
                  "no profiler is registered to read dataset '%s' (add etl-quality's, or report a"
                      + " profile from the step with StepContext.reportProfile)", dataset)
              : String.format(
                  "none of the profilers reads dataset '%s' (%d registered), and the step reported"
                      + " no profile of it", dataset, profilers.size()));
    }

    @Override
    public List<DatasetProfile> history(int runs) {
      return StepChecks.this.history(dataset, runs);
    }

    @Override
    public Optional<DatasetProfile> reportedProfile() {
      return Optional.ofNullable(reported.get(dataset));
    }

    @Override
    public List<DatasetProfiler> profilers() {
      return profilers;
    }
  }
}
