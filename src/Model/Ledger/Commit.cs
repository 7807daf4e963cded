using System.Text.RegularExpressions;

namespace Conformance.Model.Ledger;

/// <summary>
/// A commit as reports name it: full hash, date, subject, and — when it came in through a merge on
/// the first-parent line — that merge and its pull-request number (<c>Merge pull request '…' (#7276)</c>).
/// </summary>
public sealed partial record Commit(string Hash, DateTimeOffset Date, string Subject)
{
    /// <summary>The first-parent merge that brought the commit in (itself when it is that merge; null when unknown).</summary>
    public Commit? Merge { get; init; }

    /// <summary>The pull request, from this commit's subject or its merge's.</summary>
    public int? PullRequest => PullRequestOf(Subject) ?? (Merge is { } m ? PullRequestOf(m.Subject) : null);

    public string ShortHash => Hash.Length > 9 ? Hash[..9] : Hash;

    public override string ToString() => $"{Hash} ({Date:yyyy-MM-dd}) {Subject}";

    /// <summary>A hash, date, subject and pull request in one line: <c>4dbb32b24 (2026-04-21) x86_64-darwin: drop … — #7276</c>.</summary>
    public string Describe() => $"{ShortHash} ({Date:yyyy-MM-dd}) {Subject}" + (PullRequest is { } pr ? $" — #{pr}" : "") +
                                (Merge is { } merge && merge.Hash != Hash ? $" (merged by {merge.ShortHash})" : "");

    private static int? PullRequestOf(string subject) => PullRequestPattern().Match(subject) is { Success: true } m ? int.Parse(m.Groups[1].Value) : null;

    [GeneratedRegex(@"\(#(\d+)\)")]
    private static partial Regex PullRequestPattern();
}
