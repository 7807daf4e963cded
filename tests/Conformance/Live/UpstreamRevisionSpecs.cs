using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Conformance.Model.Causes;
using Conformance.Runner.Bisecting;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Runner.Hosting;
using Conformance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

/// <summary>
/// clan-core at revisions of a local clone, against a real upstream change (#7295 and its revert):
/// run, diff, bisect and the nightly, end to end with real Nix. Small campaigns; the figures of the
/// full-size runs are in docs/performance.md and docs/detection.md.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class UpstreamRevisionSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    private NixOptions Nix(string clone) => new() { InputsFile = live.Session.Inputs?.SourceFile, ClanCoreRepository = clone };

    private static JsonNode Summary(string outDir) => JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;

    [SkippableFact(Timeout = 1_800_000)]
    public async Task Two_seeds_on_a_broken_revision_give_the_same_keys_for_every_common_cause()
    {
        live.Require();
        var clone = ClanCoreClone.Require();
        var runner = RunnerServices.Create().GetRequiredService<CampaignRunner>();
        var root = Directory.CreateTempSubdirectory("clan-conformance-seeds-").FullName;
        var causes = new List<Dictionary<string, int>>();
        foreach (var seed in new[] { 11, 12 })
        {
            var (result, _) = await runner.ExecuteAsync(new RunCommand(Nix(clone) with { ClanCoreRevision = UpstreamHistory.Merge },
                // Whole clans only: #7295 is a clan-level change, and the services of April 2026 differ
                // from the ones the model describes (#7451, #7692 came later) in causes of their own.
                new CampaignOptions { Cases = 40, Seed = seed, Shrink = false, OutDirectory = Path.Combine(root, $"seed{seed}"), Generator = Generators.CaseKind.Clan }),
                CancellationToken.None);
            causes.Add(result.Summary.Causes.ToDictionary(c => c.Key, c => c.Cases));
            output.WriteLine($"seed {seed}: " + string.Join("; ", result.Summary.Causes.Select(c => $"{c.Key} ({c.Cases})")));
            Assert.Contains(UpstreamHistory.Merge, result.Summary.Versions.ClanCoreRevision!.Hash, StringComparison.Ordinal);
        }
        var common = causes.SelectMany(c => c.Where(kv => kv.Value >= 5).Select(kv => kv.Key)).Distinct().ToList();
        Assert.NotEmpty(common);
        foreach (var key in common)
            Assert.True(causes.All(c => c.ContainsKey(key)), $"cause {key} (≥ 5 cases in one seed) is missing under the other seed");
        Directory.Delete(root, recursive: true);
    }

    [SkippableFact(Timeout = 1_800_000)]
    public async Task Diff_of_a_real_upstream_change_reports_few_causes_each_with_a_shrunk_case_whose_commands_reproduce_it()
    {
        live.Require();
        var clone = ClanCoreClone.Require();
        var outDir = Directory.CreateTempSubdirectory("clan-conformance-diff-").FullName;
        var command = new DiffCommand(Nix(clone), new CampaignOptions { Cases = 12, Seed = 11, OutDirectory = outDir, ShrinkBudget = TimeSpan.FromMinutes(3) },
            UpstreamHistory.Conforming, UpstreamHistory.Merge);
        Assert.Equal(1, await RunnerServices.Create().GetRequiredService<DiffRunner>().RunAsync(command, CancellationToken.None));
        var summary = Summary(outDir);
        var causes = summary["causes"]!.AsArray();
        foreach (var c in causes) output.WriteLine($"{c!["key"]}: {c["cases"]} case(s), example {c["fingerprint"]}, {c["shrinkSteps"]} step(s)");
        Assert.InRange(causes.Count, 1, 3);
        Assert.Equal("diff", summary["kind"]!.GetValue<string>());
        Assert.Contains(UpstreamHistory.Merge, summary["versions"]!["clanCoreRevision"]!["hash"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(UpstreamHistory.Conforming, summary["baseVersions"]!["clanCoreRevision"]!["hash"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var cause in causes)
        {
            var dir = Path.Combine(outDir, cause!["directory"]!.GetValue<string>());
            var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "meta.json")))!;
            Assert.True(meta["shrunk"]!.GetValue<bool>());
            var checks = meta["reproChecks"]!.AsArray();
            Assert.NotEmpty(checks);
            // Every command, run by hand on base and head, prints the report's base and head values.
            Assert.All(checks, c => Assert.True(c!["asReported"]!.GetValue<bool>(), $"{c["field"]} on {c["role"]}: {c["printed"]}"));
            Assert.Contains(checks, c => c!["role"]!.GetValue<string>() == "base");
            Assert.Contains(checks, c => c!["role"]!.GetValue<string>() == "head");
            var report = File.ReadAllText(Path.Combine(dir, "report.md"));
            Assert.Contains("clan-core (base, expected)", report);
            Assert.Contains("nix eval", report);
        }
        Directory.Delete(outDir, recursive: true);
    }

    [SkippableFact(Timeout = 1_800_000)]
    public async Task A_diff_over_a_range_with_two_unrelated_changes_leads_with_one_section_per_commit()
    {
        live.Require();
        var clone = ClanCoreClone.Require();
        var outDir = Directory.CreateTempSubdirectory("clan-conformance-range-").FullName;
        var command = new DiffCommand(Nix(clone), new CampaignOptions
        {
            Cases = 60, Seed = 3, OutDirectory = outDir, Generator = Generators.CaseKind.Services, ShrinkBudget = TimeSpan.FromMinutes(10),
        }, UpstreamHistory.TwoChangesBase, UpstreamHistory.TwoChangesHead);
        Assert.Equal(1, await RunnerServices.Create().GetRequiredService<DiffRunner>().RunAsync(command, CancellationToken.None));
        var summary = Summary(outDir);
        var commits = summary["commits"]!.AsArray();
        foreach (var c in commits) output.WriteLine($"{c!["commit"]!["hash"]}: {string.Join(", ", c["causes"]!.AsArray())}");
        // History order: #7165 first, then #7276; each section names the pull request that merged it.
        Assert.Equal([UpstreamHistory.ServicesChange, UpstreamHistory.SystemsChange], commits.Select(c => c!["commit"]!["hash"]!.GetValue<string>()));
        Assert.Equal([7165, 7276], commits.Select(c => c!["commit"]!["pullRequest"]!.GetValue<int>()));
        Assert.StartsWith("## 0d286cdb6", File.ReadAllText(Path.Combine(outDir, "summary.md")).Split("\n").First(l => l.StartsWith("## ", StringComparison.Ordinal)));
        Directory.Delete(outDir, recursive: true);
    }

    [SkippableFact(Timeout = 1_800_000)]
    public async Task Bisect_finds_the_commit_on_the_merged_branch_and_records_it_in_the_failure()
    {
        live.Require();
        var clone = ClanCoreClone.Require();
        // A saved failure: the first one a small diff finds (shrinking skipped; bisect takes any case).
        var outDir = Directory.CreateTempSubdirectory("clan-conformance-bisect-").FullName;
        var services = RunnerServices.Create();
        await services.GetRequiredService<DiffRunner>().RunAsync(new DiffCommand(Nix(clone),
            new CampaignOptions { Cases = 6, Seed = 11, OutDirectory = outDir, Shrink = false }, UpstreamHistory.Conforming, UpstreamHistory.Merge), CancellationToken.None);
        var failure = Directory.GetDirectories(Path.Combine(outDir, "failures")).Order(StringComparer.Ordinal).First();

        var text = new StringWriter();
        var outcome = await services.GetRequiredService<BisectRunner>().BisectAsync(
            new BisectCommand(Nix(clone), UpstreamHistory.Conforming, UpstreamHistory.Merge, failure), text, CancellationToken.None);
        output.WriteLine(text.ToString());
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(UpstreamHistory.FirstBad, outcome.FirstBad!.Hash);
        Assert.StartsWith($"first bad commit: {UpstreamHistory.FirstBad} clan/module: use pkgsFor as default", text.ToString().TrimEnd().Split('\n')[^1]);
        var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(failure, "meta.json")))!;
        Assert.Equal(UpstreamHistory.FirstBad, meta["firstBadCommit"]!["hash"]!.GetValue<string>());
        Assert.Contains(UpstreamHistory.FirstBad, File.ReadAllText(Path.Combine(failure, "report.md")));

        // The revert (#7304) brought the old behaviour back: from the merge to the pin, the failure's
        // fields observe the same at both ends: exit 1, nothing recorded.
        var same = await services.GetRequiredService<BisectRunner>().BisectAsync(
            new BisectCommand(Nix(clone), UpstreamHistory.Conforming, "HEAD", failure), TextWriter.Null, CancellationToken.None);
        Assert.Equal(1, same.ExitCode);
        Directory.Delete(outDir, recursive: true);
    }

    [SkippableFact(Timeout = 2_400_000)]
    public async Task The_nightly_script_gates_on_new_causes_bisects_them_and_remembers_the_last_passing_revision()
    {
        live.Require();
        var clone = ClanCoreClone.Require();
        var root = Directory.CreateTempSubdirectory("clan-conformance-nightly-").FullName;
        var state = Path.Combine(root, "state.json");
        var jobSummary = Path.Combine(root, "job-summary.md");
        // The model describes the pin, where clan-core supports four systems; in April 2026 it still
        // listed x86_64-darwin (dropped by #7276 eleven days later). That difference is understood, so it
        // is a known failure here — which also exercises the gate's tolerance of known causes.
        var known = Path.Combine(root, "known-failures.txt");
        File.WriteAllLines(known, ["# x86_64-darwin still supported before clan-core #7276", "clan/outputs:value->value"]);
        var runner = RunnerServices.Dll;

        async Task<(int Exit, string Stderr)> Nightly(string revision, string outDir, params string[] extra)
        {
            var result = await CliWrap.Cli.Wrap(Path.Combine(RepoPaths.Root, "scripts", "nightly"))
                .WithArguments([
                    "--clan-core-repo", clone, "--rev", revision, "--state", state, "--summary", jobSummary,
                    "--cases", "10", "--seed", "11", "--shrink-budget", "90s", "--out", outDir,
                    "--inputs", live.Session.Inputs!.SourceFile, "--known-failures", known, "--generator", "clans", .. extra,
                ])
                .WithEnvironmentVariables(e => e.Set("CLAN_CONFORMANCE_RUNNER", runner).Set("DOCKER_API_VERSION", "1.41").Set("CI", "1"))
                .WithWorkingDirectory(RepoPaths.Root)
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
            output.WriteLine(result.StandardError);
            return (result.ExitCode, result.StandardError);
        }

        // The nightly's default campaign covers services too; the model's services are the pin's, and
        // April 2026's differ (#7451 and #7692 came later), so this rehearsal at April revisions
        // generates whole clans only: --generator clans is in every night's arguments below.
        // Night 1: the conforming revision passes and becomes the good end.
        var (exit1, _) = await Nightly(UpstreamHistory.Conforming, Path.Combine(root, "night1"));
        Assert.Equal(0, exit1);
        var remembered = JsonNode.Parse(File.ReadAllText(state))!;
        Assert.StartsWith(UpstreamHistory.Conforming, remembered["lastPassing"]!["hash"]!.GetValue<string>());

        // Night 2: #7295 lands: new causes fail the gate, each is bisected to the commit that made it.
        var night2 = Path.Combine(root, "night2");
        var (exit2, stderr2) = await Nightly(UpstreamHistory.Merge, night2);
        Assert.Equal(1, exit2);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(night2, "nightly.json")))!;
        Assert.False(report["gatePassed"]!.GetValue<bool>());
        var fresh = report["causes"]!.AsArray().Where(c => !c!["known"]!.GetValue<bool>()).ToList();
        Assert.NotEmpty(fresh);
        Assert.Contains(fresh, c => c!["firstBadCommit"]?["hash"]?.GetValue<string>() == UpstreamHistory.FirstBad);
        Assert.Contains("gate failed", stderr2);
        Assert.Contains("**failed**", File.ReadAllText(jobSummary));
        // The good end does not move past a failing night.
        Assert.StartsWith(UpstreamHistory.Conforming, JsonNode.Parse(File.ReadAllText(state))!["lastPassing"]!["hash"]!.GetValue<string>());

        // Night 3: the causes are understood and listed in known-failures.txt: the gate passes.
        File.AppendAllLines(known, ["# #7295, reverted upstream by #7304", .. fresh.Select(c => c!["key"]!.GetValue<string>())]);
        var (exit3, _) = await Nightly(UpstreamHistory.Merge, Path.Combine(root, "night3"), "--no-bisect");
        Assert.Equal(0, exit3);
        Directory.Delete(root, recursive: true);
    }
}
