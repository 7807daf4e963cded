namespace Conformance.Runner.Bisecting;

/// <summary>How a <see cref="RevisionBisector"/> searches.</summary>
internal sealed record BisectOptions
{
    /// <summary>
    /// Revisions tested at once per round. 1 (default) is plain binary search, the fewest tests;
    /// 2 splits the interval in three and tests both points together, which takes fewer rounds
    /// (log3 instead of log2) for about 1.26 times the tests — worth it when two evaluations run
    /// side by side in the time of one (two Nix workers).
    /// </summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>
    /// How many merges deep to follow: 1 (default) searches the first-parent history and then, when
    /// the first bad commit there is a merge, the branch it merged — git bisect's --first-parent
    /// then the branch. clan-core's pull-request branches rarely contain merges themselves; raise
    /// it to follow those too. 0 stops at the first-parent history.
    /// </summary>
    public int MergeDepth { get; init; } = 1;
}
