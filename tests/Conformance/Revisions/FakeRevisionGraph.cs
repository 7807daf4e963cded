using Conformance.Runner.Bisecting;

namespace Conformance.Tests.Revisions;

/// <summary>
/// An in-memory history for <see cref="RevisionBisector"/>: commits with parent lists, answering
/// the three questions the way git would (first-parent walks, M^1..M^2 along M^2's first parents).
/// </summary>
public sealed class FakeRevisionGraph : IRevisionGraph
{
    private readonly Dictionary<string, string[]> _parents = new(StringComparer.Ordinal);

    public FakeRevisionGraph Commit(string name, params string[] parents)
    {
        _parents.Add(name, parents);
        return this;
    }

    /// <summary>A chain: each commit's first parent is the one before it, starting from <paramref name="parent"/>.</summary>
    public FakeRevisionGraph Chain(string? parent, params string[] names)
    {
        foreach (var name in names)
        {
            Commit(name, parent is null ? [] : [parent]);
            parent = name;
        }
        return this;
    }

    public Task<IReadOnlyList<string>> FirstParentRangeAsync(string good, string bad, CancellationToken cancellationToken)
    {
        var excluded = Ancestors(good);
        return Task.FromResult<IReadOnlyList<string>>(FirstParents(bad).TakeWhile(c => !excluded.Contains(c)).Reverse().ToList());
    }

    public Task<IReadOnlyList<string>> MergedBranchAsync(string merge, CancellationToken cancellationToken)
    {
        var parents = _parents[merge];
        if (parents.Length < 2) throw new InvalidOperationException($"{merge} is not a merge");
        var excluded = Ancestors(parents[0]);
        return Task.FromResult<IReadOnlyList<string>>(FirstParents(parents[1]).TakeWhile(c => !excluded.Contains(c)).Reverse().ToList());
    }

    public Task<IReadOnlyList<string>> ParentsAsync(string revision, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_parents[revision]);

    /// <summary>Every commit reachable from <paramref name="commit"/>, itself included.</summary>
    public HashSet<string> Ancestors(string commit)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>([commit]);
        while (todo.TryPop(out var c))
            if (seen.Add(c)) foreach (var p in _parents[c]) todo.Push(p);
        return seen;
    }

    private IEnumerable<string> FirstParents(string commit)
    {
        for (string? c = commit; c is not null; c = _parents[c].FirstOrDefault()) yield return c;
    }
}
