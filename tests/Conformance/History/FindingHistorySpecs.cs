using System.Text.Json.Nodes;
using Conformance.NixDriver.Revisions;
using Conformance.Runner.History;
using Conformance.Runner.Reports;
using Conformance.Tests.Infrastructure;
using Xunit.Abstractions;
using Conformance.Runner.Bisecting;

namespace Conformance.Tests.History;

/// <summary>The triage data of findings (class, introducing commit, reverts, upstream tests) and how reports show it, without git or Nix.</summary>
public sealed class FindingTriageSpecs
{
    private static string FindingsDirectory => Path.Combine(RepoPaths.Root, "findings");

    private static JsonObject Good => JsonNode.Parse(File.ReadAllText(Directory.GetFiles(FindingsDirectory, "21-*.json").Single()))!.AsObject();

    private static string Error(Action<JsonObject> edit)
    {
        var copy = Good;
        edit(copy);
        return Assert.Throws<FindingFormatException>(() => FindingFiles.Parse(copy.ToJsonString(), "21-x.json")).Message;
    }

    [Fact]
    public void Every_finding_is_triaged_with_the_commit_that_introduced_it()
    {
        var findings = FindingFiles.Load(FindingsDirectory);
        Assert.All(findings, f =>
        {
            Assert.NotNull(f.IntroducedBy);
            Assert.Matches("^[0-9a-f]{40}$", f.IntroducedBy!.Commit.Commit);
        });
        // An intended behaviour is not filed; every other finding has its generated report.
        foreach (var f in findings)
            Assert.Equal(f.Class != FindingClass.Intended, File.Exists(Path.Combine(FindingsDirectory, "reports", f.Name + ".md")));
        // The issue's triage: 05 folded into 01, a report for 13, the deliberate ones relabelled.
        Assert.DoesNotContain(findings, f => f.Number == 5);
        Assert.Equal(FindingClass.Bug, findings.Single(f => f.Number == 13).Class);
        Assert.All(findings.Where(f => f.Number is 9 or 22 or 23 or 24), f => Assert.Equal(FindingClass.Intended, f.Class));
        Assert.Equal("1cbba05055521bc7229c808c77f9eaced8b1d979", findings.Single(f => f.Number == 4).IntroducedBy!.Commit.Commit);
    }

    [Fact]
    public void A_bad_triage_is_an_error_naming_the_fix()
    {
        Assert.Contains("missing class", Error(o => o.Remove("class")));
        Assert.Contains("class must be \"bug\", \"docs\" or \"intended\"", Error(o => o["class"] = "feature"));
        Assert.Contains("intended was replaced by class", Error(o => o["intended"] = true));
        Assert.Contains("missing introducedBy", Error(o => o.Remove("introducedBy")));
        Assert.Contains("full commit hash", Error(o => o["introducedBy"]!["commit"] = "1b226c9e0"));
        Assert.Contains("YYYY-MM-DD", Error(o => o["introducedBy"]!["date"] = "25 June 2024"));
        Assert.Contains("pull request's number on git.clan.lol", Error(o => o["introducedBy"]!["pr"] = "#1638"));
        Assert.Contains("\"bisect\", \"log-S\" or \"log-L\"", Error(o => o["introducedBy"]!["how"] = "blame"));
        Assert.Contains("FILE:START,END", Error(o => { o["introducedBy"]!["how"] = "log-L"; o["introducedBy"]!["query"] = "lib/inventory/default.nix"; }));
        Assert.Contains("FILE: TEST_NAME", Error(o => o["upstreamTests"] = new JsonArray("settings.nix")));
        Assert.Contains("reverts[0].commit", Error(o => o["reverts"] = new JsonArray(new JsonObject { ["date"] = "2026-04-11", ["subject"] = "x" })));
        Assert.Contains("a docs finding quotes the documentation", Error(o => { o["class"] = "docs"; o.Remove("claim"); }));
    }

    [Fact]
    public void A_report_names_the_introducing_commit_with_its_pull_request_on_clans_forge_and_each_revert()
    {
        var finding = FindingFiles.Load(FindingsDirectory).Single(f => f.Number == 1);
        var history = FindingHistoryText.Append(new Markdown(), finding).ToString();
        Assert.Contains("Introduced by `9445478e2` (2024-02-21, [#867](https://git.clan.lol/clan/clan-core/pulls/867)): fix cross-system deploy", history);
        Assert.Contains("Later revert: `0d7a7d85c` (2026-04-11, [#7304](https://git.clan.lol/clan/clan-core/pulls/7304)): Revert \"clan/module: use pkgsFor as default for a machines pkgs\"", history);
        Assert.DoesNotContain("github.com", history);
        // Finding 05's observation and 15's data travel with 01 (one comment on #4141).
        Assert.Contains("appendOverlays", history);
        Assert.Contains("#7304 reverted it the next day", history);
        var tests = FindingHistoryText.Append(new Markdown(), FindingFiles.Load(FindingsDirectory).Single(f => f.Number == 18)).ToString();
        Assert.Contains("- `lib/inventory/distributed-service/tests/settings.nix`: `test_simple`", tests);
    }

    [Fact]
    public void A_failures_report_names_its_bisected_first_bad_commit_as_introducing_it()
    {
        var dir = Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "failure-7295");
        var meta = Runner.Corpus.RecordJson.Deserialize<Runner.Corpus.FailureMeta>(File.ReadAllText(Path.Combine(dir, "meta.json")), "meta.json");
        Assert.Null(FailureHistory.IntroducingCommit(meta));
        var merge = new Model.Ledger.Commit("fb7d2a7c5ed352e92ea0d78aa51aa88478db8067", DateTimeOffset.Parse("2026-04-10T13:25:33Z"),
            "Merge pull request 'clan/module: propagate pkgsFor into nixosConfigurations and darwinConfigurations' (#7295) from ElXreno-clan-pkgs into main");
        var bisected = meta with { FirstBadCommit = new Model.Ledger.Commit(UpstreamHistory.FirstBad, DateTimeOffset.Parse("2026-04-10T12:42:44Z"), "clan/module: use pkgsFor as default for a machines pkgs") { Merge = merge } };
        var introduced = FailureHistory.IntroducingCommit(bisected)!;
        Assert.Equal(IntroductionMethod.Bisect, introduced.How);
        Assert.Equal("`2bc314d48` (2026-04-10, [#7295](https://git.clan.lol/clan/clan-core/pulls/7295)): clan/module: use pkgsFor as default for a machines pkgs", introduced.Commit.Describe());
        Assert.Equal(meta.BaseVersions!.ClanCoreRevision!.Hash, introduced.Query);
        // The filed-ready report (upstream.md) of such a failure names it.
        var fields = Runner.Corpus.RecordJson.Deserialize<List<Runner.Corpus.FieldRecord>>(File.ReadAllText(Path.Combine(dir, "verdict.json")), "verdict.json");
        var finding = FailureFinding.From(bisected, fields, Model.Cases.CaseJson.Deserialize(File.ReadAllText(Path.Combine(dir, "case.json"))), []);
        var lockPins = NixDriver.Rendering.InputPin.FromLock(File.ReadAllText(Path.Combine(RepoPaths.Root, "fixtures", "test-clan", "flake.lock")));
        var tree = NixDriver.Rendering.ReportFlake.Render(NixDriver.Rendering.ClanRenderer.Render(finding.Case), NixDriver.Rendering.InputPin.ClanCore(merge.Hash, "sha256-x"), lockPins);
        var report = FindingReport.Render(finding, tree, new ReproductionRun("nix eval", "{}", "2.26.3", merge.Hash, "sha256-x", "2026-04-10", "nixpkgs"));
        Assert.Contains("Introduced by `2bc314d48` (2026-04-10, [#7295](https://git.clan.lol/clan/clan-core/pulls/7295)): clan/module: use pkgsFor as default for a machines pkgs", report);
    }

    [Fact]
    public void Every_findings_field_is_observed_when_its_case_is_bisected()
    {
        // history --good REV bisects the finding's case by its field: the case's observation plan must hold it.
        foreach (var finding in FindingFiles.Load(FindingsDirectory))
            Assert.Contains(finding.Field, Model.Observations.ObservationPlan.Evaluated(HistoryRunner.Bisectable(finding)));
    }

    [Theory]
    [InlineData("Merge pull request 'x' (#7295) from a into main", 7295)]
    [InlineData("fix cross-system deploy", null)]
    [InlineData("Revert \"Merge pull request 'y' (#3259) from b into main\"", 3259)]
    public void The_pull_request_is_read_from_a_forge_merge_subject(string subject, int? pr) => Assert.Equal(pr, CommitRecord.PullRequestOf(subject));
}

/// <summary>
/// Every finding's history, found again in a clone of clan-core with git alone (no Nix): the
/// introducing commit its file records is what its recorded query finds, the pull request is the
/// one that merged it, and each recorded revert is still found. Runs where the clan-core clone is
/// (the live suite's requirement), ~1 min.
/// </summary>
[Trait("Category", "Live")]
public sealed class FindingHistoryLiveSpecs(ITestOutputHelper output)
{
    [SkippableFact(Timeout = 600_000)]
    public async Task Every_findings_introducing_commit_and_reverts_are_found_again_as_recorded()
    {
        var clone = ClanCoreClone.Require();
        var repository = await GitRepository.OpenAsync(clone);
        var pin = NixDriver.Rendering.InputPin.FromLock(File.ReadAllText(Path.Combine(RepoPaths.Root, "fixtures", "test-clan", "flake.lock")))["clan-core"].Rev!;
        var finder = new HistoryFinder(new RevisionHistory(repository));
        var problems = new List<string>();
        foreach (var finding in FindingFiles.Load(Path.Combine(RepoPaths.Root, "findings")))
        {
            var found = await finder.TraceAsync(finding.IntroducedBy!, pin, default);
            output.WriteLine($"finding {finding.Number}: {found.Introduced?.Commit.DescribePlain() ?? "not found"}; {string.Join("; ", found.Lines)}");
            problems.AddRange(HistoryFinder.Differences(finding.IntroducedBy!, finding.Reverts, found).Select(d => $"finding {finding.Number}: {d}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact(Timeout = 120_000)]
    public async Task The_merge_that_brought_a_branch_commit_in_names_its_pull_request_and_its_revert_is_found()
    {
        var repository = await GitRepository.OpenAsync(ClanCoreClone.Require());
        var history = new RevisionHistory(repository);
        var merge = await history.MergeOfAsync(UpstreamHistory.FirstBad, "HEAD");
        Assert.StartsWith(UpstreamHistory.Merge, merge!.Hash, StringComparison.Ordinal);
        // A commit made on the main line is its own.
        Assert.Equal(merge.Hash, (await history.MergeOfAsync(merge.Hash, "HEAD"))!.Hash);
        var reverts = await history.RevertsAsync(UpstreamHistory.FirstBad, "HEAD", "pkgsFor");
        Assert.Contains(reverts, r => r.Reverted == UpstreamHistory.FirstBad && CommitRecord.PullRequestOf((history.MergeOfAsync(r.Revert.Hash, "HEAD").Result)!.Subject) == 7304);
    }
}
