namespace Conformance.Runner.Bisecting;

/// <summary>
/// The outcome of a <see cref="BisectSearch"/> over <see cref="Candidates"/> (oldest first, the last
/// known bad, a known-good revision implied before the first).
/// </summary>
/// <param name="PossibleFirstBad">
/// The candidates that could be the first bad one, oldest first: exactly one when the search
/// decided, otherwise the skipped revisions between the last good and the first bad one followed
/// by that bad one (git's "There are only 'skip'ped commits left to test. The first bad commit
/// could be any of: …").
/// </param>
/// <param name="LastGood">The candidate just before the possible first bad ones when it tested good; null when that is the implied known-good revision.</param>
/// <param name="Steps">Every test, in the order the results were applied.</param>
internal sealed record BisectResult(
    IReadOnlyList<string> Candidates,
    IReadOnlyList<string> PossibleFirstBad,
    string? LastGood,
    IReadOnlyList<BisectStep> Steps)
{
    public bool IsDetermined => PossibleFirstBad.Count == 1;

    /// <summary>The first bad candidate, or null when skipped revisions leave it open.</summary>
    public string? FirstBad => IsDetermined ? PossibleFirstBad[0] : null;

    public int Rounds => Steps.Count == 0 ? 0 : Steps[^1].Round;
}
