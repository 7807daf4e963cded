using System.Globalization;
using System.Text.RegularExpressions;

namespace Conformance.NixDriver.Revisions;

/// <summary>
/// One commit as reports show it. Two infos are equal when their hashes are: a commit is its
/// hash, and the parent list would otherwise compare by reference.
/// </summary>
/// <param name="Hash">The full object name (40 hex digits, 64 in SHA-256 repositories).</param>
/// <param name="ShortHash">git's own abbreviation (<c>%h</c>): unique in this repository, 9 digits in clan-core's.</param>
/// <param name="Parents">Full hashes, first parent first; two or more for a merge.</param>
public sealed record RevisionInfo(
    string Hash,
    string ShortHash,
    DateTimeOffset AuthorDate,
    DateTimeOffset CommitDate,
    string Subject,
    IReadOnlyList<string> Parents)
{
    /// <summary>Subjects longer than this are cut in <see cref="Describe"/> (a report line stays readable).</summary>
    public const int DefaultSubjectWidth = 72;

    public bool IsMerge => Parents.Count >= 2;

    /// <summary>
    /// <c>d7c35d912 (2026-08-22) Merge pull request 'Update nixpkgs-dev in devFlake' (#7970)</c>:
    /// short hash, commit date (when the commit entered history, which is what orders a
    /// bisection), subject cut to <paramref name="subjectWidth"/>. Forgejo's merge subjects
    /// (<c>Merge pull request 'TITLE' (#N) from BRANCH into main</c>) lose the branch tail, and a long
    /// TITLE is cut inside the quotes so the pull-request number survives.
    /// </summary>
    public string Describe(int subjectWidth = DefaultSubjectWidth)
    {
        var subject = Subject;
        if (PullRequestMerge.Match(subject) is { Success: true } pr)
        {
            const string prefix = "Merge pull request '";
            var suffix = $"' (#{pr.Groups["number"].Value})";
            subject = prefix + Cut(pr.Groups["title"].Value, subjectWidth - prefix.Length - suffix.Length) + suffix;
        }
        else subject = Cut(subject, subjectWidth);
        return string.Create(CultureInfo.InvariantCulture, $"{ShortHash} ({CommitDate:yyyy-MM-dd}) {subject}");
    }

    private static string Cut(string text, int width) =>
        text.Length <= Math.Max(1, width) ? text : text[..Math.Max(0, width - 1)].TrimEnd() + "…";

    private static readonly Regex PullRequestMerge = new(@"^Merge pull request '(?<title>.*)' \(#(?<number>\d+)\)( from .+ into .+)?$", RegexOptions.CultureInvariant);

    public bool Equals(RevisionInfo? other) => other is not null && string.Equals(Hash, other.Hash, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Hash);

    public override string ToString() => Describe();
}
