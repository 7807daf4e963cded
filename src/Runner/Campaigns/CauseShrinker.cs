using Conformance.Model.Causes;
using Conformance.Model.Comparison;
using Conformance.Runner.Checking;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// Shrinks one representative per cause (Hypothesis keeps one minimal example per distinct
/// failure), causes in parallel up to the number of workers, all under one time budget. The
/// representative of a cause is the case showing it with the fewest other causes, then the
/// cheapest; a shrink step keeps a candidate only if it still shows the cause and shows no cause
/// the current case does not (so shrinking cannot wander off to another cause).
/// </summary>
internal sealed class CauseShrinker(ICaseChecker checker, Func<CaseVerdict, IReadOnlyList<FieldComparison>> failingFields)
{
    /// <summary>Causes shrunk at the same time (each step is one process, so this is the number of processes busy).</summary>
    public int Parallelism { get; init; } = 2;

    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>Receives one line per shrink step (--verbose).</summary>
    public IProgress<string>? Trace { get; init; }

    public sealed record Shrunk(CauseKey Cause, CaseResult Original, CaseResult Minimal, int Steps, bool ReachedFixpoint);

    public IReadOnlySet<CauseKey> CausesOf(CaseResult result) => CauseKeys.Of(result.Verdict, failingFields(result.Verdict));

    /// <summary>Picks a representative per cause from <paramref name="results"/>, most frequent causes first.</summary>
    public IReadOnlyList<(CauseKey Cause, CaseResult Representative)> Representatives(IEnumerable<CaseResult> results)
    {
        var withCauses = results.Select(r => (Result: r, Causes: CausesOf(r))).Where(x => x.Causes.Count > 0).ToList();
        return withCauses.SelectMany(x => x.Causes).Distinct()
            .OrderByDescending(cause => withCauses.Count(x => x.Causes.Contains(cause))).ThenBy(cause => cause)
            .Select(cause => (cause, withCauses.Where(x => x.Causes.Contains(cause))
                .OrderBy(x => x.Causes.Count)
                .ThenBy(x => Model.Observations.ObservationPlan.MachineEvaluations(x.Result.Case))
                .ThenBy(x => Model.Cases.CaseJson.Serialize(x.Result.Case).Length)
                .First().Result))
            .ToList();
    }

    /// <param name="onShrunk">Called as each cause is done (to save it at once).</param>
    public async Task<IReadOnlyList<Shrunk>> ShrinkAsync(IReadOnlyList<(CauseKey Cause, CaseResult Representative)> representatives,
        Func<Shrunk, Task>? onShrunk = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + Budget;
        using var slots = new SemaphoreSlim(Math.Max(1, Parallelism));
        var done = new List<Shrunk>();
        await Task.WhenAll(representatives.Select(async item =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                Shrunk result;
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    result = new Shrunk(item.Cause, item.Representative, item.Representative, 0, false);
                }
                else
                {
                    progress?.Report($"shrinking {item.Cause} ({item.Representative.Case.Id}, {item.Representative.Case.Machines.Count} machine(s))…");
                    var shrinker = new BatchShrinker(checker, (current, candidate) =>
                    {
                        var causes = CausesOf(candidate);
                        return causes.Contains(item.Cause) && causes.IsSubsetOf(CausesOf(current));
                    }) { Deadline = deadline, Trace = Trace };
                    var outcome = await shrinker.ShrinkAsync(item.Representative, cancellationToken);
                    result = new Shrunk(item.Cause, item.Representative, outcome.Minimal, outcome.Steps, outcome.ReachedFixpoint);
                }
                lock (done) done.Add(result);
                if (onShrunk is not null) await onShrunk(result);
            }
            finally
            {
                slots.Release();
            }
        }));
        return representatives.Select(r => done.First(d => d.Cause == r.Cause)).ToList();
    }
}
