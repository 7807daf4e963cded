using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Comparison;

/// <summary>One field: what the model expected, what Nix did, and whether they agree.</summary>
public sealed record FieldComparison(FieldKey Key, Outcome Expected, Observed? Actual, bool Agrees)
{
    /// <summary>Set when a known deviation explains the disagreement (the reference names the upstream issue).</summary>
    public string? KnownDeviation { get; init; }

    /// <summary>
    /// Set when Nix did what the documentation says although a known deviation predicted
    /// otherwise: the deviation is gone upstream and must be removed from the list. Counts as a failure.
    /// </summary>
    public string? DeviationDisappeared { get; init; }

    /// <summary>Set when Nix matched a deviation's actual outcome but the deviation is not listed in known-deviations.json.</summary>
    public string? UnlistedDeviation { get; init; }

    public bool Counts => (!Agrees && KnownDeviation is null) || DeviationDisappeared is not null;
}

/// <summary>The comparison of a whole case (three verdicts exist overall: agree, disagree, harness fault — faults are exceptions, never verdicts).</summary>
public sealed record CaseVerdict(string CaseId, IReadOnlyList<FieldComparison> Fields)
{
    public IReadOnlyDictionary<FieldKey, string> Unobserved { get; init; } = new Dictionary<FieldKey, string>();

    /// <summary>Fields not observed because of an infrastructure fault (timeouts); the case is not judged on them.</summary>
    public IReadOnlyDictionary<FieldKey, string> Faults { get; init; } = new Dictionary<FieldKey, string>();

    public IEnumerable<FieldComparison> Disagreements => Fields.Where(f => f.Counts);

    public IEnumerable<FieldComparison> Deviations => Fields.Where(f => !f.Agrees && f.KnownDeviation is not null);

    public IEnumerable<FieldComparison> DisappearedDeviations => Fields.Where(f => f.DeviationDisappeared is not null);

    public bool Conforms => !Disagreements.Any();
}
