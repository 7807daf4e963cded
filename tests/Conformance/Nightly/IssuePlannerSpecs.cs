using CliWrap.Buffered;
using Conformance.Model.Ledger;
using Conformance.Runner.Nightly;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Nightly;

/// <summary>
/// Which issues a night files (<see cref="IssuePlanner"/>): one per cause key ever, following the
/// case: a close only when the issue's own case, replayed, no longer shows the cause; a comment only
/// when something changed; nothing twice on a re-run. Pure: nights are values, the issues are
/// GitHub's as the plans left them (<see cref="IssuePlanner.Apply"/>).
/// </summary>
public sealed class IssuePlannerSpecs
{
    private static readonly Commit Monday = new("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero), "Merge pull request 'x' (#8001)");
    private static readonly Commit Tuesday = new("b1b2c3d4e5f60718293a4b5c6d7e8f9012345678", new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero), "Merge pull request 'y' (#8002)");
    private static readonly Commit Wednesday = new("e1b2c3d4e5f60718293a4b5c6d7e8f9012345678", new DateTimeOffset(2026, 12, 3, 3, 0, 0, TimeSpan.Zero), "Merge pull request 'z' (#8003)");
    private static readonly Commit Culprit = new("c1b2c3d4e5f60718293a4b5c6d7e8f9012345678", new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), "clan/module: use pkgsFor (#7295)");
    private static readonly Commit OtherCulprit = new("d1b2c3d4e5f60718293a4b5c6d7e8f9012345678", new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero), "clan/module: an earlier change (#7290)");

    private static NightlyCause Cause(string key, bool known = false, params string[] members) =>
        new(key, $"title of {key}", 3, known, null) { FirstBadCommit = known ? null : Culprit, Members = members };

    private static NightlyReport Night(Commit revision, int seed, bool complete, params NightlyCause[] causes) =>
        new(revision, Monday, causes.Length > 0 ? 1 : 0, causes.All(c => c.Known), causes, "summary.md") { Seed = seed, Cases = 10, Complete = complete, Nix = "2.34.8" };

    private static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>
    {
        ["cfg/a:value->value"] = "{ \"id\": \"c0001\" }", ["cfg/b:error->value"] = "{ \"id\": \"c0002\" }",
    };

    private static IReadOnlyList<IssueAction> Plan(IReadOnlyList<TrackedIssue> issues, NightlyReport night, params IssueReplay[] replays) =>
        IssuePlanner.Plan(issues, night, new Dictionary<string, string> { ["cfg/a:value->value"] = "# report of a\nnix eval …" }, Cases, replays, "https://example.invalid/run/1");

    private static string Line(IssueAction a) => $"{a.Kind}{(a.Number is { } n ? $" #{n}" : "")}: {a.Key}";

    [Fact]
    public void A_first_night_opens_one_issue_per_new_cause_with_the_key_the_first_bad_commit_the_nix_the_report_and_the_case()
    {
        var plan = Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value"), Cause("cfg/b:error->value"), Cause("cfg/known:value->value", known: true)));
        Assert.Equal(["open", "open"], plan.Select(a => a.Kind));
        var body = plan[0].Body!;
        Assert.Equal("cfg/a:value->value", IssuePlanner.Marker(body, IssuePlanner.CauseMarker));
        Assert.Contains(Culprit.Hash, body);
        Assert.Contains("clan-core #7295", body);
        Assert.Contains("# report of a", body);
        Assert.Contains("https://example.invalid/run/1", body);
        Assert.Contains("with Nix 2.34.8", body);
        Assert.Contains($"- first seen: 3 of 10 case(s) on clan-core `{Monday.ShortHash}` (2026-12-01)", body);
        Assert.Equal(Cases["cfg/a:value->value"], new TrackedIssue(1, plan[0].Title, body, true).Case);
        Assert.Equal("nightly: title of cfg/a:value->value", plan[0].Title);
    }

    /// <summary>
    /// Which key leads a cause depends on the night's merges (the workflow rehearsal saw it: a key merged
    /// into another cause on #7295's parent led a cause of its own on the merge, and an issue opened for
    /// it that #7295 did not cause). A key that was a member of an issue's cause finds that issue.
    /// </summary>
    [Fact]
    public void A_key_merged_into_an_issues_cause_on_an_earlier_night_finds_that_issue_when_it_leads_a_cause_of_its_own()
    {
        var issues = IssuePlanner.Apply([], Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value", false, "clan/deploy:value->value"))));
        Assert.Equal(["cfg/a:value->value", "clan/deploy:value->value"], Assert.Single(issues).Keys);
        var plan = Plan(issues, Night(Tuesday, 2, true, Cause("clan/deploy:value->value"), Cause("cfg/b:value->value")));
        Assert.Equal(["open: cfg/b:value->value", "update #1: cfg/a:value->value"], plan.Select(Line).Order());
        // The union is kept: a third night that shows only the member still finds the issue.
        issues = IssuePlanner.Apply(issues, plan);
        Assert.Equal("update", Plan(issues, Night(Wednesday, 3, true, Cause("clan/deploy:value->value"))).Single(a => a.Number == 1).Kind);
    }

    [Fact]
    public void A_cause_that_shows_again_unchanged_updates_the_body_without_a_comment_and_keeps_first_and_last_seen()
    {
        var issues = IssuePlanner.Apply([], Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value"))));
        var plan = Plan(issues, Night(Tuesday, 2, true, Cause("cfg/a:value->value")));
        var update = Assert.Single(plan);
        Assert.Equal("update #1: cfg/a:value->value", Line(update));
        Assert.Null(update.Comment);
        Assert.Contains($"- first seen: 3 of 10 case(s) on clan-core `{Monday.ShortHash}`", update.Body);
        Assert.Contains($"- last seen: 3 of 10 case(s) on clan-core `{Tuesday.ShortHash}`", update.Body);
        Assert.Equal(Cases["cfg/a:value->value"], IssuePlanner.CaseOf(update.Body!));
    }

    [Fact]
    public void A_new_first_bad_commit_or_a_changed_message_is_commented_on()
    {
        var issues = IssuePlanner.Apply([], Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value"))));
        var moved = Plan(issues, Night(Tuesday, 2, true, Cause("cfg/a:value->value") with { FirstBadCommit = OtherCulprit }));
        Assert.Equal("comment #1: cfg/a:value->value", Line(Assert.Single(moved)));
        Assert.Contains($"first bad commit now `{OtherCulprit.Hash}`", moved[0].Comment);
        var reworded = Plan(issues, Night(Tuesday, 2, true, Cause("cfg/a:value->value") with { Title = "a new message" }));
        Assert.Contains("the message changed: **a new message**", Assert.Single(reworded).Comment);
    }

    [Fact]
    public void Absence_from_tonights_cases_decides_nothing_the_replayed_case_does()
    {
        var issues = IssuePlanner.Apply([], Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value"), Cause("cfg/b:error->value"))));
        // Neither cause in tonight's random cases, no replay: both issues stay as they are.
        Assert.Empty(Plan(issues, Night(Tuesday, 2, true)));
        // Replayed: a's case still shows a (stays open, no comment); b's case no longer shows b (closes, naming the fix seen).
        var plan = Plan(issues, Night(Tuesday, 2, true),
            new IssueReplay(1, true, ["cfg/a:value->value"]), new IssueReplay(2, true, ["cfg/other:value->value"]));
        var close = Assert.Single(plan);
        Assert.Equal("close #2: cfg/b:error->value", Line(close));
        Assert.Contains("Fix seen", close.Comment);
        Assert.Contains("Nix 2.34.8", close.Comment);
        // A replay that could not judge the case (a timeout, an infrastructure fault) closes nothing.
        Assert.Empty(Plan(issues, Night(Tuesday, 2, true), new IssueReplay(2, false, [])));
    }

    [Fact]
    public void A_closed_issue_reopens_when_its_cause_shows_again_in_the_campaign_or_in_the_replay_and_a_rerun_files_nothing()
    {
        var night1 = Night(Monday, 1, true, Cause("cfg/a:value->value"));
        var issues = IssuePlanner.Apply([], Plan([], night1));
        Assert.Empty(Plan(issues, night1));
        issues = IssuePlanner.Apply(issues, Plan(issues, Night(Tuesday, 2, true), new IssueReplay(1, true, [])));
        Assert.False(Assert.Single(issues).Open);
        Assert.Equal("reopen", Assert.Single(Plan(issues, Night(Tuesday, 3, true, Cause("cfg/a:value->value")))).Kind);
        var replayed = Plan(issues, Night(Tuesday, 3, true), new IssueReplay(1, true, ["cfg/a:value->value"]));
        Assert.Equal("reopen", Assert.Single(replayed).Kind);
        Assert.True(Assert.Single(IssuePlanner.Apply(issues, replayed)).Open);
    }

    [Fact]
    public void A_cause_merged_under_another_lead_keeps_its_issue_and_issues_a_person_opened_are_left_alone()
    {
        var issues = IssuePlanner.Apply([new TrackedIssue(7, "a person's issue", "no marker here", Open: true)],
            Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value"))));
        var plan = Plan(issues, Night(Tuesday, 2, true, Cause("cfg/lead:value->value", false, "cfg/a:value->value")));
        Assert.Equal("update #8: cfg/a:value->value", Line(Assert.Single(plan)));
    }

    [Fact]
    public void A_known_cause_opens_no_issue_but_keeps_the_one_it_had_open()
    {
        var issues = IssuePlanner.Apply([], Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value"))));
        Assert.Equal("update", Assert.Single(Plan(issues, Night(Tuesday, 2, true, Cause("cfg/a:value->value", known: true)))).Kind);
        Assert.Empty(Plan([], Night(Tuesday, 2, true, Cause("cfg/a:value->value", known: true))));
    }

    /// <summary>
    /// A month of nights (30), each with a new seed: a cause that every night shows; rare causes that the
    /// dice show on some nights only (their cases, replayed, keep failing); a cause introduced on night 8
    /// whose fix lands on night 20 (from then its case replays clean); a cause whose first bad commit is
    /// refined on night 12. The nights are drawn from a fixed seed, so the month is the same every run.
    /// </summary>
    [Fact]
    public void A_simulated_month_opens_each_cause_once_never_closes_an_issue_whose_case_fails_and_stays_quiet_when_nothing_changed()
    {
        var random = new Random(20261201);
        var issues = (IReadOnlyList<TrackedIssue>)[];
        var opened = new List<string>();
        var days = Enumerable.Range(0, 30).Select(d => new Commit($"{d:x2}{new string('e', 38)}", Monday.Date.AddDays(d), $"Merge pull request 'night {d}' (#{8100 + d})")).ToList();
        bool Failing(string key, int day) => key switch
        {
            "cfg/introduced:value->error" => day is >= 8 and < 20, // fixed on night 20
            _ => true,
        };
        for (var day = 0; day < days.Count; day++)
        {
            var shown = new List<NightlyCause> { Cause("cfg/always:value->value") };
            if (random.NextDouble() < 0.3) shown.Add(Cause("cfg/rare:error->value"));
            if (random.NextDouble() < 0.15) shown.Add(Cause("error:AttributeMissing:attribute '<system>' missing"));
            if (Failing("cfg/introduced:value->error", day) && random.NextDouble() < 0.5)
                shown.Add(Cause("cfg/introduced:value->error") with { FirstBadCommit = day >= 12 ? OtherCulprit : Culprit });
            var night = Night(days[day], seed: 1000 + day, complete: random.NextDouble() > 0.1, [.. shown]);
            var replays = issues.Where(i => i.Key is not null).Select(i => new IssueReplay(i.Number, true, Failing(i.Key!, day) ? [i.Key!] : [])).ToList();
            var plan = IssuePlanner.Plan(issues, night, new Dictionary<string, string>(),
                shown.ToDictionary(c => c.Key, c => $"{{ \"case\": \"{c.Key}\" }}"), replays, null);

            opened.AddRange(plan.Where(a => a.Kind == "open").Select(a => a.Key));
            foreach (var close in plan.Where(a => a.Kind == "close"))
                Assert.False(Failing(close.Key, day), $"night {day}: closed #{close.Number} ({close.Key}) although its case still fails");
            var before = issues.ToDictionary(i => i.Number);
            foreach (var comment in plan.Where(a => a.Kind is "comment" or "reopen" or "close"))
            {
                // Every comment reports a change: a fix seen, a reopening, or a first bad commit / message that differs from the body's.
                var issue = before[comment.Number!.Value];
                var cause = shown.FirstOrDefault(c => c.Key == comment.Key);
                var changed = comment.Kind != "comment" || cause?.FirstBadCommit?.Hash != issue.FirstBad || cause?.Title != issue.Message;
                Assert.True(changed, $"night {day}: a comment on #{issue.Number} although nothing changed: {comment.Comment}");
            }
            issues = IssuePlanner.Apply(issues, plan);
        }
        Assert.Equal(opened.Distinct().Count(), opened.Count);
        Assert.Equal(["cfg/always:value->value", "cfg/introduced:value->error", "cfg/rare:error->value", "error:AttributeMissing:attribute '<system>' missing"], opened.Order(StringComparer.Ordinal));
        Assert.All(issues, i => Assert.Equal(i.Key != "cfg/introduced:value->error", i.Open));
        // The fix is seen once, the first night its case replays clean; the refined first bad commit is commented on once.
        var introduced = issues.Single(i => i.Key == "cfg/introduced:value->error");
        Assert.Equal(OtherCulprit.Hash, introduced.FirstBad);
    }
}

/// <summary>The <c>issues</c> verb: files in, plan and the issues afterwards out, one line per action; pull requests in the REST answer are not issues.</summary>
[Collection(Cli.ConsoleCollection.Name)]
public sealed class IssueRunnerSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clan-conformance-issues-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Issues_reads_a_night_and_the_rest_answer_and_writes_the_plan_and_the_issues_after_it()
    {
        var revision = new Commit("d7c35d9127af3f773b57d8e792818597a9aaa29c", new DateTimeOffset(2026, 8, 22, 0, 0, 0, TimeSpan.Zero), "Merge pull request 'x' (#7970)");
        Directory.CreateDirectory(Path.Combine(_dir, "failures", "abc"));
        File.WriteAllText(Path.Combine(_dir, "failures", "abc", "report.md"), "# the shrunk case's report");
        var night = new NightlyReport(revision, null, 1, false,
            [new NightlyCause("cfg/new:value->value", "a new cause", 4, false, Path.Combine("failures", "abc", "report.md")) { Bisection = "not bisected (--no-bisect)" }],
            "summary.md") { Seed = 5, Cases = 20, Complete = true };
        File.WriteAllText(Path.Combine(_dir, "nightly.json"), Runner.Corpus.RecordJson.Serialize(night));
        var issues = Path.Combine(_dir, "issues.json");
        File.WriteAllText(issues, """
            [ { "number": 3, "title": "nightly: gone", "body": "<!-- clan-conformance-cause: cfg/gone:value->value -->", "state": "open" },
              { "number": 4, "title": "a pull request", "body": "<!-- clan-conformance-cause: cfg/new:value->value -->", "state": "open", "pull_request": {} } ]
            """);

        var replayed = Path.Combine(_dir, "replayed.json");
        File.WriteAllText(replayed, """[ { "source": "/tmp/replay/3.json", "replayed": true, "conforms": true, "keys": [] } ]""");

        var (exit, stdout, _) = await ProgramRun.RunAsync("issues", _dir, "--issues", issues, "--replayed", replayed);

        Assert.Equal(0, exit);
        Assert.Equal(["open: nightly: a new cause [cfg/new:value->value]", "close #3: nightly: gone [cfg/gone:value->value]"], stdout.Trim().Split('\n').Select(l => l.Trim()));
        var plan = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, IssueRunner.PlanFile)))!.AsArray();
        Assert.Contains("# the shrunk case's report", plan[0]!["body"]!.GetValue<string>());
        var after = IssueRunner.ReadIssues(Path.Combine(_dir, IssueRunner.AfterFile));
        Assert.Equal([(3, false), (4, true)], after.Select(i => (i.Number, i.Open)));
        Assert.Equal("cfg/new:value->value", after[1].Key);
    }

    /// <summary>scripts/nightly-issues against a stand-in <c>gh</c> that records its calls: the label, the list, then the plan applied as written.</summary>
    [Fact(Timeout = 120_000)]
    public async Task The_script_files_the_plan_with_gh_api_one_call_per_step()
    {
        // jq: GitHub's runners have it, scripts/setup installs it; without it this spec fails rather than skips.
        Assert.True(File.Exists("/usr/bin/jq") || File.Exists("/bin/jq"), "jq is missing: scripts/nightly-issues needs it; run scripts/setup (it installs jq)");
        var revision = new Commit("d7c35d9127af3f773b57d8e792818597a9aaa29c", new DateTimeOffset(2026, 8, 22, 0, 0, 0, TimeSpan.Zero), "Merge pull request 'x' (#7970)");
        var night = new NightlyReport(revision, null, 1, false, [new NightlyCause("cfg/new:value->value", "a new cause", 4, false, null)], "summary.md")
            { Seed = 5, Cases = 20, Complete = true };
        File.WriteAllText(Path.Combine(_dir, "nightly.json"), Runner.Corpus.RecordJson.Serialize(night));
        // Tonight's replay of #1's case (written by --replay): it no longer shows its cause, so #1 closes.
        File.WriteAllText(Path.Combine(_dir, "replayed.json"), """[ { "source": "/tmp/cases/1.json", "replayed": true, "conforms": true, "keys": [] } ]""");
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var calls = Path.Combine(_dir, "calls");
        File.WriteAllText(Path.Combine(bin, "gh"), $$"""
            #!/usr/bin/env bash
            echo "gh $*" >> {{calls}}
            case "$*" in *"--input -"*) echo "  $(jq -c .)" >> {{calls}} ;; esac
            case "$*" in
              *labels/clan-conformance*) exit 1 ;;
              *--paginate*) echo '{"number":1,"title":"nightly: old","body":"<!-- clan-conformance-cause: cfg/old:value->value -->","state":"open","pull_request":null}' ;;
            esac
            """.Replace("\r", ""));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(bin, "gh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await CliWrap.Cli.Wrap(Path.Combine(RepoPaths.Root, "scripts", "nightly-issues"))
            .WithArguments([_dir, "--repo", "o/r", "--run-url", "https://example.invalid/run"])
            .WithEnvironmentVariables(e => e.Set("PATH", bin + ":" + Environment.GetEnvironmentVariable("PATH")).Set("GH_TOKEN", "t")
                .Set("CLAN_CONFORMANCE_RUNNER", RunnerServices.Dll))
            .WithValidation(CliWrap.CommandResultValidation.None).ExecuteBufferedAsync();

        Assert.True(result.ExitCode == 0, result.StandardError);
        var lines = File.ReadAllLines(calls);
        Assert.Equal("gh api repos/o/r/labels/clan-conformance", lines[0]);
        Assert.StartsWith("gh api -X POST repos/o/r/labels -f name=clan-conformance", lines[1]);
        Assert.StartsWith("gh api --paginate repos/o/r/issues?labels=clan-conformance&state=all", lines[2]);
        Assert.StartsWith("gh api -X POST repos/o/r/issues --input -", lines[3]);
        Assert.Contains("\"labels\":[\"clan-conformance\"]", lines[4]);
        Assert.Contains("clan-conformance-cause: cfg/new:value->value", lines[4]);
        Assert.Equal("gh api -X POST repos/o/r/issues/1/comments --input -", lines[5]);
        Assert.Contains("Fix seen", lines[6]);
        Assert.Equal("gh api -X PATCH repos/o/r/issues/1 --input -", lines[7]);
        Assert.Contains("\"state\":\"closed\"", lines[8]);
        Assert.Equal(9, lines.Length);
    }
}
