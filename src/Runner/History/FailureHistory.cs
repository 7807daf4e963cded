using System.Globalization;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.History;

/// <summary>A saved failure's history as its meta.json records it: the first bad commit a bisection found.</summary>
internal static class FailureHistory
{
    /// <summary>The failure's introducing commit (its bisected first bad commit, with the pull request of the merge that brought it in), or null when it was not bisected.</summary>
    public static IntroducingCommit? IntroducingCommit(FailureMeta meta) => meta.FirstBadCommit is { } bad
        ? new IntroducingCommit(Record(bad), IntroductionMethod.Bisect,
            meta.BaseVersions?.ClanCoreRevision?.Hash ?? meta.Expectation)
        : null;

    public static CommitRecord Record(Model.Ledger.Commit commit) =>
        new(commit.Hash, commit.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), commit.PullRequest, commit.Subject);
}
