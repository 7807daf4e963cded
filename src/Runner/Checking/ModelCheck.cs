using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Outcomes;
using Conformance.NixDriver.Observing;

namespace Conformance.Runner.Checking;

/// <summary>Checks cases against the model: Predict (the oracle), Observe (real Nix), Compare.</summary>
/// <param name="observer">Where and against what the cases are evaluated.</param>
/// <param name="knownDeviations">Ids from known-deviations.json: a disagreement matching one is reported as expected.</param>
/// <param name="predictor">The oracle; tests substitute a deliberately wrong one to prove the harness can fail.</param>
internal sealed class ModelCheck(IObserver observer, IReadOnlySet<string>? knownDeviations = null, Func<ClanCase, Prediction>? predictor = null) : ICaseChecker
{
    private readonly Func<ClanCase, Prediction> _predict = predictor ?? Model.Oracle.Oracle.Predict;
    private readonly IReadOnlySet<string> _known = knownDeviations ?? new HashSet<string>();

    public string Expectation => "the model";

    public string Subject => observer.Label;

    public int Processes => observer.Processes;

    public int MachineEvaluations => observer.MachineEvaluations;

    public async Task<IReadOnlyList<CaseResult>> CheckAsync(IReadOnlyList<ClanCase> cases, Func<CaseResult, Task>? onResult = null,
        IProgress<CheckProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var predictions = cases.ToDictionary(c => c.Id, _predict);
        var byId = cases.ToDictionary(c => c.Id);
        var results = new Dictionary<string, CaseResult>();
        var gate = new object();
        var disagreeing = 0;
        await observer.ObserveAsync(cases.Select(c => ObservationHints.Request(c, predictions[c.Id])).ToList(), async observation =>
        {
            var verdict = Comparer.Compare(predictions[observation.CaseId], observation, _known);
            var result = new CaseResult(byId[observation.CaseId], predictions[observation.CaseId], observation, verdict);
            int done;
            lock (gate)
            {
                results[observation.CaseId] = result;
                done = results.Count;
                if (!verdict.Conforms) disagreeing++;
            }
            if (onResult is not null) await onResult(result);
            progress?.Report(new CheckProgress(done, cases.Count, observer.Processes, observer.MachineEvaluations, disagreeing));
        }, cancellationToken);
        return cases.Select(c => results[c.Id]).ToList();
    }
}
