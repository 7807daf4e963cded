using System.Text.Json.Nodes;
using Conformance.Model.Observations;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;

namespace Conformance.NixDriver.Observing;

/// <summary>
/// The cost stage of an observation (<see cref="CostFields"/>): for a case that asks for cost
/// fields, each unit — the configurations' fields, the clanInternals copies' fields of one system —
/// is evaluated again in a <c>nix</c> process of its own with Nix's statistics on, so every counter
/// belongs to one case and one path, never to a batch. The case's values come from the batch as
/// always; this adds one process per unit (docs/performance.md, "Evaluation cost").
/// </summary>
public static class CostObservation
{
    /// <summary>Evaluates one unit alone and returns what it cost.</summary>
    public delegate Task<NixCostResult> UnitMeasurer(BatchUnit unit, CancellationToken cancellationToken);

    /// <summary><paramref name="observation"/> with the cost fields <paramref name="request"/> asks for (unchanged when it asks for none).</summary>
    public static async Task<CaseObservation> AddAsync(ObservationRequest request, CaseObservation observation, UnitMeasurer measure,
        CancellationToken cancellationToken)
    {
        var costKeys = request.Fields.Where(k => k.Scope == Scope.Cost).ToList();
        if (costKeys.Count == 0) return observation;
        var fields = new Dictionary<FieldKey, Observed>(observation.Fields);
        var unobserved = new Dictionary<FieldKey, string>(observation.Unobserved);
        var faults = new Dictionary<FieldKey, string>(observation.Faults);
        // Each unit evaluates what the case's results evaluate for its path (fields read alone would
        // end the process; they are left out here as in the results).
        var units = costKeys.GroupBy(k => (Path: k.CostPath!.Value, System: k.System!)).ToList();
        var measured = await Task.WhenAll(units.Select(async unit =>
        {
            var evaluated = request.Fields.Where(k => k.IsEvaluated && !request.ReadAlone.Contains(k) && CostFields.InUnit(k, unit.Key.Path, unit.Key.System)).ToList();
            try { return (Result: await measure(new BatchUnit(request.Case, evaluated), cancellationToken), Failure: (Exception?)null); }
            catch (Exception e) when (e is NixEvaluationException or NixTimeoutException) { return (Result: (NixCostResult?)null, Failure: e); }
        }));
        foreach (var (unit, (result, failure)) in units.Zip(measured))
        {
            switch (failure)
            {
                case null:
                    foreach (var key in unit)
                    {
                        long? value = key.Counter switch
                        {
                            CostCounter.WallMilliseconds => (long)result!.Duration.TotalMilliseconds,
                            CostCounter.PeakKilobytes => result!.PeakRssKilobytes,
                            { } counter when result!.Stats.Counters.TryGetValue(counter, out var n) => n,
                            _ => null,
                        };
                        if (value is { } v) fields[key] = new ObservedValue(JsonValue.Create(v));
                        else unobserved[key] = "the process did not report it";
                    }
                    break;
                case NixEvaluationException e:
                    foreach (var key in unit)
                        unobserved[key] = $"the unit's fields could not be evaluated in one process ({e.Error.Kind}: {e.Error.Headline})";
                    break;
                case NixTimeoutException t:
                    foreach (var key in unit) faults[key] = t.FaultReason;
                    break;
            }
        }
        return observation with { Fields = fields, Unobserved = unobserved, Faults = faults };
    }
}
