using System.Collections.Concurrent;

namespace Conformance.Runner.Bisecting;

/// <summary>
/// Finds the first commit where a test's verdict turns from good to bad, the way
/// <c>git bisect --first-parent</c> and then the merged branch would: first the first-parent
/// history between good and bad; when the first bad commit there is a merge M, the branch M
/// merged (M^1 is known good), with M itself as the known-bad last candidate — so if every
/// branch commit up to the tip M^2 is good, M is the answer and the result says it is a merge
/// interaction. Pure: history comes from an <see cref="IRevisionGraph"/>, verdicts from the
/// caller's test. good and bad themselves are trusted, not tested, as git bisect trusts them.
/// </summary>
internal sealed class RevisionBisector(IRevisionGraph graph, BisectOptions? options = null)
{
    private readonly BisectOptions _options = options ?? new BisectOptions();

    public async Task<Bisection> RunAsync(string good, string bad, Func<string, Task<BisectVerdict>> test, CancellationToken cancellationToken = default)
    {
        // A revision is tested at most once even if two levels (or two parallel picks) ask for it.
        var verdicts = new ConcurrentDictionary<string, Task<BisectVerdict>>(StringComparer.Ordinal);
        Task<BisectVerdict> Once(string revision) => verdicts.GetOrAdd(revision, test);

        var candidates = await graph.FirstParentRangeAsync(good, bad, cancellationToken);
        if (candidates.Count == 0)
            throw new ArgumentException($"nothing to bisect: '{bad}' has no first-parent history after '{good}' (are they the same commit?)");
        var result = await BisectSearch.RunAsync(candidates, Once, _options.Parallelism, cancellationToken);
        var levels = new List<BisectLevel> { new(null, result) };

        for (var depth = 0; depth < _options.MergeDepth && result.FirstBad is { } first; depth++)
        {
            if ((await graph.ParentsAsync(first, cancellationToken)).Count < 2) break;
            IReadOnlyList<string> branch = [.. await graph.MergedBranchAsync(first, cancellationToken), first];
            result = await BisectSearch.RunAsync(branch, Once, _options.Parallelism, cancellationToken);
            levels.Add(new BisectLevel(first, result));
        }
        return new Bisection(good, bad, levels);
    }
}
