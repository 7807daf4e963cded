namespace Conformance.Runner.Bisecting;

/// <summary>
/// The answer of a <see cref="RevisionBisector"/>: the searches it made, outermost first; the last
/// one holds the answer.
/// </summary>
internal sealed record Bisection(string Good, string Bad, IReadOnlyList<BisectLevel> Levels)
{
    /// <summary>The level holding the answer: the last one, unless it is a branch detour that found none (then the first-parent search's open answer stands).</summary>
    public BisectLevel Final => Levels.LastOrDefault(l => !l.IsDetour || l.Result.IsDetermined) ?? Levels[0];

    /// <summary>The first bad commit, or null when skipped revisions leave it open (see <see cref="PossibleFirstBad"/>).</summary>
    public string? FirstBad => Final.Result.FirstBad;

    public IReadOnlyList<string> PossibleFirstBad => Final.Result.PossibleFirstBad;

    /// <summary>
    /// The first bad commit is a merge whose branch tip tested good: neither side alone changed
    /// the observations, combining them did (a merge interaction, or the merge's own conflict
    /// resolution).
    /// </summary>
    public bool IsMergeInteraction => Final.Merge is { } merge && FirstBad == merge;

    public IEnumerable<BisectStep> Steps => Levels.SelectMany(l => l.Result.Steps);

    /// <summary>Tests actually run (a revision tested at two levels is counted once per level).</summary>
    public int TestCount => Levels.Sum(l => l.Result.Steps.Count);

    /// <summary>Report lines: the conclusion, then every step. <paramref name="describe"/> turns a hash into a label (e.g. RevisionInfo.Describe).</summary>
    public IReadOnlyList<string> Explain(Func<string, string> describe)
    {
        var lines = new List<string>();
        if (FirstBad is { } first)
        {
            if (IsMergeInteraction)
                lines.Add($"first bad commit: {describe(first)} — a merge whose merged branch tested good up to its tip, so the change comes from combining it with the first parent (a merge interaction)");
            else if (Final is { IsDetour: true, Merge: { } skippedMerge })
                lines.Add($"first bad commit: {describe(first)}, on the branch merged by {describe(skippedMerge)}, which itself could not be tested; the branch forked from a revision that tested good");
            else if (Final.Merge is { } merge)
                lines.Add($"first bad commit: {describe(first)}, on the branch merged by {describe(merge)}");
            else
                lines.Add($"first bad commit: {describe(first)}");
        }
        else
        {
            lines.Add("only skipped commits are left to test; the first bad commit could be any of:");
            lines.AddRange(PossibleFirstBad.Select(r => "  " + describe(r)));
        }
        foreach (var level in Levels)
        {
            lines.Add(level.Merge is null ? "first-parent history:"
                : level.IsDetour ? $"branch merged by {describe(level.Merge)} (skipped; its fork point and tip tested first, as round 0):"
                : $"branch merged by {describe(level.Merge)}:");
            lines.AddRange(level.Result.Steps.Select(s => $"  round {s.Round}: {describe(s.Revision)}: {s.Verdict}"));
        }
        return lines;
    }
}
