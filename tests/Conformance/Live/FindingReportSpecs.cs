using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.Runner.Reports;
using Conformance.Tests.Infrastructure;
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

    [SkippableFact(Timeout = 900_000)]
    public async Task Every_exported_nix_unit_test_evaluates_as_its_finding_says()
    {
        var session = live.Require();
        var pin = LockPins["clan-core"];
        var exported = FindingFiles.Load(FindingsDirectory).Where(ExportRunner.Exportable).ToList();
        Assert.NotEmpty(exported);
        foreach (var finding in exported)
        {
            var test = ExportRunner.Finding(finding, pin, LockPins);
            IReadOnlyDictionary<string, NixUnitCheck.Result>? results = null;
            string? error = null;
            try { results = await NixUnitCheck.EvaluateAsync(session, session.Evaluator, test, pin, LockPins, TimeSpan.FromMinutes(5), default); }
            catch (NixEvaluationException e) { error = e.Error.Headline; }
            output.WriteLine($"finding {finding.Number}: {(results is null ? "error " + error : string.Join(", ", results.Select(kv => $"{kv.Key}: passes {kv.Value.Passes}, expr {kv.Value.Expr?.ToJsonString()}")))}");
            // The finding's test expects what should happen: today it is false (a value) or an error (the reported failure).
            // A finding's test expects what should happen, so it fails while the finding holds; an intended
            // behaviour's test guards today's value, so it passes while the behaviour holds.
            if (finding.Intended)
                Assert.True(results is not null && results.Values.All(v => v.Passes), $"finding {finding.Number} changed: its regression guard no longer passes");
            else
                Assert.True(results is null || results.Values.All(v => !v.Passes), $"finding {finding.Number} changed: its nix-unit test now passes; the behaviour is fixed upstream");
            // The test evaluates to what the report shows: its value, or its error — not some other breakage of the export.
            var reported = FindingReport.OutputOf(File.ReadAllText(Path.Combine(FindingsDirectory, "reports", finding.Name + ".md")))!;
            if (error is not null)
                Assert.True(reported.Contains(error.Split('`')[^1].Trim()), $"finding {finding.Number}: its nix-unit test fails with \"{error}\", which its report does not show");
            else
                Assert.All(results!.Values, r => Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(r.Expr, System.Text.Json.Nodes.JsonNode.Parse(reported.Split('\n')[^1])),
                    $"finding {finding.Number}: its nix-unit test's expr is {r.Expr?.ToJsonString()}, its report shows {reported.Split('\n')[^1]}"));
        }
    }
}

/// <summary>
/// A shrunk failure of <c>diff 8513da8c4 fb7d2a7c5</c> (#7295's merge against its first parent),
/// recorded in tests/Conformance/recorded/failure-7295 (its case, meta and verdict as the diff saved
/// them: the expected side is what the parent revision's Nix printed), exported as a nix-unit test:
/// it must fail on the merge and pass on its parent.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class FailureExportSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    private static string FailureDirectory => Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "failure-7295");

    [SkippableFact(Timeout = 900_000)]
    public async Task A_shrunk_failure_of_7295_exports_as_a_test_that_fails_on_the_merge_and_passes_on_its_parent()
    {
        live.Require();
        var clone = ClanCoreClone.Require();
        var pins = InputPin.FromLock(File.ReadAllText(Path.Combine(RepoPaths.Root, "fixtures", "test-clan", "flake.lock")));
        var tests = ExportRunner.Export(FailureDirectory, pins["clan-core"], pins).Select(t => t.Tree).ToList();
        var runner = RunnerServices.Create().GetService(typeof(ExportRunner)) as ExportRunner ?? throw new InvalidOperationException("no ExportRunner");
        var nix = new Runner.Cli.NixOptions { InputsFile = live.Session.Inputs?.SourceFile, ClanCoreRepository = clone };
        var onMerge = await runner.EvaluateAsync(nix with { ClanCoreRevision = UpstreamHistory.Merge }, tests, default);
        var onParent = await runner.EvaluateAsync(nix with { ClanCoreRevision = UpstreamHistory.Merge + "^1" }, tests, default);
        foreach (var (revision, name, result) in onMerge.Concat(onParent))
            output.WriteLine($"{name} on {revision}: {(result is null ? "throws" : $"passes {result.Passes}, expr {result.Expr?.ToJsonString()}")}");
        Assert.NotEmpty(onMerge);
        Assert.All(onMerge, r => Assert.False(r.Result?.Passes ?? false, $"{r.Name} passes on the merge"));
        Assert.All(onParent, r => Assert.True(r.Result?.Passes, $"{r.Name} does not pass on the parent"));
    }
}
