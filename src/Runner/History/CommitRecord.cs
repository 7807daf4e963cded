using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conformance.NixDriver.Revisions;

namespace Conformance.Runner.History;

/// <summary>
/// A clan-core commit as finding files and reports name it: full hash, commit date, the pull
/// request on clan-core's forge (git.clan.lol) that merged it (null: committed on the main line
/// without one), subject.
/// </summary>
internal sealed partial record CommitRecord(string Commit, string Date, int? Pr, string Subject)
{
    /// <summary>Where clan-core's pull requests live; its numbers are the forge's, not GitHub's.</summary>
    public const string PullRequests = "https://git.clan.lol/clan/clan-core/pulls/";

    public string ShortHash => Commit[..Math.Min(9, Commit.Length)];

    /// <summary>The pull request as a Markdown link on clan-core's forge, or null.</summary>
    public string? PullRequestLink => Pr is { } n ? $"[#{n}]({PullRequests}{n})" : null;

    /// <summary><c>`1cbba0505` (2024-12-16, [#2615](…)): build-clan: fix bug …</c></summary>
    public string Describe() => $"`{ShortHash}` ({Date}{(PullRequestLink is { } link ? ", " + link : "")}): {Subject}";

    /// <summary>One line for a console: <c>1cbba0505 (2024-12-16, #2615) build-clan: fix bug …</c>.</summary>
    public string DescribePlain() => $"{ShortHash} ({Date}{(Pr is { } n ? $", #{n}" : "")}) {Subject}";

    /// <summary>A commit and the main-line commit that brought it in (its PR from the merge's subject, else its own).</summary>
    public static CommitRecord Of(RevisionInfo commit, RevisionInfo? mergedBy) =>
        new(commit.Hash, commit.CommitDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PullRequestOf(mergedBy?.Subject) ?? PullRequestOf(commit.Subject), commit.Subject);

    /// <summary>The pull-request number in a forge merge subject (<c>… (#7295) from … into main</c>), or null.</summary>
    public static int? PullRequestOf(string? subject) =>
        subject is not null && PullRequestPattern().Match(subject) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    public JsonObject ToJson() => new() { ["commit"] = Commit, ["date"] = Date, ["pr"] = Pr, ["subject"] = Subject };

    /// <summary>Parses <c>{ commit, date, pr, subject }</c>; <paramref name="bad"/> builds the error naming the field and the fix.</summary>
    public static CommitRecord Parse(JsonNode? node, string where, Func<string, Exception> bad)
    {
        if (node is not JsonObject o) throw bad($"{where} must be an object {{ commit, date, pr, subject }}.");
        string Text(string key)
        {
            try { return o[key]?.GetValue<string>() is { Length: > 0 } s ? s : throw bad($"{where}.{key} is missing; write it (clan-conformance history prints it)."); }
            catch (Exception e) when (e is InvalidOperationException or FormatException) { throw bad($"{where}.{key} must be a string."); }
        }
        var commit = Text("commit");
        if (!FullHash().IsMatch(commit)) throw bad($"{where}.commit must be a full commit hash (40 hex digits), got \"{commit}\"; git rev-parse gives it.");
        var date = Text("date");
        if (!DateTime.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw bad($"{where}.date must be the commit date as YYYY-MM-DD, got \"{date}\".");
        int? pr = null;
        if (o["pr"] is JsonValue v)
        {
            if (!v.TryGetValue<int>(out var n) || n <= 0) throw bad($"{where}.pr must be the pull request's number on git.clan.lol (or null), got {v.ToJsonString()}.");
            pr = n;
        }
        return new CommitRecord(commit, date, pr, Text("subject"));
    }

    [GeneratedRegex(@"\(#(\d+)\)")]
    private static partial Regex PullRequestPattern();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex FullHash();
}
