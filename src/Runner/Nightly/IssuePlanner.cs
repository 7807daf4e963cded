using System.Text.RegularExpressions;
using Conformance.Runner.Reports;

namespace Conformance.Runner.Nightly;

/// <summary>An issue of this repository as the nightly finds it (GitHub's REST shape: number, title, body, state).</summary>
internal sealed record TrackedIssue(int Number, string Title, string Body, bool Open)
{
    /// <summary>The cause key of the hidden marker the nightly wrote into the body; null for an issue the nightly did not open.</summary>
    public string? Key => IssuePlanner.Marker(Body, IssuePlanner.CauseMarker);

    /// <summary>
    /// Every cause key the issue stood for on some night: its own and the keys merged into its cause
    /// (a marker the nightly keeps as the union). Which key leads a cause depends on the night's merges,
    /// so a key that was a member one night may lead its own cause the next: it is the same issue.
    /// </summary>
    public IReadOnlyList<string> Keys => IssuePlanner.KeysOf(Body, Key);

    /// <summary>The night that last touched this issue (a re-run of that night does nothing).</summary>
    public string? LastNight => IssuePlanner.Marker(Body, IssuePlanner.NightMarker);

    /// <summary>The first bad commit the body names (a full hash), or null.</summary>
    public string? FirstBad => IssuePlanner.Marker(Body, IssuePlanner.FirstBadMarker) is { } v && v != "none" ? v : null;

    /// <summary>The cause's title as the body last recorded it (what Nix printed, in words).</summary>
    public string? Message => IssuePlanner.Marker(Body, IssuePlanner.MessageMarker);

    /// <summary>The shrunk case the body carries (case.json), replayed every night; null when it has none.</summary>
    public string? Case => IssuePlanner.CaseOf(Body);
}

/// <summary>What <c>open</c> (Title, Body), <c>comment</c> (Number, Comment, Body), <c>reopen</c>/<c>close</c> (Number, Comment, Body) or <c>update</c> (Number, Body: no comment) does.</summary>
internal sealed record IssueAction(string Kind, int? Number, string Title, string Key)
{
    public string? Body { get; init; }
    public string? Comment { get; init; }

    /// <summary>One line for a person (what dry-run prints).</summary>
    public override string ToString() => $"{Kind}{(Number is { } n ? $" #{n}" : "")}: {Title} [{Key}]";
}

/// <summary>
/// An issue's shrunk case replayed on tonight's revision (<c>replay --verdicts</c>): the cause keys it
/// shows there, or <see cref="Replayed"/> false when it could not be judged (an infrastructure fault,
/// a timeout): then nothing is decided from it.
/// </summary>
internal sealed record IssueReplay(int Number, bool Replayed, IReadOnlyList<string> Keys);

/// <summary>
/// Which issues one night opens, comments on, updates, reopens and closes — pure. One issue per
/// cause key, ever (found by the hidden cause marker; a cause merged under another lead keeps its
/// issue). An issue follows its <b>case</b>, not the dice: it closes only when its own shrunk case,
/// replayed on tonight's revision, no longer shows its cause (deterministic; that tonight's random
/// cases did not show the cause decides nothing), and reopens when the cause fails again — in
/// tonight's campaign or in the replay. Comments only on a change: a new first bad commit, a changed
/// message, a fix seen, a reopening; otherwise the body's "last seen" is updated without a comment.
/// Only new causes (not in known-failures.txt) open issues. A re-run of the same night (revision and
/// seed, recorded in a marker) does nothing.
/// </summary>
internal static class IssuePlanner
{
    public const string Label = "clan-conformance";
    public const string CauseMarker = "clan-conformance-cause";
    public const string NightMarker = "clan-conformance-night";
    public const string FirstBadMarker = "clan-conformance-first-bad";
    public const string MessageMarker = "clan-conformance-message";
    public const string FirstSeenMarker = "clan-conformance-first-seen";
    public const string LastSeenMarker = "clan-conformance-last-seen";
    public const string CaseMarker = "clan-conformance-case";
    public const string KeysMarker = "clan-conformance-keys";

    /// <summary>GitHub refuses titles over 256 characters and bodies over 65536: the report and the case are cut well before.</summary>
    private const int TitleLimit = 200, ReportLimit = 40_000, CaseLimit = 20_000;

    /// <param name="reports">Each cause's report text by cause key, when the night saved one (its upstream.md, else its report.md).</param>
    /// <param name="cases">Each cause's shrunk case (case.json text) by cause key: stored in the issue, replayed every night.</param>
    /// <param name="replays">Tonight's replays of the issues' cases (by issue number); an issue without one is not judged by replay.</param>
    /// <param name="runUrl">The workflow run, linked from every body and comment (null outside Actions).</param>
    public static IReadOnlyList<IssueAction> Plan(IReadOnlyList<TrackedIssue> issues, NightlyReport night,
        IReadOnlyDictionary<string, string> reports, IReadOnlyDictionary<string, string> cases, IReadOnlyList<IssueReplay> replays, string? runUrl)
    {
        var id = NightId(night);
        var seen = Seen(night);
        // One issue per key: an open one first, then the newest; duplicates a person made are left alone.
        var tracked = issues.Where(i => i.Key is not null).ToList();
        var byKey = tracked.GroupBy(i => i.Key!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.Open).ThenByDescending(i => i.Number).First(), StringComparer.Ordinal);
        // Then by the keys merged into an issue's cause on earlier nights (its own key wins over a member's).
        var byMember = tracked.SelectMany(i => i.Keys.Select(k => (Key: k, Issue: i))).GroupBy(x => x.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Issue).OrderByDescending(i => i.Open).ThenByDescending(i => i.Number).First(), StringComparer.Ordinal);
        var actions = new List<IssueAction>();
        var handled = new HashSet<int>();
        foreach (var cause in night.Causes)
        {
            // A cause's key or one merged into it may be the key an issue was opened under on another night.
            var keys = cause.Members.Prepend(cause.Key).ToList();
            var issue = keys.Select(k => byKey.GetValueOrDefault(k)).FirstOrDefault(i => i is not null)
                        ?? keys.Select(k => byMember.GetValueOrDefault(k)).FirstOrDefault(i => i is not null);
            if (issue is null)
            {
                if (!cause.Known)
                    actions.Add(new IssueAction("open", null, Title(cause), cause.Key)
                    {
                        Body = Body(cause, night, id, reports.GetValueOrDefault(cause.Key), cases.GetValueOrDefault(cause.Key), runUrl),
                    });
                continue;
            }
            // Filed already by this night (a re-run), or by another of tonight's causes that shares a key with it.
            if (!handled.Add(issue.Number) || issue.LastNight == id) continue;
            var body = Updated(issue.Body, cause, night, id, cases.GetValueOrDefault(cause.Key));
            if (!issue.Open)
            {
                if (!cause.Known)
                    actions.Add(new IssueAction("reopen", issue.Number, issue.Title, issue.Key!)
                    {
                        Comment = $"Fails again: {seen(cause)}.{Link(runUrl)}", Body = body,
                    });
                continue;
            }
            var changes = new List<string>();
            if (cause.FirstBadCommit is { } bad && bad.Hash != issue.FirstBad)
                changes.Add($"first bad commit now `{bad.Hash}` ({bad.Date:yyyy-MM-dd}) {bad.Subject}{(issue.FirstBad is { } old ? $" (was `{old}`)" : "")}");
            // The message of the cause the issue was opened for (a merge under another lead names the lead's: not a change).
            if (cause.Key == issue.Key && issue.Message is { } message && message != cause.Title)
                changes.Add($"the message changed: **{cause.Title}** (was: {message})");
            actions.Add(changes.Count > 0
                ? new IssueAction("comment", issue.Number, issue.Title, issue.Key!) { Comment = $"Changed on {seen(cause)}: {string.Join("; ", changes)}.{Link(runUrl)}", Body = body }
                : new IssueAction("update", issue.Number, issue.Title, issue.Key!) { Body = body });
        }
        // The issues tonight's campaign did not show: their own cases decide.
        foreach (var issue in byKey.Values.Where(i => !handled.Contains(i.Number)).OrderBy(i => i.Number))
        {
            if (replays.FirstOrDefault(r => r.Number == issue.Number) is not { Replayed: true } replay) continue;
            var fails = replay.Keys.Contains(issue.Key!, StringComparer.Ordinal);
            var where = $"clan-core {Revision(night)}{(night.Nix is { } nix ? $", Nix {nix}" : "")}";
            if (issue.Open && !fails)
                actions.Add(new IssueAction("close", issue.Number, issue.Title, issue.Key!)
                {
                    Comment = $"Fix seen: the shrunk case of this issue, replayed on {where}, no longer shows `{issue.Key}`" +
                              $"{(replay.Keys.Count > 0 ? $" (it shows {string.Join(", ", replay.Keys.Select(k => $"`{k}`"))})" : " (it conforms)")}: closing. " +
                              $"The nightly replays it every night and reopens this issue if it fails again.{Link(runUrl)}",
                    Body = WithMarker(issue.Body, NightMarker, id),
                });
            else if (!issue.Open && fails)
                actions.Add(new IssueAction("reopen", issue.Number, issue.Title, issue.Key!)
                {
                    Comment = $"Fails again: the shrunk case of this issue, replayed on {where}, shows `{issue.Key}` again.{Link(runUrl)}",
                    Body = WithMarker(issue.Body, NightMarker, id),
                });
        }
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
            result[index] = result[index] with { Body = a.Body ?? result[index].Body, Open = a.Kind switch { "close" => false, "reopen" => true, _ => result[index].Open } };
        }
        return result;
    }

    /// <summary>What makes two runs the same night: the revision and the seed (a re-run of a workflow keeps both).</summary>
    public static string NightId(NightlyReport night) => $"{night.Revision.Hash}/seed{night.Seed}";

    public static string? Marker(string body, string name) =>
        Regex.Match(body, $@"<!-- {Regex.Escape(name)}: (.+?) -->") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The keys marker's keys (a JSON array), with <paramref name="key"/> first; just the key for a body without the marker.</summary>
    public static IReadOnlyList<string> KeysOf(string body, string? key)
    {
        var listed = Marker(body, KeysMarker) is { } json && System.Text.Json.JsonSerializer.Deserialize<List<string>>(json.Replace("—>", "-->")) is { } l ? l : [];
        return (key is null ? listed : listed.Prepend(key)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string KeysJson(IEnumerable<string> keys) => System.Text.Json.JsonSerializer.Serialize(keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());

    /// <summary>The case.json a body carries (after the case marker, in a json code block).</summary>
    public static string? CaseOf(string body) =>
        Regex.Match(body, $@"<!-- {Regex.Escape(CaseMarker)} -->.*?(```+)json\n(.*?)\n\1\n", RegexOptions.Singleline) is { Success: true } m ? m.Groups[2].Value : null;

    private static string MarkerLine(string name, string value) => $"<!-- {name}: {value.Replace("-->", "—>")} -->";

    private static string WithMarker(string body, string name, string value) => Marker(body, name) is null
        ? body.TrimEnd('\n') + "\n" + MarkerLine(name, value) + "\n"
        : Regex.Replace(body, $@"<!-- {Regex.Escape(name)}: .+? -->", MarkerLine(name, value).Replace("$", "$$"));

    /// <summary>A visible line that ends with a marker (<c>- last seen: … &lt;!-- NAME --&gt;</c>), replaced or appended.</summary>
    private static string WithLine(string body, string name, string line)
    {
        var tagged = $"{line} <!-- {name} -->";
        return Regex.IsMatch(body, $@"^.*<!-- {Regex.Escape(name)} -->$", RegexOptions.Multiline)
            ? Regex.Replace(body, $@"^.*<!-- {Regex.Escape(name)} -->$", tagged.Replace("$", "$$"), RegexOptions.Multiline)
            : body.TrimEnd('\n') + "\n" + tagged + "\n";
    }

    /// <summary>The body after tonight's sighting: last seen, first bad commit, message, the night; the case when it had none.</summary>
    private static string Updated(string body, NightlyCause cause, NightlyReport night, string id, string? @case)
    {
        body = WithMarker(body, NightMarker, id);
        body = WithMarker(body, KeysMarker, KeysJson(KeysOf(body, Marker(body, CauseMarker)).Concat(cause.Members.Prepend(cause.Key))));
        body = WithLine(body, LastSeenMarker, $"- last seen: {Seen(night)(cause)}");
        if (cause.FirstBadCommit is { } bad) body = WithMarker(body, FirstBadMarker, bad.Hash);
        if (cause.Key == Marker(body, CauseMarker)) body = WithMarker(body, MessageMarker, cause.Title);
        if (CaseOf(body) is null && CaseBlock(@case) is { } block) body = body.TrimEnd('\n') + "\n\n" + block;
        return body;
    }

    private static string Title(NightlyCause cause)
    {
        var title = $"nightly: {cause.Title}";
        return title.Length <= TitleLimit ? title : title[..(TitleLimit - 1)] + "…";
    }

    private static string Body(NightlyCause cause, NightlyReport night, string id, string? report, string? @case, string? runUrl)
    {
        var md = new Markdown()
            .Raw(string.Join('\n', MarkerLine(CauseMarker, cause.Key), MarkerLine(KeysMarker, KeysJson(cause.Members.Prepend(cause.Key))), MarkerLine(NightMarker, id),
                MarkerLine(FirstBadMarker, cause.FirstBadCommit?.Hash ?? "none"), MarkerLine(MessageMarker, cause.Title)))
            .Paragraph($"The nightly found a new cause: **{cause.Title}**")
            .Bullets(new[]
            {
                $"cause key: {Markdown.InlineCode(cause.Key)} (list it in known-failures.txt once understood; see docs/nightly.md)",
                $"first seen: {Seen(night)(cause)} <!-- {FirstSeenMarker} -->",
                $"last seen: {Seen(night)(cause)} <!-- {LastSeenMarker} -->",
                cause.FirstBadCommit is { } bad
                    ? $"first bad commit: `{bad.Hash}` ({bad.Date:yyyy-MM-dd}) {bad.Subject}{(bad.PullRequest is { } pr ? $" — clan-core #{pr}" : "")}"
                    : $"first bad commit: none found — {cause.Bisection ?? "not bisected"}",
                night.GoodEnd is { } good ? $"bisected from the last passing revision `{good.Hash}` ({good.Date:yyyy-MM-dd})" : null,
                runUrl is not null ? $"run: {runUrl} (the artifact holds the failure directory)" : null,
                "this issue closes when its shrunk case (below), replayed by the nightly on a later revision, no longer shows the cause",
            }.OfType<string>())
            .Paragraph($"Reproduce: `scripts/nightly --clan-core-repo CLAN_CORE_REPO --rev {night.Revision.Hash} --cases {night.Cases} --seed {night.Seed}`");
        if (report is not null)
            md.Raw("<details><summary>Report</summary>")
                .Raw(report.Length <= ReportLimit ? report : report[..ReportLimit] + "\n\n… (cut; the full report is in the run's artifact)")
                .Raw("</details>");
        return (CaseBlock(@case) is { } block ? md.Raw(block) : md.Paragraph("No shrunk case was saved for this cause: it is not replayed, so only a person closes this issue.")).ToString();
    }

    /// <summary>The shrunk case after its marker, in a json block a night reads back (<see cref="CaseOf"/>).</summary>
    private static string? CaseBlock(string? @case) =>
        @case is null || @case.Length > CaseLimit ? null
        : new Markdown().Raw($"<!-- {CaseMarker} -->\n<details><summary>Shrunk case (replayed every night: <code>clan-conformance replay case.json</code>)</summary>")
            .Code(@case.Trim(), "json").Raw("</details>").ToString();

    private static Func<NightlyCause, string> Seen(NightlyReport night) => cause =>
        $"{cause.Cases} of {night.Cases} case(s) on clan-core {Revision(night)}{(night.Nix is { } nix ? $" with Nix {nix}" : "")}, seed {night.Seed}";

    private static string Revision(NightlyReport night) => $"`{night.Revision.ShortHash}` ({night.Revision.Date:yyyy-MM-dd})";

    private static string Link(string? runUrl) => runUrl is null ? "" : $" ({runUrl})";
}
