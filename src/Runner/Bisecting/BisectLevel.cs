namespace Conformance.Runner.Bisecting;

/// <summary>
/// One search of a <see cref="Bisection"/>: over the first-parent history (<see cref="Merge"/>
/// null), or over the branch that merge <see cref="Merge"/> brought in, with the merge itself as
/// the known-bad last candidate.
/// </summary>
internal sealed record BisectLevel(string? Merge, BisectResult Result)
{
    public bool IsFirstParent => Merge is null;

    /// <summary>
    /// A search into the branch of a merge that was itself skipped (the first-parent history left
    /// the answer open): the branch's fork point tested good and its tip bad, which is what the
    /// search's implied good and known bad ends stand for here.
    /// </summary>
    public bool IsDetour { get; init; }
}
