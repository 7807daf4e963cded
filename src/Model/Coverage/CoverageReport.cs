namespace Conformance.Model.Coverage;

/// <summary>One declared option and what covers it: the generators that set it, the model parts that predict it, the fields that observe it.</summary>
public sealed record OptionCoverage(DeclaredOption Option, IReadOnlyList<string> SetBy, IReadOnlyList<string> PredictedBy, IReadOnlyList<string> ObservedBy)
{
    public bool Generated => SetBy.Count > 0;
    public bool Predicted => PredictedBy.Count > 0;
    public bool Observed => ObservedBy.Count > 0;

    /// <summary>Generated, predicted and observed: a campaign can find a disagreement in it.</summary>
    public bool Covered => Generated && Predicted && Observed;
}

/// <summary>An option group (<see cref="DeclaredOption.Group"/>): covered when at least one of its options is.</summary>
public sealed record GroupCoverage(string Group, int Options, int CoveredOptions, int GeneratedOptions, int PredictedOptions, int ObservedOptions)
{
    public bool Covered => CoveredOptions > 0;
}

/// <summary>
/// clan-core's eval tests against the catalogue: <see cref="Listed"/> is what the revision's flake
/// lists (or the catalogue itself when the flake could not be read), <see cref="Expressed"/> those
/// of them a model spec re-expresses; <see cref="Uncatalogued"/> tests the revision has that the
/// catalogue does not know (new upstream), <see cref="Stale"/> catalogued tests the revision lacks.
/// </summary>
public sealed record EvalTestCoverage(int Listed, int Expressed, IReadOnlyList<string> Uncatalogued, IReadOnlyList<string> Stale, bool ListedByNix)
{
    /// <summary>Per suite: tests listed and expressed.</summary>
    public IReadOnlyList<(string Suite, int Listed, int Expressed)> Suites { get; init; } = [];
}

/// <summary>What <see cref="Coverage.Compute"/> finds: per option, per group, the eval tests, and patterns that matched nothing.</summary>
public sealed record CoverageReport(IReadOnlyList<OptionCoverage> Options, IReadOnlyList<GroupCoverage> Groups, EvalTestCoverage EvalTests)
{
    /// <summary>Patterns of setters, predictors and observers that match no declared option: a registry mistake, or an option upstream removed or hid.</summary>
    public IReadOnlyList<string> UnmatchedPatterns { get; init; } = [];

    public int CoveredOptions => Options.Count(o => o.Covered);

    public int CoveredGroups => Groups.Count(g => g.Covered);
}
