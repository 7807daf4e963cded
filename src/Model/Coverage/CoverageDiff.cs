namespace Conformance.Model.Coverage;

/// <summary>
/// What changed in clan-core's declarations between two revisions: options added and removed, and
/// of the added ones those nothing generates (schema drift: a new option no campaign can set), and
/// eval tests added and removed.
/// </summary>
public sealed record CoverageDiff(
    IReadOnlyList<OptionCoverage> AddedOptions,
    IReadOnlyList<OptionCoverage> RemovedOptions,
    IReadOnlyList<string> AddedTests,
    IReadOnlyList<string> RemovedTests)
{
    /// <summary>Added options no generator sets.</summary>
    public IReadOnlyList<OptionCoverage> Drift => AddedOptions.Where(o => !o.Generated).ToList();

    public bool IsEmpty => AddedOptions.Count == 0 && RemovedOptions.Count == 0 && AddedTests.Count == 0 && RemovedTests.Count == 0;

    /// <summary>
    /// Options compare by path; an option whose type changed is not a change here (its path is
    /// still set, predicted and observed as before). Tests compare by suite and attribute path;
    /// each side's tests are the ones its flake lists (<see cref="EvalTestCoverage.Uncatalogued"/>
    /// included), so tests only the head has show up even when the catalogue does not know them.
    /// </summary>
    public static CoverageDiff Of(CoverageReport baseReport, CoverageReport headReport, IReadOnlyList<string> baseTests, IReadOnlyList<string> headTests)
    {
        var basePaths = baseReport.Options.Select(o => o.Option.Path).ToHashSet();
        var headPaths = headReport.Options.Select(o => o.Option.Path).ToHashSet();
        return new CoverageDiff(
            headReport.Options.Where(o => !basePaths.Contains(o.Option.Path)).ToList(),
            baseReport.Options.Where(o => !headPaths.Contains(o.Option.Path)).ToList(),
            headTests.Except(baseTests).Order(StringComparer.Ordinal).ToList(),
            baseTests.Except(headTests).Order(StringComparer.Ordinal).ToList());
    }
}
