using CliWrap.Buffered;
using Conformance.Model.Ledger;
using Conformance.Runner.Nightly;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Nightly;

/// <summary>
/// Which issues a night files (<see cref="IssuePlanner"/>): one per cause key ever, a comment when
/// the cause shows again, a close when a complete night no longer shows it, nothing twice on a re-run.
/// Pure: nights are values, the issues are GitHub's as the plans left them (<see cref="IssuePlanner.Apply"/>).
/// </summary>
public sealed class IssuePlannerSpecs
{
    private static readonly Commit Monday = new("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero), "Merge pull request 'x' (#8001)");
    private static readonly Commit Tuesday = new("b1b2c3d4e5f60718293a4b5c6d7e8f9012345678", new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero), "Merge pull request 'y' (#8002)");
    private static readonly Commit Culprit = new("c1b2c3d4e5f60718293a4b5c6d7e8f9012345678", new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), "clan/module: use pkgsFor (#7295)");

    private static NightlyCause Cause(string key, bool known = false, params string[] members) =>
        new(key, $"title of {key}", 3, known, null) { FirstBadCommit = known ? null : Culprit, Members = members };

    private static NightlyReport Night(Commit revision, int seed, bool complete, params NightlyCause[] causes) =>
        new(revision, Monday, causes.Length > 0 ? 1 : 0, causes.All(c => c.Known), causes, "summary.md") { Seed = seed, Cases = 10, Complete = complete };

    private static IReadOnlyList<IssueAction> Plan(IReadOnlyList<TrackedIssue> issues, NightlyReport night) =>
        IssuePlanner.Plan(issues, night, new Dictionary<string, string> { ["cfg/a:value->value"] = "# report of a\nnix eval …" }, "https://example.invalid/run/1");

    [Fact]
    public void A_first_night_opens_one_issue_per_new_cause_with_the_key_the_first_bad_commit_and_the_report()
    {
        var plan = Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value"), Cause("cfg/b:error->value"), Cause("cfg/known:value->value", known: true)));
        Assert.Equal(["open", "open"], plan.Select(a => a.Kind));
        var body = plan[0].Body!;
        Assert.Equal("cfg/a:value->value", IssuePlanner.Marker(body, IssuePlanner.CauseMarker));
        Assert.Contains(Culprit.Hash, body);
        Assert.Contains("clan-core #7295", body);
        Assert.Contains("# report of a", body);
        Assert.Contains("https://example.invalid/run/1", body);
        Assert.Equal("nightly: title of cfg/a:value->value", plan[0].Title);
    }

    [Fact]
    public void The_next_night_comments_on_a_recurring_cause_opens_a_new_one_and_closes_a_vanished_one()
    {
        var issues = IssuePlanner.Apply([], Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value"), Cause("cfg/b:error->value"))));
        var plan = Plan(issues, Night(Tuesday, 2, true, Cause("cfg/a:value->value"), Cause("cfg/c:value->error")));
        Assert.Equal(["comment #1: cfg/a:value->value", "open: cfg/c:value->error", "close #2: cfg/b:error->value"],
            plan.Select(a => $"{a.Kind}{(a.Number is { } n ? $" #{n}" : "")}: {a.Key}"));
        Assert.Contains(Tuesday.ShortHash, plan[0].Comment);
        Assert.Contains("Not seen", plan[2].Comment);
        var after = IssuePlanner.Apply(issues, plan);
        Assert.Equal([true, false, true], after.Select(i => i.Open));
    }

    [Fact]
    public void A_rerun_of_the_same_night_files_nothing_and_a_third_night_reopens_a_closed_cause_instead_of_opening_it_twice()
    {
        var night1 = Night(Monday, 1, true, Cause("cfg/a:value->value"));
        var issues = IssuePlanner.Apply([], Plan([], night1));
        Assert.Empty(Plan(issues, night1));
        issues = IssuePlanner.Apply(issues, Plan(issues, Night(Tuesday, 2, true)));
        Assert.False(Assert.Single(issues).Open);
        var plan = Plan(issues, Night(Tuesday, 3, true, Cause("cfg/a:value->value")));
        Assert.Equal("reopen", Assert.Single(plan).Kind);
        Assert.True(Assert.Single(IssuePlanner.Apply(issues, plan)).Open);
    }

    [Fact]
    public void A_night_that_did_not_finish_closes_nothing()
    {
        var issues = IssuePlanner.Apply([], Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value"))));
        Assert.Empty(Plan(issues, Night(Tuesday, 2, complete: false)));
        Assert.Equal("close", Assert.Single(Plan(issues, Night(Tuesday, 2, complete: true))).Kind);
    }

    [Fact]
    public void A_cause_merged_under_another_lead_keeps_its_issue_and_issues_a_person_opened_are_left_alone()
    {
        var issues = IssuePlanner.Apply([new TrackedIssue(7, "a person's issue", "no marker here", Open: true)],
            Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value"))));
        var plan = Plan(issues, Night(Tuesday, 2, true, Cause("cfg/lead:value->value", false, "cfg/a:value->value")));
        Assert.Equal("comment #8: cfg/a:value->value", $"{Assert.Single(plan).Kind} #{plan[0].Number}: {plan[0].Key}");
    }

    [Fact]
    public void A_known_cause_opens_no_issue_but_keeps_the_one_it_had_open()
    {
        var issues = IssuePlanner.Apply([], Plan([], Night(Monday, 1, true, Cause("cfg/a:value->value"))));
        Assert.Equal("comment", Assert.Single(Plan(issues, Night(Tuesday, 2, true, Cause("cfg/a:value->value", known: true)))).Kind);
        Assert.Empty(Plan([], Night(Tuesday, 2, true, Cause("cfg/a:value->value", known: true))));
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

        var (exit, stdout, _) = await ProgramRun.RunAsync("issues", _dir, "--issues", issues);

        Assert.Equal(0, exit);
        Assert.Equal(["open: nightly: a new cause [cfg/new:value->value]", "close #3: nightly: gone [cfg/gone:value->value]"], stdout.Trim().Split('\n').Select(l => l.Trim()));
        var plan = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, IssueRunner.PlanFile)))!.AsArray();
        Assert.Contains("# the shrunk case's report", plan[0]!["body"]!.GetValue<string>());
        var after = IssueRunner.ReadIssues(Path.Combine(_dir, IssueRunner.AfterFile));
        Assert.Equal([(3, false), (4, true)], after.Select(i => (i.Number, i.Open)));
        Assert.Equal("cfg/new:value->value", after[1].Key);
    }

    /// <summary>scripts/nightly-issues against a stand-in <c>gh</c> that records its calls: the label, the list, then the plan applied as written.</summary>
    [SkippableFact(Timeout = 120_000)]
    public async Task The_script_files_the_plan_with_gh_api_one_call_per_step()
    {
        Skip.If(!File.Exists("/usr/bin/jq") && !File.Exists("/bin/jq"), "jq is missing (scripts/nightly-issues needs it; GitHub's runners have it)");
        var revision = new Commit("d7c35d9127af3f773b57d8e792818597a9aaa29c", new DateTimeOffset(2026, 8, 22, 0, 0, 0, TimeSpan.Zero), "Merge pull request 'x' (#7970)");
        var night = new NightlyReport(revision, null, 1, false, [new NightlyCause("cfg/new:value->value", "a new cause", 4, false, null)], "summary.md")
            { Seed = 5, Cases = 20, Complete = true };
        File.WriteAllText(Path.Combine(_dir, "nightly.json"), Runner.Corpus.RecordJson.Serialize(night));
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
        Skip.If(OperatingSystem.IsWindows(), "scripts/nightly-issues is a bash script");
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
        Assert.Contains("Not seen", lines[6]);
        Assert.Equal("gh api -X PATCH repos/o/r/issues/1 --input -", lines[7]);
        Assert.Contains("\"state\":\"closed\"", lines[8]);
        Assert.Equal(9, lines.Length);
    }
}
