using Conformance.Model.Causes;
using Conformance.Model.Comparison;
using Conformance.Model.Ledger;
using Conformance.Model.Observations;
using Conformance.NixDriver.Backends;
using Conformance.Runner.Checking;
using Conformance.Runner.Corpus;
using Conformance.Runner.Sinks;

namespace Conformance.Runner.Campaigns;

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

    /// <summary>
    /// Trigger tests per shrunk cause at most, one per pending cause and trigger, in triage order:
    /// one batch as large as a shrink step's largest chunk (12 services cases take about as long as
    /// a shrink step, a fraction of one cause's shrinking).
    /// </summary>
    public int TriggerTests { get; init; } = 12;

    /// <summary>
    /// The model, when the expectation is the model (<c>run</c>, not <c>diff</c>): it proposes
    /// triggers before anything is shrunk (<see cref="TestHypothesesAsync"/>).
    /// </summary>
    public Func<Model.Cases.ClanCase, Model.Outcomes.Prediction>? Model { get; init; }

    /// <summary>Hypothesis tests before shrinking at most: one batch, about two shrink steps' worth.</summary>
    public int HypothesisTests { get; init; } = 24;

    /// <summary>Receives one line per shrink step (--verbose).</summary>
    public IProgress<string>? Trace { get; init; }

    // Keying a case's causes abstracts every error line it holds; a result is keyed once however
    // often checking, shrinking's keep test and the ledger ask.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<CaseResult, CheckedCase> _checked = new();

    /// <summary>A result as the ledger sees it (its failing fields, its causes), computed once per result.</summary>
    public CheckedCase Checked(CaseResult result) =>
        _checked.GetValue(result, r => CheckedCase.Of(r.Case, r.Verdict, failingFields(r.Verdict)));

    /// <summary>
    /// Triages the causes in the order given (<see cref="TriageOrder"/>), <see cref="Parallelism"/> at
    /// a time. Whenever a cause's shrunk case names a trigger that removes items
    /// (<c>instances.roles.tagSettings[-]</c>), the causes not yet started are tested against it at
    /// once — each one's representative without those items, all in one batch — and a cause the
    /// trigger explains there is not shrunk: the ledger merges it by that trigger
    /// (<see cref="LedgerBuilder.Triggers"/>), and the budget goes to causes that may be behaviours of
    /// their own.
    /// </summary>
    /// <param name="onDone">Called as each cause is done (to save it at once).</param>
    public async Task<IReadOnlyList<TriagedCause>> RunAsync(IReadOnlyList<(CauseKey Cause, CaseResult Representative)> representatives, TriageBudget budget,
        Func<TriagedCause, Task> onDone, Action<string> progress, CancellationToken cancellationToken)
    {
        var pending = new LinkedList<(CauseKey Cause, CaseResult Representative)>(representatives);
        var done = new List<TriagedCause>();
        var tested = new HashSet<Trigger>();
        using var gate = new SemaphoreSlim(1, 1);
        var tests = new Dictionary<CauseKey, Reduction>();

        async Task Finish(TriagedCause triaged)
        {
            lock (done) done.Add(triaged);
            await onDone(triaged);
        }

        if (Model is not null)
            foreach (var explained in await TestHypothesesAsync(pending, tests, budget, progress, cancellationToken))
                await Finish(explained);

        async Task WorkAsync()
        {
            while (true)
            {
                (CauseKey Cause, CaseResult Representative) next;
                lock (pending)
                {
                    if (pending.First is not { } first) return;
                    next = first.Value;
                    pending.RemoveFirst();
                }
                var triaged = await TriageAsync(next.Cause, next.Representative, budget, progress, cancellationToken, tests.GetValueOrDefault(next.Cause));
                await Finish(triaged);
                // One trigger test at a time: a second worker waits rather than test the same causes twice.
                await gate.WaitAsync(cancellationToken);
                try
                {
                    List<Trigger> fresh;
                    lock (tested) fresh = LedgerBuilder.Triggers(triaged.Evidence!).Where(t => ReductionLabel.IsRemoval(t.Label) && tested.Add(t)).ToList();
                    if (fresh.Count > 0)
                        foreach (var explained in await TestTriggersAsync(triaged.Cause, fresh, pending, budget, progress, cancellationToken))
                            await Finish(explained);
                }
                finally
                {
                    gate.Release();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, Parallelism)).Select(_ => WorkAsync()));
        return representatives.Select(r => done.First(d => d.Cause == r.Cause)).ToList();
    }

    /// <summary>
    /// Before anything is shrunk: triggers the model proposes. For each pending cause, each kind of item its
    /// representative holds in a list (<c>instances.roles.tagSettings[-]</c>) is taken from the case
    /// as a whole, and the model predicts the result (free: no Nix). Where the model then
    /// expects on every field of the cause what the tested side observed, the ingredient may be one
    /// the tested revision ignores — a hypothesis. A removal proposed for two causes or more is tested
    /// on each (one batch, up to <see cref="HypothesisTests"/> cases, inside the shrink deadline):
    /// confirmed where the tested side observes the same without it and both sides agree
    /// (<see cref="LedgerBuilder.Triggers"/>, <see cref="TriggerSide.Expected"/>). Of the causes one
    /// removal explains, the first in triage order stays to be shrunk (its cause needs a shrunk
    /// example; the test stays in its evidence, <paramref name="tests"/>) and moves to the front of
    /// <paramref name="pending"/>; the others are explained. The removals considered are every list
    /// the representative holds (<see cref="ReductionLabel.Removals"/>).
    /// </summary>
    private async Task<IReadOnlyList<TriagedCause>> TestHypothesesAsync(LinkedList<(CauseKey Cause, CaseResult Representative)> pending,
        Dictionary<CauseKey, Reduction> tests, TriageBudget budget, Action<string> progress, CancellationToken cancellationToken)
    {
        var hypotheses = new List<(CauseKey Cause, CaseResult Representative, string Label, Model.Cases.ClanCase Reduced)>();
        foreach (var (cause, representative) in pending)
        {
            var fields = CauseKeys.FieldsOf(representative.Case, Checked(representative).Failing, cause);
            foreach (var label in ReductionLabel.Removals(representative.Case).Where(ReductionLabel.NamesIngredient))
            {
                if (ReductionLabel.Without(representative.Case, label) is not { } reduced) continue;
                var expected = Model!(reduced).Fields;
                // A field the model no longer plans agrees where the tested side found nothing to read (LedgerBuilder.Absent).
                if (fields.Count > 0 && fields.All(f => expected.TryGetValue(f.Key, out var o)
                        ? Comparer.Agrees(f.Key, o, f.Actual) || o.Deviation is { } d && Comparer.Agrees(f.Key, d.Actual, f.Actual)
                        : LedgerBuilder.AgreesByAbsence(f.Actual, Reduction.Dissolves(representative.Case, reduced, f.Key))))
                    hypotheses.Add((cause, representative, label, reduced));
            }
        }
        var chosen = hypotheses.GroupBy(h => h.Label).Where(g => g.Select(h => h.Cause).Distinct().Count() > 1)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g).Take(HypothesisTests)
            .Select((h, i) => h with { Reduced = h.Reduced with { Id = $"{h.Representative.Case.Id}h{i + 1:D2}" } }).ToList();
        if (chosen.Count == 0 || budget.ShrinkingSpent) return [];
        progress($"testing {chosen.Select(h => h.Label).Distinct().Count()} trigger(s) the model proposes ({string.Join(", ", chosen.Select(h => h.Label).Distinct())}) " +
                 $"on {chosen.Select(h => h.Cause).Distinct().Count()} cause(s)…");
        var results = await CheckWithinShrinkDeadlineAsync(chosen.Select(h => h.Reduced).ToList(), budget, progress, cancellationToken);
        if (results is null) return [];
        var byId = results.ToDictionary(r => r.Case.Id);
        var confirmed = chosen.Where(h => byId.ContainsKey(h.Reduced.Id)).Select(h =>
        {
            var reduction = Reduction.Of(Checked(h.Representative), h.Reduced, byId[h.Reduced.Id].Verdict, h.Label);
            var evidence = new ShrinkEvidence(h.Cause, h.Representative.Case.Id, Checked(h.Representative), 0, false) { Reductions = [reduction] };
            return (h.Cause, h.Representative, h.Label, Evidence: evidence, Confirmed: LedgerBuilder.Triggers(evidence).Contains(new Trigger(h.Label, TriggerSide.Expected)));
        }).Where(h => h.Confirmed).ToList();

        var explained = new List<TriagedCause>();
        var leaders = new List<(CauseKey Cause, int Explains)>();
        foreach (var group in confirmed.GroupBy(h => h.Label))
        {
            var order = pending.Select(p => p.Cause).ToList();
            var members = group.Where(h => order.Contains(h.Cause) && !tests.ContainsKey(h.Cause)).OrderBy(h => order.IndexOf(h.Cause)).ToList();
            if (members.Count < 2) continue;
            tests[members[0].Cause] = members[0].Evidence.Reductions[0];
            foreach (var member in members.Skip(1))
            {
                pending.Remove(Find(pending, member.Cause)!);
                progress($"  {member.Cause}: explained by {group.Key} in {member.Representative.Case.Id} (a trigger the model proposed, tested), as {members[0].Cause}; not shrunk");
                explained.Add(new TriagedCause(member.Cause, member.Representative, member.Representative, 0, false, []) { Evidence = member.Evidence, ExplainedBy = members[0].Cause });
            }
            leaders.Add((members[0].Cause, members.Count));
        }
        // A leader now stands for its whole group: shrink it first, the largest group first, so the
        // budget gives the behaviour that explains most keys its shrunk example before anything is cut.
        foreach (var (leader, _) in leaders.OrderBy(l => l.Explains))
        {
            if (Find(pending, leader) is not { } node) continue;
            pending.Remove(node);
            pending.AddFirst(node);
        }
        return explained;
    }

    /// <summary>A cause's entry among those still pending, or null once a worker took it.</summary>
    private static LinkedListNode<(CauseKey Cause, CaseResult Representative)>? Find(LinkedList<(CauseKey Cause, CaseResult Representative)> pending, CauseKey cause)
    {
        var node = pending.First;
        while (node is not null && node.Value.Cause != cause) node = node.Next;
        return node;
    }

    /// <summary>Checks cases inside the budget's shrink deadline; null (and a progress line) when the deadline or the infrastructure cut it.</summary>
    private async Task<IReadOnlyList<CaseResult>?> CheckWithinShrinkDeadlineAsync(IReadOnlyList<Model.Cases.ClanCase> cases, TriageBudget budget, Action<string> progress,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget.ShrinkDeadline - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            return await checker.CheckAsync(cases, cancellationToken: deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            progress("  trigger test: cut at the budget's shrink deadline");
            return null;
        }
        catch (Exception e) when (e is NixInfrastructureException or NixTimeoutException)
        {
            progress($"  trigger test: not run, the infrastructure failed ({e.Message})");
            return null;
        }
    }

    /// <summary>
    /// Tests <paramref name="triggers"/> of <paramref name="source"/> on every cause still pending:
    /// its representative without what each trigger names, checked in one batch (inside the budget's
    /// shrink deadline). A cause whose fields all agree there, the same side unchanged, is explained:
    /// it leaves <paramref name="pending"/> and is returned as triaged by that test.
    /// </summary>
    private async Task<IReadOnlyList<TriagedCause>> TestTriggersAsync(CauseKey source, IReadOnlyList<Trigger> triggers,
        LinkedList<(CauseKey Cause, CaseResult Representative)> pending, TriageBudget budget, Action<string> progress, CancellationToken cancellationToken)
    {
        if (budget.ShrinkingSpent) return [];
        List<(CauseKey Cause, CaseResult Representative, Trigger Trigger, Model.Cases.ClanCase Reduced)> tests;
        lock (pending)
            tests = pending.SelectMany(p => triggers.Select(t => (p.Cause, p.Representative, Trigger: t, Reduced: ReductionLabel.Without(p.Representative.Case, t.Label))))
                .Where(x => x.Reduced is not null)
                .Take(TriggerTests)
                .Select((x, i) => (x.Cause, x.Representative, x.Trigger, x.Reduced! with { Id = $"{x.Representative.Case.Id}t{i + 1:D2}" }))
                .ToList();
        if (tests.Count == 0) return [];
        progress($"testing the trigger(s) of {source} ({string.Join(", ", triggers)}) on {tests.Select(t => t.Cause).Distinct().Count()} pending cause(s)…");
        var results = await CheckWithinShrinkDeadlineAsync(tests.Select(t => t.Reduced).ToList(), budget, progress, cancellationToken);
        if (results is null) return [];
        var byId = results.ToDictionary(r => r.Case.Id);
        var explained = new List<TriagedCause>();
        foreach (var group in tests.GroupBy(t => t.Cause))
        {
            var representative = group.First().Representative;
            var minimal = Checked(representative);
            var reductions = group.Where(t => byId.ContainsKey(t.Reduced.Id))
                .Select(t => Reduction.Of(minimal, t.Reduced, byId[t.Reduced.Id].Verdict, t.Trigger.Label)).ToList();
            var evidence = new ShrinkEvidence(group.Key, representative.Case.Id, minimal, 0, false) { Reductions = reductions };
            if (!LedgerBuilder.Triggers(evidence).Overlaps(group.Select(t => t.Trigger))) continue;
            lock (pending)
            {
                // Another worker started it meanwhile: its shrinking stands.
                if (Find(pending, group.Key) is not { } node) continue;
                pending.Remove(node);
            }
            progress($"  {group.Key}: explained by the trigger of {source} in {representative.Case.Id}, not shrunk");
            explained.Add(new TriagedCause(group.Key, representative, representative, 0, false, []) { Evidence = evidence, ExplainedBy = source });
        }
        return explained;
    }

    /// <param name="tested">A trigger test of the representative (a confirmed hypothesis), kept in the evidence beside shrinking's reductions.</param>
    private async Task<TriagedCause> TriageAsync(CauseKey cause, CaseResult representative, TriageBudget budget, Action<string> progress, CancellationToken cancellationToken,
        Reduction? tested = null)
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
            bool Keep(CaseResult current, CaseResult candidate)
            {
                var causes = Checked(candidate).Causes.Keys.ToHashSet();
                return causes.Contains(cause) && causes.IsSubsetOf(Checked(current).Causes.Keys);
            }
            var shrinker = new BatchShrinker(checker, Keep) { Deadline = budget.ShrinkDeadline, Trace = Trace };
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
        var evidence = new ShrinkEvidence(cause, representative.Case.Id, minimal, triaged.Steps, triaged.Fixpoint)
        {
            Reductions = [.. triaged.Neighbours.Select(n => Reduction.Of(minimal, n.Case, n.Verdict))],
        };
        // A trigger test belongs to the representative's fields; it still explains the cause when shrinking went nowhere.
        if (tested is not null && triaged.Steps == 0) evidence = evidence with { Reductions = [.. evidence.Reductions, tested] };
        return triaged with { Cut = cut, Evidence = evidence };
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
