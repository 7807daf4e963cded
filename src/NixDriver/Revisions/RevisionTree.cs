namespace Conformance.NixDriver.Revisions;

/// <summary>
/// A revision's files on disk, written once by <see cref="RevisionTrees"/> and never changed after.
/// </summary>
/// <param name="Directory">The tree: <c>&lt;cacheRoot&gt;/trees/&lt;repository name&gt;/&lt;full hash&gt;</c>.</param>
/// <param name="SkippedPaths">
/// Files of the revision that are not in the tree because the repository lacks their blobs (a
/// partial mirror without files of 4 MiB and more), sorted. Empty for a complete repository.
/// </param>
/// <param name="Exported">True when this call wrote the tree, false when it was already there (or another exporter won the race).</param>
public sealed record RevisionTree(RevisionInfo Revision, string Directory, IReadOnlyList<string> SkippedPaths, bool Exported)
{
    public bool IsComplete => SkippedPaths.Count == 0;
}
