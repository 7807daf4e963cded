using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Rendering.Reduction;
using Conformance.Runner.Reports;
using Conformance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

/// <summary>
/// Reports that cannot rot: every finding's reproduction runs on the pinned clan-core (offline
/// inputs, the live backend) and must print what its committed report (findings/reports) says;
/// every exported nix-unit test evaluates, with plain <c>nix eval</c> of <c>expr == expected</c>, to
/// false (an intended behaviour's guard: true), and its <c>expr</c> to what the report shows. A difference names the finding as changed: time to
/// regenerate its report (<c>report findings --out findings/reports</c>) or close the upstream issue.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class FindingReportSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    private static string FindingsDirectory => Path.Combine(RepoPaths.Root, "findings");

    private static IReadOnlyDictionary<string, InputPin> LockPins => InputPin.FromLock(File.ReadAllText(Path.Combine(RepoPaths.Root, "fixtures", "test-clan", "flake.lock")));

    [SkippableFact(Timeout = 900_000)]
    public async Task Every_findings_reproduction_still_prints_what_its_report_says()
    {
        live.Require();
        // The reports regenerated as `report findings --out findings/reports` does: each pinned flake
        // written to a fresh directory and its command run there with the offline inputs.
        var runner = RunnerServices.Create().GetService(typeof(FindingRunner)) as FindingRunner ?? throw new InvalidOperationException("no FindingRunner");
        // An intended finding has no report (nothing is filed); every other one is regenerated.
        var filed = FindingFiles.Load(FindingsDirectory).Where(f => f.Class != FindingClass.Intended).ToList();
        var regenerated = await runner.RenderAsync(new Runner.Cli.NixOptions { InputsFile = live.Session.Inputs?.SourceFile }, filed, default);
        var changed = new List<string>();
        foreach (var (finding, report) in regenerated)
        {
            var reportPath = Path.Combine(FindingsDirectory, "reports", finding.Name + ".md");
            Assert.True(File.Exists(reportPath), $"finding {finding.Number} has no report {reportPath}: run report findings --out findings/reports");
            var committed = File.ReadAllText(reportPath);
            var (reported, printed) = (FindingReport.OutputOf(committed), FindingReport.OutputOf(report));
            output.WriteLine($"{(reported == printed ? committed == report ? "same   " : "STALE  " : "CHANGED")} finding {finding.Number} {finding.Name}");
            if (reported != printed) changed.Add($"finding {finding.Number} ({finding.Name}) changed: the report says\n{reported}\nNix now prints\n{printed}");
            else if (committed != report) changed.Add($"finding {finding.Number} ({finding.Name}): same output, but the committed report is stale (its data or the report format changed): regenerate with report findings --out findings/reports");
        }
        Assert.True(changed.Count == 0, string.Join("\n\n", changed));
    }

    /// <summary>
    /// The done-when of issue 20 for every committed report: its repro's Nix (without flake.nix's
    /// inputs) is at most 30 lines, no name or string in it says <c>conformance</c>, and it is
    /// 1-minimal — each single edit the reducer could still make (every binding, attribute, list
    /// element, formal, wrapper) is evaluated and must change what the command shows. An edit that
    /// would delete a premise of the report's expectation (a name the expected value or the title
    /// is made of, <see cref="ReproPremises"/>) is not a candidate: it is counted, not run.
    /// </summary>
    [SkippableFact(Timeout = 1_800_000)]
    public async Task Every_reports_repro_is_short_neutral_and_1_minimal()
    {
        var session = live.Require();
        var failures = new List<string>();
        // An intended behaviour has no report (findings/README.md); every other finding must have one.
        foreach (var finding in FindingFiles.Load(FindingsDirectory).Where(f => f.Class != FindingClass.Intended))
        {
            var report = File.ReadAllText(Path.Combine(FindingsDirectory, "reports", finding.Name + ".md"));
            var shown = FindingReport.ReproductionOf(report) ?? throw new InvalidOperationException($"finding {finding.Number}: its report shows no reproduction");
            var command = ReproCommand.ParseValue(shown.Command) ?? throw new InvalidOperationException($"finding {finding.Number}: its command is not one nix eval: {shown.Command}");
            var files = shown.Files.Files.ToDictionary(kv => kv.Key, kv => kv.Value);
            files[ReportProfile.CommandFile] = command.Apply;
            var program = ReproProgram.Parse(new RenderedTree(files));
            var lines = program.Lines();
            var named = System.Text.RegularExpressions.Regex.Matches(program.Listing(), "[A-Za-z0-9_-]*conformance[A-Za-z0-9_-]*", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
                .Select(m => m.Value).Distinct().ToList();
            // The premises the reducer kept: computed on the shape it started from, as it computed them.
            var start = ReportReduction.Prepare(finding.Case, finding.Field, LockPins["clan-core"], LockPins, finding.ExpectedValue, finding.Title, ["pin"]);
            var shape = program.Nix["flake.nix"] is var flake && NixDriver.Rendering.Syntax.NixPrinter.Print(flake).Contains("flake-parts", StringComparison.Ordinal)
                ? start.FlakeParts : start.Plain ?? start.FlakeParts;
            var premises = ReportReduction.Premises(shape, finding.ExpectedValue, finding.Title, sides: 1);
            var candidates = ReproEdits.Enumerate(program).Select(e => (Edit: e, Program: ReproEdits.Apply(program, [e]))).ToList();
            var tried = candidates.Where(c => premises.HeldBy(c.Program)).ToList();
            var observer = new NixDriver.Reducing.NixReproOracle(session, ReportProfile.CommandOf(program, command.AttributePath), [], TimeSpan.FromMinutes(10));
            var seen = await observer.ObserveAsync([program, .. tried.Select(t => t.Program)], session.Evaluator, default);
            var reference = seen[0] ?? throw new InvalidOperationException($"finding {finding.Number}: its repro could not be evaluated");
            var keeping = tried.Where((_, i) => seen[i + 1] is { } o && o.Same(reference)).Select(t => t.Edit).ToList();
            var lost = seen.Skip(1).Count(o => o is null);
            output.WriteLine($"finding {finding.Number}: {lines} lines, shows {reference}; {tried.Count} edit(s) run, each changes it: {keeping.Count == 0}; " +
                $"{candidates.Count - tried.Count} not run (premises: {string.Join(", ", premises.Minimum)}); {lost} lost");
            if (lines > 30) failures.Add($"finding {finding.Number}: {lines} lines of Nix");
            if (named.Count > 0) failures.Add($"finding {finding.Number}: names {string.Join(", ", named)}");
            if (lost > 0) failures.Add($"finding {finding.Number}: {lost} candidate(s) could not be evaluated");
            foreach (var edit in keeping)
                failures.Add($"finding {finding.Number}: not 1-minimal, this edit keeps \"{reference}\": {edit}\n{ReportProfile.FilesOf(ReproEdits.Apply(program, [edit])).ToListing()}");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [SkippableFact(Timeout = 900_000)]
    public async Task Every_findings_clan_core_test_applies_to_the_pin_and_evaluates_as_its_finding_says()
    {
        live.Require();
        var clone = ClanCoreClone.Require();
        // What export --clan-core-patch findings does: each test in clan-core's shape, all added by one
        // patch to the pinned clan-core's tree and evaluated where its eval check collects it.
        var runner = RunnerServices.Create().GetService(typeof(PatchExportRunner)) as PatchExportRunner ?? throw new InvalidOperationException("no PatchExportRunner");
        var nix = new Runner.Cli.NixOptions { InputsFile = live.Session.Inputs?.SourceFile, ClanCoreRepository = clone };
        var repo = await runner.OpenAsync(clone, default);
        var targets = await runner.TargetsAsync(FindingsDirectory, nix, repo, default);
        // Finding 21's test is among them (the issue asks for it by name), in the services suite.
        Assert.Contains(targets, t => t.Name == "typo_under_role_machines_creates_member" && t.Test.Suite == ClanCoreSuite.Services);
        var outcomes = await runner.CheckAsync(nix, repo, targets, default);
        foreach (var o in outcomes) output.WriteLine(PatchExportRunner.Describe(o));
        Assert.Equal(targets.Count, outcomes.Count);
        // A bug's test expects what should happen (fails while the finding holds); a docs finding's pins today's value (passes).
        Assert.All(outcomes, o => Assert.True(o.AsExpected, PatchExportRunner.Describe(o)));
        // And it evaluates to what the report shows, not to some other breakage of the test.
        foreach (var o in outcomes)
        {
            var finding = FindingFiles.Load(FindingsDirectory).Single(f => f.Slug.Replace('-', '_') == o.Target.Name);
            var reported = FindingReport.OutputOf(File.ReadAllText(Path.Combine(FindingsDirectory, "reports", finding.Name + ".md")))!;
            // A test of today's error (nix-unit's expectedError): it passed above, so expr threw with the report's message.
            if (o.Target.Test.ExpectedErrorPattern is { } pattern)
            {
                Assert.Contains(pattern.Replace("\\", ""), reported);
                continue;
            }
            Assert.True(o.Result is not null, $"finding {finding.Number}: its test throws ({o.Error})");
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(o.Result!.Expr, System.Text.Json.Nodes.JsonNode.Parse(reported.Split('\n')[^1])),
                $"finding {finding.Number}: its test's expr is {o.Result.Expr?.ToJsonString()}, its report shows {reported.Split('\n')[^1]}");
        }
        // A finding the shape cannot express (flake-parts is part of it) exports in the flake-parts form: evaluated with clanLib at the pin.
        var session = live.Session;
        var pin = LockPins["clan-core"];
        foreach (var finding in FindingFiles.Load(FindingsDirectory).Where(ExportRunner.Exportable))
        {
            var exported = ExportRunner.Finding(finding, pin, LockPins);
            if (exported.ClanCore is not null) continue;
            output.WriteLine($"finding {finding.Number}: flake-parts form ({exported.Why})");
            IReadOnlyDictionary<string, NixUnitCheck.Result>? results = null;
            string? error = null;
            try { results = await NixUnitCheck.EvaluateAsync(session, session.Evaluator, exported.Tree, pin, LockPins, TimeSpan.FromMinutes(5), default); }
            catch (NixEvaluationException e) { error = e.Error.Headline; }
            output.WriteLine($"finding {finding.Number}: {(results is null ? "error " + error : string.Join(", ", results.Select(kv => $"{kv.Key}: passes {kv.Value.Passes}, expr {kv.Value.Expr?.ToJsonString()}")))}");
            var reported = FindingReport.OutputOf(File.ReadAllText(Path.Combine(FindingsDirectory, "reports", finding.Name + ".md")))!;
            if (finding.Intended)
                Assert.True(results is not null && results.Values.All(v => v.Passes), $"finding {finding.Number} changed: its test of today's behaviour no longer passes");
            else
                Assert.True(results is null || results.Values.All(v => !v.Passes), $"finding {finding.Number} changed: its test now passes; the behaviour is fixed upstream");
            if (error is not null)
                Assert.True(reported.Contains(error.Split('`')[^1].Trim()), $"finding {finding.Number}: its test fails with \"{error}\", which its report does not show");
        }
    }
}

/// <summary>
/// A shrunk failure of <c>diff 8513da8c4 fb7d2a7c5</c> (#7295's merge against its first parent),
/// recorded in tests/Conformance/recorded/failure-7295 (its case, meta and verdict as the diff saved
/// them: the expected side is what the parent revision's Nix printed), exported as a patch to
/// clan-core: it applies to the merge, and its test, collected by the eval check of lib/tests.nix,
/// fails there and passes on the parent (the same patch applied there).
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class FailureExportSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    private static string FailureDirectory => Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "failure-7295");

    [SkippableFact(Timeout = 900_000)]
    public async Task A_shrunk_failure_of_7295_exports_as_a_clan_core_patch_whose_test_fails_on_the_merge_and_passes_on_its_parent()
    {
        live.Require();
        var clone = ClanCoreClone.Require();
        var runner = RunnerServices.Create().GetService(typeof(PatchExportRunner)) as PatchExportRunner ?? throw new InvalidOperationException("no PatchExportRunner");
        var nix = new Runner.Cli.NixOptions { InputsFile = live.Session.Inputs?.SourceFile, ClanCoreRepository = clone };
        var repo = await runner.OpenAsync(clone, default);
        var target = (await runner.TargetsAsync(FailureDirectory, nix, repo, default)).Single();
        Assert.StartsWith(UpstreamHistory.Merge, target.Reported.Hash, StringComparison.Ordinal);
        Assert.Equal(ClanCoreSuite.Clan, target.Test.Suite);
        var patch = await runner.PatchAsync(repo, [target], target.Reported, target.Subject, target.Body, default);
        output.WriteLine(patch);
        var outcomes = await runner.CheckAsync(nix, repo, [target], default);
        foreach (var o in outcomes) output.WriteLine(PatchExportRunner.Describe(o));
        var onMerge = outcomes.Single(o => o.Revision.Hash.StartsWith(UpstreamHistory.Merge, StringComparison.Ordinal));
        var onParent = outcomes.Single(o => o.Revision.Hash.StartsWith(UpstreamHistory.Conforming, StringComparison.Ordinal));
        // Applied on both (no "patch:" error), evaluated (a value, not a throw), failing on the merge and passing on its parent.
        Assert.NotNull(onMerge.Result);
        Assert.False(onMerge.Passes, PatchExportRunner.Describe(onMerge));
        Assert.True(onParent.Passes, PatchExportRunner.Describe(onParent));
    }
}

/// <summary>
/// Issue 20's done-when for campaign failures: the recorded shrunk failure of
/// <c>diff 8513da8c4 fb7d2a7c5</c> (#7295's merge against its first parent), bisected, gets a
/// filed-ready report whose repro is reduced against both revisions: at most 30 lines of Nix, it
/// prints the failure's actual value on the merge and its expected value on the parent (both run as
/// a reader runs the flake), and the report names the commit bisection found, 2bc314d48.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class FailureReportSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    [SkippableFact(Timeout = 1_800_000)]
    public async Task A_shrunk_failure_of_7295_gets_a_short_repro_that_shows_the_merge_and_not_its_parent_and_names_the_commit()
    {
        live.Require();
        var clone = ClanCoreClone.Require();
        var dir = Directory.CreateTempSubdirectory("clan-conformance-failure-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "failure-7295")))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var services = RunnerServices.Create();
        var nix = new Runner.Cli.NixOptions { InputsFile = live.Session.Inputs?.SourceFile, ClanCoreRepository = clone };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var bisected = await services.GetRequiredService<Runner.Bisecting.BisectRunner>().BisectAsync(
            new Runner.Cli.BisectCommand(nix, UpstreamHistory.Conforming, UpstreamHistory.Merge, dir), TextWriter.Null, default);
        Assert.Equal(UpstreamHistory.FirstBad, bisected.FirstBad?.Hash);
        output.WriteLine($"bisected in {clock.Elapsed.TotalSeconds:0} s");
        clock.Restart();
        var outDir = Directory.CreateTempSubdirectory("clan-conformance-filed-").FullName;
        Assert.Equal(0, await services.GetRequiredService<ReportRunner>().RunAsync(new Runner.Cli.ReportCommand(nix, dir) { OutDirectory = outDir }, default));
        output.WriteLine($"reported in {clock.Elapsed.TotalSeconds:0} s");
        var report = File.ReadAllText(Directory.GetFiles(outDir, "*.md").Single());
        output.WriteLine(report);

        var shown = FindingReport.ReproductionOf(report)!.Value;
        var files = shown.Files.Files.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.True(ReproProgram.Parse(new RenderedTree(files)).Lines() <= 30, "the repro has more than 30 lines of Nix");
        Assert.Contains($"Introduced by `{UpstreamHistory.FirstBad[..9]}`", report);
        Assert.Contains("https://git.clan.lol/clan/clan-core/pulls/7295", report);
        // What the report shows each revision printing, against what the diff saw: the actual value on the merge, the expected on the parent.
        var fields = Runner.Corpus.RecordJson.Deserialize<List<Runner.Corpus.FieldRecord>>(File.ReadAllText(Path.Combine(dir, "verdict.json")), "verdict.json");
        var field = FailureFinding.Reported(fields)!;
        var outputs = System.Text.RegularExpressions.Regex.Matches(report, "prints:\n\n```\n(.*?)\n```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => System.Text.Json.Nodes.JsonNode.Parse(m.Groups[1].Value.Split('\n')[^1])).ToList();
        Assert.Equal(2, outputs.Count);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(field.Actual!.Value, outputs[0]), $"the merge prints {outputs[0]?.ToJsonString()}, the diff saw {field.Actual}");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(field.Expected.Value, outputs[1]), $"the parent prints {outputs[1]?.ToJsonString()}, the diff saw {field.Expected}");
        Directory.Delete(dir, recursive: true);
        Directory.Delete(outDir, recursive: true);
    }
}
