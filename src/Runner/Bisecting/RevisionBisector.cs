using System.Collections.Concurrent;

namespace Conformance.Runner.Bisecting;

/// <summary>
/// Finds the first commit where a test's verdict turns from good to bad, the way
/// <c>git bisect --first-parent</c> and then the merged branch would: first the first-parent
/// history between good and bad; when the first bad commit there is a merge M, the branch M
/// merged (M^1 is known good), with M itself as the known-bad last candidate — so if every
/// branch commit up to the tip M^2 is good, M is the answer and the result says it is a merge
/// interaction. When skipped commits leave the first-parent answer open, the branches of the
/// merges among them are searched on their own, if their fork point tests good and their tip bad
/// (a pull request whose main-line merge cannot be evaluated, e.g. because main was broken for
/// another reason at the time, can still be pinned down on its branch). Pure: history comes from
/// an <see cref="IRevisionGraph"/>, verdicts from the caller's test. good and bad themselves are trusted, not tested, as git bisect trusts them.
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
        if (!result.IsDetermined && _options.MergeDepth > 0)
            levels.AddRange(await DetoursAsync(result.PossibleFirstBad, Once, cancellationToken));
        return new Bisection(good, bad, levels);
    }

    /// <summary>Searches the branches merged by skipped merges, oldest first, until one gives an answer.</summary>
    private async Task<List<BisectLevel>> DetoursAsync(IReadOnlyList<string> open, Func<string, Task<BisectVerdict>> test, CancellationToken cancellationToken)
    {
        var detours = new List<BisectLevel>();
        foreach (var merge in open)
        {
            if ((await graph.ParentsAsync(merge, cancellationToken)).Count < 2) continue;
            var branch = await graph.MergedBranchAsync(merge, cancellationToken);
            if (branch.Count == 0 || await graph.ParentsAsync(branch[0], cancellationToken) is not [var fork, ..]) continue;
            var (forkVerdict, tipVerdict) = (await test(fork), await test(branch[^1]));
            IReadOnlyList<BisectStep> ends = [new(0, -1, fork, forkVerdict), new(0, branch.Count - 1, branch[^1], tipVerdict)];
            var result = forkVerdict.Outcome == BisectOutcome.Good && tipVerdict.Outcome == BisectOutcome.Bad
                ? await BisectSearch.RunAsync(branch, test, _options.Parallelism, cancellationToken)
                : new BisectResult(branch, [], null, []); // nothing decided: not even a one-commit branch's tip
            detours.Add(new BisectLevel(merge, result with { Steps = [.. ends, .. result.Steps] }) { IsDetour = true });
            if (detours[^1].Result.IsDetermined) break;
        }
        return detours;
    }
}
