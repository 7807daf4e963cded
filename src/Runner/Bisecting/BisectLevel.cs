namespace Conformance.Runner.Bisecting;

/// <summary>
/// One search of a <see cref="Bisection"/>: over the first-parent history (<see cref="Merge"/>
/// null), or over the branch that merge <see cref="Merge"/> brought in, with the merge itself as
/// the known-bad last candidate.
/// </summary>
internal sealed record BisectLevel(string? Merge, BisectResult Result)
{
    public bool IsFirstParent => Merge is null;
}
