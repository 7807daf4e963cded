namespace Conformance.Runner.Bisecting;

/// <summary>
/// The history a <see cref="RevisionBisector"/> walks, as full commit hashes. Implemented over git
/// by <see cref="GitRevisionGraph"/>; tests use an in-memory graph.
/// </summary>
internal interface IRevisionGraph
{
    /// <summary>Commits on <paramref name="bad"/>'s first-parent chain after <paramref name="good"/>, oldest first, ending with bad.</summary>
    Task<IReadOnlyList<string>> FirstParentRangeAsync(string good, string bad, CancellationToken cancellationToken);

    /// <summary>For a merge M: the commits M^2 brought in that M^1 lacked, oldest first along M^2's first-parent chain, ending with M^2.</summary>
    Task<IReadOnlyList<string>> MergedBranchAsync(string merge, CancellationToken cancellationToken);

    /// <summary>Parents of <paramref name="revision"/>, first parent first; two or more for a merge.</summary>
    Task<IReadOnlyList<string>> ParentsAsync(string revision, CancellationToken cancellationToken);
}
