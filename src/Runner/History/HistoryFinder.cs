using Conformance.NixDriver.Revisions;

namespace Conformance.Runner.History;

/// <summary>What clan-core's history says about a behaviour: the commit that introduced it, the later reverts, and how that was established.</summary>
/// <param name="Introduced">The introducing commit as found now (its pull request from the merge that brought it in); null when the recorded query no longer finds it.</param>
/// <param name="Lines">How it was found, one line per git query, for a reader to repeat.</param>
internal sealed record Provenance(IntroducingCommit? Introduced, IReadOnlyList<(CommitRecord Revert, string Reverted)> Reverts, IReadOnlyList<string> Lines);

/// <summary>
/// Finds a behaviour's introducing commit again from how it was recorded (<see cref="IntroducingCommit"/>),
/// with git alone: <c>log -S</c> (the oldest commit that added the string), <c>log -L</c> (the
/// recorded commit must be in the line history of the behaviour's lines), or a bisection's answer as
/// recorded. Then the merge that brought it in (its pull request on clan-core's forge) and the later
/// reverts: commits after it whose message says <c>This reverts commit …</c> and that change the
/// searched string (log -S), touch the file (log -L) or revert the commit itself or its merge.
/// </summary>
internal sealed class HistoryFinder(RevisionHistory history)
{
    public async Task<Provenance> TraceAsync(IntroducingCommit recorded, string tip, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var tipInfo = await history.Repository.ResolveAsync(tip, cancellationToken);
        RevisionInfo? found;
        switch (recorded.How)
        {
            case IntroductionMethod.LogS:
            {
                var hits = await history.PickaxeAsync(recorded.Query, tipInfo.Hash, recorded.Path, cancellationToken);
                found = hits.FirstOrDefault();
                lines.Add($"git log -S '{recorded.Query}' --reverse {tipInfo.ShortHash}{(recorded.Path is null ? "" : " -- " + recorded.Path)}: " +
                          (found is null ? "no commit adds it (is the string at the pin?)" : $"{hits.Count} commit(s) change it; the first added it: {found.Describe()}"));
                break;
            }
            case IntroductionMethod.LogL:
            {
                var (file, start, end) = recorded.LineRange;
                var log = await history.LineLogAsync(file, start, end, tipInfo.Hash, cancellationToken);
                found = log.FirstOrDefault(r => r.Hash == recorded.Commit.Commit);
                lines.Add($"git log -L {start},{end}:{file} {tipInfo.ShortHash}: {string.Join(", ", log.Select(r => r.ShortHash))}" +
                          (found is null ? $"; the recorded {recorded.Commit.ShortHash} is not among them" : $"; the recorded {found.ShortHash} is among them"));
                break;
            }
            default:
                found = await history.Repository.ResolveAsync(recorded.Commit.Commit, cancellationToken);
                lines.Add($"first bad commit of a bisection from {recorded.Query} (as recorded; clan-conformance bisect repeats it)");
                break;
        }
        if (found is null) return new Provenance(null, [], lines);

        var merge = await history.MergeOfAsync(found.Hash, tipInfo.Hash, cancellationToken);
        var introduced = recorded with { Commit = CommitRecord.Of(found, merge?.Hash == found.Hash ? null : merge) };
        lines.Add(merge is null || merge.Hash == found.Hash
            ? $"{found.ShortHash} was committed on the main line"
            : $"{found.ShortHash} came in with {merge.Describe()}");

        var reverts = new List<(CommitRecord, string)>();
        foreach (var (revert, reverted) in await history.RevertsAsync(found.Hash, tipInfo.Hash, recorded.How == IntroductionMethod.LogS ? recorded.Query : null, cancellationToken))
        {
            var relevant = recorded.How switch
            {
                IntroductionMethod.LogS => true,
                IntroductionMethod.LogL => reverted.StartsWith(found.Hash[..7], StringComparison.Ordinal) || found.Hash.StartsWith(reverted, StringComparison.Ordinal)
                                           || await history.TouchesAsync(revert.Hash, recorded.LineRange.File, cancellationToken),
                _ => found.Hash.StartsWith(reverted, StringComparison.Ordinal) || merge is not null && merge.Hash.StartsWith(reverted, StringComparison.Ordinal),
            };
            if (!relevant) continue;
            var revertMerge = await history.MergeOfAsync(revert.Hash, tipInfo.Hash, cancellationToken);
            reverts.Add((CommitRecord.Of(revert, revertMerge?.Hash == revert.Hash ? null : revertMerge), reverted));
        }
        lines.Add(reverts.Count == 0 ? "no later revert" : $"{reverts.Count} later revert(s)");
        return new Provenance(introduced, reverts, lines);
    }

    /// <summary>Where the recorded data and what was found now differ (empty: as recorded).</summary>
    public static IReadOnlyList<string> Differences(IntroducingCommit recorded, IReadOnlyList<CommitRecord> recordedReverts, Provenance found)
    {
        if (found.Introduced is not { } now) return [$"the recorded {IntroducingCommit.Name(recorded.How)} query no longer finds {recorded.Commit.ShortHash}"];
        var differences = new List<string>();
        if (now.Commit != recorded.Commit)
            differences.Add($"introducedBy: recorded {recorded.Commit.Commit} ({recorded.Commit.Date}, #{recorded.Commit.Pr?.ToString() ?? "none"}) {recorded.Commit.Subject}, " +
                            $"found {now.Commit.Commit} ({now.Commit.Date}, #{now.Commit.Pr?.ToString() ?? "none"}) {now.Commit.Subject}");
        // The search proposes candidates (a revert that changes the searched string may revert something
        // unrelated that happened to touch it); the file records the ones that are about this behaviour,
        // and each of those must still be found as recorded.
        var foundReverts = found.Reverts.Select(r => r.Revert).ToList();
        foreach (var revert in recordedReverts.Where(r => !foundReverts.Contains(r)))
            differences.Add($"reverts: the recorded {revert.DescribePlain()} is not among the reverts found");
        return differences;
    }
}

/// <summary>Opens a clone for a <see cref="HistoryFinder"/>, with the CLI's error for a directory that is none.</summary>
internal static class HistoryFinderFor
{
    public static async Task<GitRepository> OpenAsync(string clone, CancellationToken cancellationToken)
    {
        try
        {
            return await GitRepository.OpenAsync(clone, cancellationToken);
        }
        catch (RevisionException e)
        {
            throw new Cli.UsageException("--clan-core-repo: " + e.Message);
        }
    }
}
