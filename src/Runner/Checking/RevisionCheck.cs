using System.Collections.Concurrent;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.NixDriver.Observing;

namespace Conformance.Runner.Checking;

/// <summary>
/// Checks cases against another revision instead of the model: the same cases are observed on both
/// (concurrently, sharing the worker gate), and the base's observation is the expectation
/// (<see cref="Baseline"/>). No model is involved, so this covers areas the model does not predict.
/// </summary>
internal sealed class RevisionCheck(IObserver baseObserver, IObserver headObserver) : ICaseChecker
{
    public string Expectation => baseObserver.Label;

    public string Subject => headObserver.Label;

    public int Processes => baseObserver.Processes + headObserver.Processes;

    public int MachineEvaluations => baseObserver.MachineEvaluations + headObserver.MachineEvaluations;

    public async Task<IReadOnlyList<CaseResult>> CheckAsync(IReadOnlyList<ClanCase> cases, Func<CaseResult, Task>? onResult = null,
        IProgress<CheckProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var byId = cases.ToDictionary(c => c.Id);
        var requests = cases.Select(c => ObservationHints.Request(c)).ToList();
        var bases = new ConcurrentDictionary<string, CaseObservation>();
        var heads = new ConcurrentDictionary<string, CaseObservation>();
        var results = new ConcurrentDictionary<string, CaseResult>();
        var disagreeing = 0;

        // A case is compared as soon as both sides have it, so results stream (and are saved) as they come.
        async Task Arrived(CaseObservation observation, ConcurrentDictionary<string, CaseObservation> mine, ConcurrentDictionary<string, CaseObservation> other)
        {
            mine[observation.CaseId] = observation;
            if (!other.ContainsKey(observation.CaseId) || !bases.ContainsKey(observation.CaseId) || !heads.ContainsKey(observation.CaseId)) return;
            var result = Compare(byId[observation.CaseId], bases[observation.CaseId], heads[observation.CaseId]);
            if (!results.TryAdd(observation.CaseId, result)) return;
            if (!result.Verdict.Conforms) Interlocked.Increment(ref disagreeing);
            if (onResult is not null) await onResult(result);
            progress?.Report(new CheckProgress(results.Count, cases.Count, Processes, MachineEvaluations, disagreeing));
        }

        await Task.WhenAll(
            baseObserver.ObserveAsync(requests, o => Arrived(o, bases, heads), cancellationToken),
            headObserver.ObserveAsync(requests, o => Arrived(o, heads, bases), cancellationToken));
        return cases.Select(c => results[c.Id]).ToList();
    }

    private CaseResult Compare(ClanCase clanCase, CaseObservation @base, CaseObservation head)
    {
        var expected = Baseline.Of(@base, baseObserver.Label);
        var verdict = Comparer.Compare(expected, head);
        // A field the base could not observe is not compared either; say so.
        var unobserved = new Dictionary<FieldKey, string>(verdict.Unobserved);
        foreach (var (key, reason) in @base.Unobserved.Concat(@base.Faults)) unobserved.TryAdd(key, $"{baseObserver.Label}: {reason}");
        return new CaseResult(clanCase, expected, head, verdict with { Unobserved = unobserved });
    }
}
