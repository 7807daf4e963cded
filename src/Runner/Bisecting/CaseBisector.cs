using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.NixDriver.Observing;
using Conformance.NixDriver.Revisions;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Checking;
using Conformance.Runner.Hosting;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Bisecting;

/// <summary>
/// The first commit between a good and a bad revision at which one case observes what the bad
/// revision observes, on a running session. No model: the case is observed at both ends, the fields
/// that differ there (optionally only some of them) decide every step — bad's values → bad, good's
/// → good, anything else (a revision that cannot be evaluated, a third behaviour) → skipped and
/// named, like <c>git bisect skip</c>. First-parent history first, then the merged branch. Used by
/// <c>bisect</c> and, for every cause a campaign shrank, by <c>diff</c> and <c>nightly</c>.
/// </summary>
internal sealed class CaseBisector(NixSession session, ClanCoreRevisions revisions, GitRepository repository, ObserverOptions options, ILogger logger,
    SemaphoreSlim? workers = null)
{
    private readonly SemaphoreSlim _workers = workers ?? new SemaphoreSlim(options.Workers);

    /// <summary>What a bisection found: exit code (0 found, 1 good and bad observe the same, 2 undetermined), the first bad commit and the first-parent merge that brought it in, and the report lines.</summary>
    public sealed record Outcome(int ExitCode, RevisionInfo? FirstBad, RevisionInfo? FirstBadMerge, IReadOnlyList<string> Lines, int Tests);

    /// <param name="fields">Only these fields may decide (a saved failure is bisected by its own fields: another change between good and bad that the case also shows must not decide); null: every field that differs.</param>
    /// <param name="progress">One line per tested revision (stderr, or nothing).</param>
    public async Task<Outcome> BisectAsync(ClanCase clanCase, IReadOnlySet<FieldKey>? fields, RevisionInfo good, RevisionInfo bad, Action<string> progress,
        CancellationToken cancellationToken)
    {
        var request = ObservationHints.Request(clanCase);
        async Task<CaseObservation> ObserveAtAsync(RevisionInfo revision)
        {
            var target = await revisions.TargetAsync(session, repository, revision, options.LockFile, cancellationToken);
            var observer = new BatchObserver(session, options, logger, target.Evaluator, _workers, target.Label);
            return (await observer.ObserveAsync([request], cancellationToken: cancellationToken))[0];
        }

        var ends = await Task.WhenAll(ObserveAtAsync(good), ObserveAtAsync(bad));
        var (goodObservation, badObservation) = (ends[0], ends[1]);
        var differing = Comparer.Compare(Baseline.Of(goodObservation, "good"), badObservation).Disagreements.Select(d => d.Key).ToHashSet();
        var discriminating = fields is null ? differing : differing.Where(fields.Contains).ToHashSet();
        if (discriminating.Count == 0)
        {
            var same = $"good and bad observe the same for {clanCase.Id}{(fields is null ? "" : "'s failing fields")}: nothing to bisect" +
                       (differing.Count > 0 ? $" (other fields differ: {string.Join(", ", differing.Order().Take(5))})" : " (is the difference elsewhere, or does it need another case?)");
            return new Outcome(1, null, null, [same], 2);
        }
        if (differing.Count > discriminating.Count)
            progress($"ignoring fields the failure is not about: {string.Join(", ", differing.Except(discriminating).Order().Take(5))}");
        progress($"deciding fields: {string.Join(", ", discriminating.Order())}");

        var graph = new GitRevisionGraph(repository);
        var bisector = new RevisionBisector(graph, new BisectOptions { Parallelism = Math.Max(1, options.Workers) });
        var bisection = await bisector.RunAsync(good.Hash, bad.Hash, async hash =>
        {
            var revision = graph.Known.TryGetValue(hash, out var known) ? known : await repository.ResolveAsync(hash, cancellationToken);
            BisectVerdict verdict;
            try
            {
                verdict = Decide(await ObserveAtAsync(revision), goodObservation, badObservation, discriminating);
            }
            catch (RevisionNotEvaluableException e)
            {
                verdict = BisectVerdict.Skip(e.Message);
            }
            progress($"  {revision.Describe()}: {verdict}");
            return verdict;
        }, cancellationToken);

        var lines = bisection.Explain(graph.Describe).Skip(1).ToList();
        if (bisection.FirstBad is not { } hash)
            return new Outcome(2, null, null,
                [.. lines, "first bad commit: undetermined (only skipped commits are left); it is one of: " + string.Join(" ", bisection.PossibleFirstBad)],
                bisection.TestCount + 2);
        var firstBad = await Describe(graph, hash, cancellationToken);
        // The first-parent search names the merge that brought the change into the main line.
        var merge = bisection.Levels[0].Result.FirstBad is { } m ? await Describe(graph, m, cancellationToken) : null;
        if (bisection.IsMergeInteraction)
            lines.Add("(a merge whose branch tested good up to its tip: the change comes from combining the branch with the first parent)");
        lines.Add($"first bad commit: {firstBad.Hash} {firstBad.Subject}");
        return new Outcome(0, firstBad, merge, lines, bisection.TestCount + 2);
    }

    /// <summary>
    /// A campaign's bisection step (<see cref="Campaigns.TriageTools.Bisect"/>): a shrunk case between
    /// <paramref name="good"/> and <paramref name="bad"/>, by the fields of its cause; the first bad
    /// commit with the merge that brought it in, or why there is none.
    /// </summary>
    public Func<ClanCase, IReadOnlySet<FieldKey>, CancellationToken, Task<(Model.Ledger.Commit? FirstBad, string? Note)>> Between(RevisionInfo good, RevisionInfo bad,
        Action<string>? trace = null) => async (clanCase, fields, cancellationToken) =>
    {
        var outcome = await BisectAsync(clanCase, fields, good, bad, trace ?? (_ => { }), cancellationToken);
        if (outcome.FirstBad is { } first) return (Corpus.Commits.Of(first, outcome.FirstBadMerge), null);
        return (null, outcome.ExitCode == 1
            ? $"the shrunk case observes the same at {good.ShortHash} and {bad.ShortHash}: no commit between them made it (a model gap, or a cause older than {good.ShortHash})"
            : outcome.Lines[^1]);
    };

    private async Task<RevisionInfo> Describe(GitRevisionGraph graph, string hash, CancellationToken cancellationToken) =>
        graph.Known.TryGetValue(hash, out var info) ? info : await repository.ResolveAsync(hash, cancellationToken);

    /// <summary>Good, bad or skip for one revision's observation of the case, by the fields that tell good and bad apart.</summary>
    internal static BisectVerdict Decide(CaseObservation observed, CaseObservation good, CaseObservation bad, IReadOnlySet<FieldKey> discriminating)
    {
        static IReadOnlyList<FieldKey> Differing(CaseObservation expected, CaseObservation actual, IReadOnlySet<FieldKey> keys) =>
            Comparer.Compare(Baseline.Of(expected, "end"), actual).Fields.Where(f => keys.Contains(f.Key) && !f.Agrees).Select(f => f.Key).ToList();
        var unobserved = discriminating.Where(k => observed.Unobserved.ContainsKey(k) || observed.Faults.ContainsKey(k)).ToList();
        if (unobserved.Count > 0)
            return BisectVerdict.Skip($"{unobserved[0]} could not be observed here ({observed.Unobserved.GetValueOrDefault(unobserved[0]) ?? observed.Faults[unobserved[0]]})");
        // Cost counters move by degrees: a revision is on bad's side of a counter once it has crossed
        // the midpoint between good's and bad's values, and on good's side before.
        var values = discriminating.Where(k => k.Scope != Scope.Cost).ToHashSet();
        var costSides = discriminating.Where(k => k.Scope == Scope.Cost).ToDictionary(k => k, k => CostSide(observed, good, bad, k));
        var fromBad = Differing(bad, observed, values).Concat(costSides.Where(kv => kv.Value != true).Select(kv => kv.Key)).ToList();
        if (fromBad.Count == 0) return BisectVerdict.Bad($"observes bad's {string.Join(", ", discriminating.Order().Take(3))}");
        var fromGood = Differing(good, observed, values).Concat(costSides.Where(kv => kv.Value != false).Select(kv => kv.Key)).ToList();
        if (fromGood.Count == 0) return BisectVerdict.Good("observes good's values");
        // Neither: a revision broken for another reason (every field an error) or a third behaviour.
        var key = fromGood[0];
        var value = observed.Fields.TryGetValue(key, out var v) ? v.ToString() : "nothing";
        return observed.Fields.Values.All(o => o is ObservedError)
            ? BisectVerdict.Skip($"cannot be evaluated: {value}")
            : BisectVerdict.Skip($"observes neither good's nor bad's {key}: {value}");
    }

    /// <summary>Whether a cost counter observed here is past the midpoint from good's value towards bad's (true), before it (false), or unreadable (null).</summary>
    internal static bool? CostSide(CaseObservation observed, CaseObservation good, CaseObservation bad, FieldKey key)
    {
        static long? Count(CaseObservation o, FieldKey k) =>
            o.Fields.GetValueOrDefault(k) is ObservedValue { Value: var v } && CostFields.TryCount(v, out var n) ? n : null;
        if (Count(observed, key) is not { } value || Count(good, key) is not { } g || Count(bad, key) is not { } b) return null;
        var midpoint = (g + b) / 2.0;
        return b >= g ? value >= midpoint : value <= midpoint;
    }
}
