namespace Conformance.Runner.Scale;

/// <summary>
/// One fleet size on one revision and one path: the counters by name (<see cref="Model.Observations.CostFields.Name"/>),
/// what the model predicted for its instances (null where it predicts nothing) and why a counter is missing.
/// </summary>
internal sealed record ScalePoint(string Revision, int Machines, string Unit, IReadOnlyDictionary<string, long> Counters)
{
    public long? PredictedInstances { get; init; }

    public IReadOnlyList<string> Unobserved { get; init; } = [];

    /// <summary>False only when both the model and Nix gave a count and they differ (a unit that could not be evaluated is listed as unobserved, not as a disagreement).</summary>
    public bool InstancesAgree => PredictedInstances is not { } p || !Counters.TryGetValue("instances", out var i) || i == p;
}
