using System.Diagnostics;
using Conformance.Model.Cases;
using Conformance.Model.Causes;
using Conformance.Model.Comparison;
using Conformance.Model.Ledger;
using Conformance.Model.Observations;
using Conformance.NixDriver.Backends;
using Conformance.Runner.Checking;
using Conformance.Runner.Corpus;
using Conformance.Runner.Sinks;

namespace Conformance.Runner.Campaigns;

/// <summary>What a campaign can do with a shrunk cause besides saving it: run its report commands, bisect it, render its filed-ready report.</summary>
internal sealed record TriageTools
{
    public Func<CaseResult, IReadOnlyList<FieldComparison>, CancellationToken, Task<IReadOnlyList<ReproCheck>>>? Verify { get; init; }

    /// <summary>Where history is at hand (<c>diff</c>, <c>nightly</c>): bisects a shrunk case between the good and the bad revision.</summary>
    public Func<ClanCase, IReadOnlySet<FieldKey>, CancellationToken, Task<(Commit? FirstBad, string? Note)>>? Bisect { get; init; }

    /// <summary>The model, when it is the expectation (<c>run</c>): triage tests the triggers it proposes before shrinking (<see cref="CauseTriage.Model"/>).</summary>
    public Func<ClanCase, Model.Outcomes.Prediction>? Predict { get; init; }

    /// <summary>Renders a saved failure (meta, fields, case, directory) as <c>report FAILURE_DIR --out</c> does, on the revision under test, within the time left of the budget: its text, or why it has none.</summary>
    public Func<FailureMeta, IReadOnlyList<FieldRecord>, ClanCase, string, TimeSpan, CancellationToken, Task<(string? Text, string? Skipped)>>? Upstream { get; init; }
}

/// <summary>The outcome of a campaign: its summary, its ledger, and every checked case.</summary>
internal sealed record CampaignResult(CampaignSummary Summary, Ledger Ledger, IReadOnlyList<CaseResult> Results);

/// <summary>
/// The engine of <c>run</c>, <c>diff</c> and <c>nightly</c>, in stages: check the cases (each new
/// fingerprint goes to the sinks the moment it is found, so nothing found is lost), key their causes,
/// triage one representative per cause under one budget (<see cref="CauseTriage"/>: shrink, verify,
/// bisect), build the <see cref="Ledger"/> (causes merged into behaviours, grouped by first bad
/// commit), and hand the summary to the sinks. It writes nothing itself.
/// </summary>
internal static class Campaign
{
    public static async Task<CampaignResult> ExecuteAsync(ICaseChecker checker, IReadOnlyList<ClanCase> cases, CampaignSettings settings,
        IReadOnlyList<ICampaignSink> sinks, TriageTools tools, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var gate = new SemaphoreSlim(1, 1);
        async Task Tell(Action<ICampaignSink> action)
        {
            await gate.WaitAsync(CancellationToken.None);
            try { foreach (var sink in sinks) action(sink); }
            finally { gate.Release(); }
        }

        var triage = new CauseTriage(checker, settings.Failing)
        {
            Parallelism = Math.Max(1, settings.Workers),
            Verify = tools.Verify,
            Bisect = tools.Bisect,
            Model = tools.Predict,
            // Rendered from the meta the corpus saves for the cause, so upstream.md and meta.json tell the same story.
            Upstream = tools.Upstream is not { } upstream ? null : (t, minimal, left, ct) =>
            {
                var found = Found(settings, t.Minimal, minimal)!;
                return upstream(Sinks.CorpusSink.TriagedMeta(settings, checker.Expectation, t, found), found.Checked.Failing.Select(FieldRecord.From).ToList(),
                    t.Minimal.Case, found.Directory, left, ct);
            },
            Trace = settings.Verbose ? new Progress<string>(m => _ = Tell(s => s.Progress("  " + m))) : null,
        };
        var results = new List<CaseResult>();
        var fingerprints = new Dictionary<string, FingerprintSummary>(StringComparer.Ordinal);
        var stop = new StopReason();
        var checkClock = Stopwatch.StartNew();
        await stop.CatchAsync(() => checker.CheckAsync(cases, async result =>
        {
            var checkedCase = triage.Checked(result);
            var found = Found(settings, result, checkedCase);
            await Tell(s => s.CaseChecked(result, checkedCase));
            FoundFailure? fresh = null;
            lock (results)
            {
                results.Add(result);
                if (found is null) return;
                if (fingerprints.TryGetValue(found.Fingerprint, out var seen)) fingerprints[found.Fingerprint] = seen with { Cases = [.. seen.Cases, result.Case.Id] };
                else
                {
                    fingerprints[found.Fingerprint] = new FingerprintSummary(found.Fingerprint, found.Checked, [result.Case.Id]);
                    fresh = found;
                }
            }
            if (fresh is not null) await Tell(s => s.FailureFound(fresh));
        }, new Fanout(p => { lock (sinks) foreach (var sink in sinks) sink.Checking(p); }), cancellationToken), cancellationToken);
        var checkTime = checkClock.Elapsed;
        var (checkProcesses, checkEvaluations) = (checker.Processes, checker.MachineEvaluations);

        var checkedCases = results.OrderBy(r => r.Case.Id, StringComparer.Ordinal).Select(triage.Checked).ToList();
        var byId = results.ToDictionary(r => r.Case.Id);
        // Where merges are likely first (TriageOrder): a budget too small for every key still merges what it can.
        var keys = TriageOrder.Of(checkedCases.SelectMany(c => c.Causes.Keys).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count()));
        var toTriage = keys.Where(k => settings.ShrinkKnownCauses || !settings.KnownCauses.Contains(k))
            .Select(k => (k, byId[LedgerBuilder.Representative(checkedCases, k)])).ToList();

        var triaged = new List<TriagedCause>();
        var budget = TriageBudget.StartingNow(settings.ShrinkBudget, tools.Bisect is not null);
        if (settings.Shrink && !stop.Stopped && toTriage.Count > 0)
        {
            await Tell(s => s.Progress($"triage, one case per cause: {toTriage.Count} cause(s){(toTriage.Count < keys.Count ? $" ({keys.Count - toTriage.Count} known, not triaged)" : "")}; " +
                                       $"budget {settings.ShrinkBudget.TotalMinutes:0.#} min (shrinking, then verifying{(tools.Bisect is null ? "" : ", bisecting")}{(tools.Upstream is null ? "" : " and writing upstream.md for")} each; {budget.Reserve.TotalSeconds:0} s kept for that at first), {triage.Parallelism} at a time"));
            await stop.CatchAsync(async () => triaged.AddRange(await triage.RunAsync(toTriage, budget,
                async t => await Tell(s => s.CauseTriaged(t, Found(settings, t.Minimal, triage.Checked(t.Minimal))!)),
                line => _ = Tell(s => s.Progress(line)), cancellationToken)), cancellationToken);
        }
        var triageTime = DateTimeOffset.UtcNow - budget.Start;

        var ledger = LedgerBuilder.Build(checkedCases, triaged.ToDictionary(t => t.Cause, t => t.Evidence!),
            triaged.Where(t => t.Commit is not null).ToDictionary(t => t.Cause, t => t.Commit!));
        var summary = SummaryBuilder.Build(settings, checker.Expectation, cases.Count, results, ledger, triaged, fingerprints.Values.ToList(), stop,
            new Timings(wall.Elapsed.TotalSeconds + settings.SetupTime.TotalSeconds, settings.SetupTime.TotalSeconds, checkTime.TotalSeconds,
                triageTime.TotalSeconds, checkProcesses, checkEvaluations, checkEvaluations / Math.Max(checkTime.TotalMinutes, 1e-6)));
        await Tell(s => s.Completed(summary, ledger));
        return new CampaignResult(summary, ledger, results);
    }

    /// <summary>A failing result as the sinks see it; null when it conforms.</summary>
    private static FoundFailure? Found(CampaignSettings settings, CaseResult result, CheckedCase checkedCase)
    {
        if (checkedCase.Failing.Count == 0) return null;
        var fingerprint = Fingerprint.Of(checkedCase.Failing);
        return new FoundFailure(result, checkedCase, fingerprint, FailureCorpus.DirectoryFor(settings.OutDirectory, fingerprint));
    }
}

/// <summary>Progress handed to every sink, synchronously (<see cref="Progress{T}"/> would post to a thread pool and reorder lines).</summary>
internal sealed class Fanout(Action<CheckProgress> report) : IProgress<CheckProgress>
{
    public void Report(CheckProgress value) => report(value);
}

/// <summary>Why a campaign stopped early: the user (interrupted), or the infrastructure (with its message). What was found until then stands.</summary>
internal sealed class StopReason
{
    public bool Stopped { get; private set; }

    public string? InfrastructureFailure { get; private set; }

    public async Task CatchAsync(Func<Task> stage, CancellationToken cancellationToken)
    {
        try
        {
            await stage();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Stopped = true;
        }
        catch (NixInfrastructureException e)
        {
            // The run cannot go on, but what it found is saved: the summary is written, then the fault reported.
            Stopped = true;
            InfrastructureFailure ??= e.Message;
        }
    }
}
