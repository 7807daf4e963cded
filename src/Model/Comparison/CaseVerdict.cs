using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Comparison;

/// <summary>One field: what the model expected, what Nix did, and whether they agree.</summary>
public sealed record FieldComparison(FieldKey Key, Outcome Expected, Observed? Actual, bool Agrees)
{
    /// <summary>Set when a known deviation explains the disagreement (the reference names the upstream issue).</summary>
    public string? KnownDeviation { get; init; }

    public bool Counts => !Agrees && KnownDeviation is null;
}

/// <summary>The comparison of a whole case (three verdicts exist overall: agree, disagree, harness fault — faults are exceptions, never verdicts).</summary>
public sealed record CaseVerdict(string CaseId, IReadOnlyList<FieldComparison> Fields)
{
    public IReadOnlyDictionary<FieldKey, string> Unobserved { get; init; } = new Dictionary<FieldKey, string>();

    public IEnumerable<FieldComparison> Disagreements => Fields.Where(f => f.Counts);

    public IEnumerable<FieldComparison> Deviations => Fields.Where(f => !f.Agrees && f.KnownDeviation is not null);

    public bool Conforms => !Disagreements.Any();
}
