using Conformance.Model.Causes;
using Conformance.Model.Comparison;
using Conformance.Model.Ledger;
using Conformance.Model.Observations;
using Conformance.NixDriver.Backends;
using Conformance.Runner.Checking;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Campaigns;

/// <summary>A cause after triage: its shrunk case (and what the last shrink step's candidates showed), whether its report reproduces, its first bad commit, its filed-ready report, and what the budget cut.</summary>
internal sealed record TriagedCause(CauseKey Cause, CaseResult Original, CaseResult Minimal, int Steps, bool Fixpoint, IReadOnlyList<CaseResult> Neighbours)
{
    public IReadOnlyList<ReproCheck> Checks { get; init; } = [];

    /// <summary>With history: what bisecting the shrunk case found.</summary>
    public CommitEvidence? Commit { get; init; }

    /// <summary>The shrunk example's filed-ready report (upstream.md; null: none, <see cref="Cut"/> says why).</summary>
    public string? Upstream { get; init; }

    /// <summary>What did not happen for this cause, and why (the budget, an infrastructure fault): named in the summary.</summary>
    public IReadOnlyList<string> Cut { get; init; } = [];
}

/// <summary>
/// Triage of each cause, causes in parallel (one per worker), all under one <see cref="TriageBudget"/>:
/// shrink one representative (Hypothesis keeps one minimal example per distinct failure; a step
/// keeps a candidate only if it still shows the cause and shows no cause the current case does
/// not, so shrinking cannot wander off to another cause), then verify the shrunk case's report
/// commands on the revisions involved, then — where history is at hand — bisect it, then render its
/// filed-ready report (one more evaluation, the report's command). Shrinking stops at the budget's
/// shrink deadline, the later stages at its deadline; what is cut is recorded with the cause. A verification or bisection the infrastructure failed is a note, never
/// a conformance result.
/// </summary>
internal sealed class CauseTriage(ICaseChecker checker, Func<CaseVerdict, IReadOnlyList<FieldComparison>> failingFields)
{
    /// <summary>Causes triaged at the same time (each step is one process, so this is the number of processes busy).</summary>
    public required int Parallelism { get; init; }

    /// <summary>Runs a shrunk case's report commands (null: not checked).</summary>
    public Func<CaseResult, IReadOnlyList<FieldComparison>, CancellationToken, Task<IReadOnlyList<ReproCheck>>>? Verify { get; init; }

    /// <summary>Bisects a shrunk case by the given fields (null: no history): the first bad commit, or why there is none.</summary>
    public Func<Model.Cases.ClanCase, IReadOnlySet<FieldKey>, CancellationToken, Task<(Commit? FirstBad, string? Note)>>? Bisect { get; init; }

    /// <summary>Renders a shrunk case's filed-ready report, after bisection (it names the first bad commit): its text, or why it has none (null: not rendered).</summary>
    public Func<TriagedCause, CheckedCase, TimeSpan, CancellationToken, Task<(string? Text, string? Skipped)>>? Upstream { get; init; }

    /// <summary>Receives one line per shrink step (--verbose).</summary>
    public IProgress<string>? Trace { get; init; }

    // Keying a case's causes abstracts every error line it holds; a result is keyed once however
    // often checking, shrinking's keep test and the ledger ask.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<CaseResult, CheckedCase> _checked = new();

    /// <summary>A result as the ledger sees it (its failing fields, its causes), computed once per result.</summary>
    public CheckedCase Checked(CaseResult result) =>
        _checked.GetValue(result, r => CheckedCase.Of(r.Case, r.Verdict, failingFields(r.Verdict)));

    /// <param name="onDone">Called as each cause is done (to save it at once).</param>
    public async Task<IReadOnlyList<TriagedCause>> RunAsync(IReadOnlyList<(CauseKey Cause, CaseResult Representative)> representatives, TriageBudget budget,
        Func<TriagedCause, Task> onDone, Action<string> progress, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, Parallelism));
        var done = new List<TriagedCause>();
        await Task.WhenAll(representatives.Select(async item =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var triaged = await TriageAsync(item.Cause, item.Representative, budget, progress, cancellationToken);
                lock (done) done.Add(triaged);
                await onDone(triaged);
            }
            finally
            {
                slots.Release();
            }
        }));
        return representatives.Select(r => done.First(d => d.Cause == r.Cause)).ToList();
    }

    private async Task<TriagedCause> TriageAsync(CauseKey cause, CaseResult representative, TriageBudget budget, Action<string> progress, CancellationToken cancellationToken)
    {
        var cut = new List<string>();
        TriagedCause triaged;
        if (budget.ShrinkingSpent)
        {
            cut.Add("shrinking: the budget was spent before it started");
            triaged = new TriagedCause(cause, representative, representative, 0, false, []);
        }
        else
        {
            progress($"shrinking {cause} ({representative.Case.Id}, {representative.Case.Machines.Count} machine(s))…");
            var shrinker = new BatchShrinker(checker, (current, candidate) =>
            {
                var causes = Checked(candidate).Causes.Keys.ToHashSet();
                return causes.Contains(cause) && causes.IsSubsetOf(Checked(current).Causes.Keys);
            }) { Deadline = budget.ShrinkDeadline, Trace = Trace };
            var outcome = await shrinker.ShrinkAsync(representative, cancellationToken);
            if (!outcome.ReachedFixpoint) cut.Add($"shrinking: stopped after {outcome.Steps} step(s), before a fixpoint (budget)");
            triaged = new TriagedCause(cause, representative, outcome.Minimal, outcome.Steps, outcome.ReachedFixpoint, outcome.Neighbours);
        }

        var minimal = Checked(triaged.Minimal);
        var fields = CauseKeys.FieldsOf(minimal.Case, minimal.Failing, cause);
        var afterShrinking = System.Diagnostics.Stopwatch.StartNew();
        if (Verify is not null)
        {
            var (ran, checks, why) = await WithinBudgetAsync(budget, ct => Verify(triaged.Minimal, minimal.Failing, ct), "verification", cancellationToken);
            triaged = triaged with { Checks = ran ? checks! : [] };
            if (why is not null) cut.Add(why);
        }
        if (Bisect is not null)
        {
            var (ran, found, why) = await WithinBudgetAsync(budget, ct => Bisect(minimal.Case, fields.Select(f => f.Key).ToHashSet(), ct), "bisection", cancellationToken);
            triaged = triaged with { Commit = ran ? new CommitEvidence(cause, found.FirstBad, found.Note) : new CommitEvidence(cause, null, why) };
            if (why is not null) cut.Add(why);
        }
        if (Upstream is not null)
        {
            var (ran, filed, why) = await WithinBudgetAsync(budget, ct => Upstream(triaged, minimal, budget.Remaining, ct), UpstreamStage, cancellationToken);
            triaged = triaged with { Upstream = ran ? filed.Text : null };
            if ((why ?? (ran && filed.Skipped is { } skipped ? $"{UpstreamStage}: not written, {skipped}" : null)) is { } note) cut.Add(note);
        }
        if (!budget.Spent) budget.Measured(afterShrinking.Elapsed);
        return triaged with { Cut = cut };
    }

    private const string UpstreamStage = "upstream.md";

    /// <summary>Runs one stage until the budget's deadline; returns its result, or why there is none.</summary>
    private static async Task<(bool Ran, T Result, string? Why)> WithinBudgetAsync<T>(TriageBudget budget, Func<CancellationToken, Task<T>> stage, string name,
        CancellationToken cancellationToken)
    {
        if (budget.Spent) return (false, default!, $"{name}: not run, the budget was spent");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget.Remaining);
        try
        {
            return (true, await stage(deadline.Token), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, default!, $"{name}: cut at the end of the budget");
        }
        catch (NixInfrastructureException e)
        {
            return (false, default!, $"{name}: the infrastructure failed ({e.Message})");
        }
        catch (NixTimeoutException e)
        {
            return (false, default!, $"{name}: {e.FaultReason}");
        }
    }
}
