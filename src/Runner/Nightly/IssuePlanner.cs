using System.Text;
using System.Text.RegularExpressions;

namespace Conformance.Runner.Nightly;

/// <summary>An issue of this repository as the nightly finds it (GitHub's REST shape: number, title, body, state).</summary>
internal sealed record TrackedIssue(int Number, string Title, string Body, bool Open)
{
    /// <summary>The cause key of the hidden marker the nightly wrote into the body; null for an issue the nightly did not open.</summary>
    public string? Key => IssuePlanner.Marker(Body, IssuePlanner.CauseMarker);

    /// <summary>The night that last opened, commented on or reopened this issue (a re-run of that night does nothing).</summary>
    public string? LastNight => IssuePlanner.Marker(Body, IssuePlanner.NightMarker);
}

/// <summary>What to do with one issue: <c>open</c> (Title, Body), <c>comment</c> (Number, Comment, then Body replaces the body), <c>reopen</c> and <c>close</c> (Number, Comment, Body).</summary>
internal sealed record IssueAction(string Kind, int? Number, string Title, string Key)
{
    public string? Body { get; init; }
    public string? Comment { get; init; }

    /// <summary>One line for a person (what dry-run prints).</summary>
    public override string ToString() => $"{Kind}{(Number is { } n ? $" #{n}" : "")}: {Title} [{Key}]";
}

/// <summary>
/// Which issues one night opens, comments on, reopens and closes — pure: the issues the nightly
/// opened before (found by the hidden cause marker in their body) and tonight's causes in, actions
/// out. One issue per cause key, ever: a cause that shows again is commented on (or its closed
/// issue reopened), never opened twice; a re-run of the same night (same revision and seed, recorded
/// in a second marker) does nothing. Only new causes (not listed in known-failures.txt) open issues;
/// a known cause keeps the issue it has. An issue closes when a complete night no longer shows its
/// cause — a night whose campaign did not finish proves no absence, so it closes nothing.
/// </summary>
internal static class IssuePlanner
{
    public const string Label = "clan-conformance";
    public const string CauseMarker = "clan-conformance-cause";
    public const string NightMarker = "clan-conformance-night";
    /// <summary>GitHub refuses titles over 256 characters and bodies over 65536; the report is cut well before.</summary>
    private const int TitleLimit = 200, ReportLimit = 50_000;

    /// <param name="reports">Each cause's report text by cause key, when the night saved one (its upstream.md, else its report.md).</param>
    /// <param name="runUrl">The workflow run, linked from every body and comment (null outside Actions).</param>
    public static IReadOnlyList<IssueAction> Plan(IReadOnlyList<TrackedIssue> issues, NightlyReport night,
        IReadOnlyDictionary<string, string> reports, string? runUrl)
    {
        var id = NightId(night);
        // One issue per key: an open one first, then the newest; duplicates a person made are left alone.
        var byKey = issues.Where(i => i.Key is not null).GroupBy(i => i.Key!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.Open).ThenByDescending(i => i.Number).First(), StringComparer.Ordinal);
        var actions = new List<IssueAction>();
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var handled = new HashSet<int>();
        foreach (var cause in night.Causes)
        {
            // A cause's key or one merged into it may be the key an issue was opened under on another night.
            var keys = cause.Members.Prepend(cause.Key).ToList();
            shown.UnionWith(keys);
            var issue = keys.Select(k => byKey.GetValueOrDefault(k)).FirstOrDefault(i => i is not null);
            if (issue is null)
            {
                if (cause.Known) continue;
                actions.Add(new IssueAction("open", null, Title(cause), cause.Key)
                {
                    Body = Body(cause, night, id, reports.GetValueOrDefault(cause.Key), runUrl),
                });
            }
            // Filed already by this night (a re-run), or by another of tonight's causes that shares a key with it.
            else if (issue.LastNight == id || !handled.Add(issue.Number)) continue;
            else if (issue.Open)
                actions.Add(new IssueAction("comment", issue.Number, issue.Title, issue.Key!)
                {
                    Comment = $"Seen again: {Seen(cause, night)}{Link(runUrl)}", Body = WithNight(issue.Body, id),
                });
            else if (!cause.Known)
                actions.Add(new IssueAction("reopen", issue.Number, issue.Title, issue.Key!)
                {
                    Comment = $"Shows again: {Seen(cause, night)}{Link(runUrl)}", Body = WithNight(issue.Body, id),
                });
        }
        if (!night.Complete) return actions;
        foreach (var issue in byKey.Values.Where(i => i.Open && !shown.Contains(i.Key!)).OrderBy(i => i.Number))
            actions.Add(new IssueAction("close", issue.Number, issue.Title, issue.Key!)
            {
                Comment = $"Not seen on clan-core {Revision(night)}, seed {night.Seed}, {night.Cases} case(s): closing. " +
                          $"The nightly reopens this issue if the cause shows again.{Link(runUrl)}",
                Body = WithNight(issue.Body, id),
            });
        return actions;
    }

    /// <summary>The issues after <paramref name="actions"/>, as GitHub would hold them: what a dry run hands to the next night.</summary>
    public static IReadOnlyList<TrackedIssue> Apply(IReadOnlyList<TrackedIssue> issues, IReadOnlyList<IssueAction> actions)
    {
        var result = issues.ToList();
        foreach (var a in actions)
        {
            if (a.Kind == "open")
            {
                result.Add(new TrackedIssue(result.Select(i => i.Number).DefaultIfEmpty(0).Max() + 1, a.Title, a.Body!, Open: true));
                continue;
            }
            var index = result.FindIndex(i => i.Number == a.Number);
            result[index] = result[index] with { Body = a.Body ?? result[index].Body, Open = a.Kind != "close" && (a.Kind == "reopen" || result[index].Open) };
        }
        return result;
    }

    /// <summary>What makes two runs the same night: the revision and the seed (a re-run of a workflow keeps both).</summary>
    public static string NightId(NightlyReport night) => $"{night.Revision.Hash}/seed{night.Seed}";

    public static string? Marker(string body, string name) =>
        Regex.Match(body, $@"<!-- {Regex.Escape(name)}: (.+?) -->") is { Success: true } m ? m.Groups[1].Value : null;

    private static string MarkerLine(string name, string value) => $"<!-- {name}: {value} -->";

    private static string WithNight(string body, string id) => Marker(body, NightMarker) is null
        ? body + "\n" + MarkerLine(NightMarker, id)
        : Regex.Replace(body, $@"<!-- {Regex.Escape(NightMarker)}: .+? -->", MarkerLine(NightMarker, id).Replace("$", "$$"));

    private static string Title(NightlyCause cause)
    {
        var title = $"nightly: {cause.Title}";
        return title.Length <= TitleLimit ? title : title[..(TitleLimit - 1)] + "…";
    }

    private static string Body(NightlyCause cause, NightlyReport night, string id, string? report, string? runUrl)
    {
        var md = new StringBuilder();
        md.AppendLine(MarkerLine(CauseMarker, cause.Key)).AppendLine(MarkerLine(NightMarker, id)).AppendLine();
        md.AppendLine($"The nightly found a new cause: **{cause.Title}**").AppendLine();
        md.AppendLine($"- cause key: `{cause.Key}` (list it in known-failures.txt once understood; see docs/nightly.md)");
        md.AppendLine($"- seen: {Seen(cause, night)}");
        md.AppendLine(cause.FirstBadCommit is { } bad
            ? $"- first bad commit: `{bad.Hash}` ({bad.Date:yyyy-MM-dd}) {bad.Subject}{(bad.PullRequest is { } pr ? $" — clan-core #{pr}" : "")}"
            : $"- first bad commit: none found — {cause.Bisection ?? "not bisected"}");
        if (night.GoodEnd is { } good) md.AppendLine($"- bisected from the last passing revision `{good.Hash}` ({good.Date:yyyy-MM-dd})");
        if (runUrl is not null) md.AppendLine($"- run: {runUrl} (the artifact holds the failure directory)");
        md.AppendLine();
        md.AppendLine($"Reproduce: `scripts/nightly --clan-core-repo CLAN_CORE_REPO --rev {night.Revision.Hash} --cases {night.Cases} --seed {night.Seed}`").AppendLine();
        if (report is not null)
        {
            md.AppendLine("<details><summary>Report</summary>").AppendLine();
            md.AppendLine(report.Length <= ReportLimit ? report : report[..ReportLimit] + "\n\n… (cut; the full report is in the run's artifact)");
            md.AppendLine().AppendLine("</details>");
        }
        return md.ToString();
    }

    private static string Seen(NightlyCause cause, NightlyReport night) =>
        $"{cause.Cases} of {night.Cases} case(s) on clan-core {Revision(night)}, seed {night.Seed}";

    private static string Revision(NightlyReport night) => $"`{night.Revision.ShortHash}` ({night.Revision.Date:yyyy-MM-dd})";

    private static string Link(string? runUrl) => runUrl is null ? "" : $" ({runUrl})";
}
