using System.Collections.Concurrent;
using Conformance.NixDriver.Revisions;

namespace Conformance.Runner.Bisecting;

/// <summary>
/// <see cref="IRevisionGraph"/> over a <see cref="GitRepository"/>: full hashes in, full hashes out.
/// Every commit it lists is remembered in <see cref="Known"/>, so a report can describe the
/// revisions of a bisection without asking git again.
/// </summary>
internal sealed class GitRevisionGraph(GitRepository repository) : IRevisionGraph
{
    private readonly ConcurrentDictionary<string, RevisionInfo> _known = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, RevisionInfo> Known => _known;

    /// <summary>A report label: <see cref="RevisionInfo.Describe"/> when the commit was listed, else the hash.</summary>
    public string Describe(string hash) => _known.TryGetValue(hash, out var info) ? info.Describe() : hash;

    public async Task<IReadOnlyList<string>> FirstParentRangeAsync(string good, string bad, CancellationToken cancellationToken) =>
        Remember(await repository.FirstParentRangeAsync(good, bad, cancellationToken));

    public async Task<IReadOnlyList<string>> MergedBranchAsync(string merge, CancellationToken cancellationToken) =>
        Remember(await repository.MergedBranchAsync(merge, cancellationToken));

    public async Task<IReadOnlyList<string>> ParentsAsync(string revision, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(revision, out var info)) return info.Parents;
        info = await repository.ResolveAsync(revision, cancellationToken);
        _known[info.Hash] = info;
        return info.Parents;
    }

    private IReadOnlyList<string> Remember(IReadOnlyList<RevisionInfo> revisions)
    {
        foreach (var r in revisions) _known[r.Hash] = r;
        return revisions.Select(r => r.Hash).ToList();
    }
}
