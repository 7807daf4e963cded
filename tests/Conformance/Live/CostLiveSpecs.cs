using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

/// <summary>
/// Evaluation cost on real Nix: the model's instance counts hold on the pinned clan-core, and the
/// counters other than CPU time, wall time and peak memory repeat exactly when the same case is observed again (which is why
/// a diff may compare them with a threshold instead of a noise band). Two machines, one inspected
/// system: four cost processes per observation, a few seconds each.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class CostLiveSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    private static readonly ModuleSpec Platform = new("platform", ModuleKind.Inline) { Definitions = [new HostPlatformDef(Systems.X86_64Linux)] };

    private static readonly ClanCase Fleet = new("cost1")
    {
        Machines = [new MachineSpec("web") { InClanMachines = true, Imports = ["platform"] }, new MachineSpec("db") { InClanMachines = true, Imports = ["platform"] }],
        Modules = [Platform],
        InspectSystems = [Systems.X86_64Linux],
        ObserveCost = true,
    };

    [SkippableFact(Timeout = 600_000)]
    public async Task Instances_agree_with_the_model_and_deterministic_counters_repeat_exactly()
    {
        var session = live.Require();
        var first = Assert.Single(await Checks.Model(session).CheckAsync([Fleet]));
        var second = Assert.Single(await Checks.Model(session).CheckAsync([Fleet with { Id = "cost2" }]));
        foreach (var d in first.Verdict.Disagreements) output.WriteLine($"{d.Key}: expected {d.Expected}; actual {d.Actual}");
        Assert.True(first.Verdict.Conforms);
        Assert.Contains(first.Verdict.Fields, f => f.Key.Counter == CostCounter.Instances && f.Agrees);
        var costKeys = first.Observation.Fields.Keys.Where(k => k.Scope == Scope.Cost).ToList();
        Assert.Equal(2 * Enum.GetValues<CostCounter>().Length, costKeys.Count);
        foreach (var key in costKeys.Where(k => CostFields.IsCompared(k.Counter!.Value)))
        {
            output.WriteLine($"{key}: {first.Observation.Fields[key]} / {second.Observation.Fields[key]}");
            Assert.Equal(first.Observation.Fields[key].ToString(), second.Observation.Fields[key].ToString());
        }
    }

    /// <summary>
    /// Two real upstream pairs that move the counters by a few dozen thunks out of 1.5 million:
    /// #6503 wraps every attribute of the <c>clan-core</c> argument in <c>lib.warnIf</c> (+41 to +45
    /// thunks per process; its own parent is broken by #6502, so the pair spans #6502 and its fix
    /// #6511, which move no counter on a clan that evaluates); #7467 tidies up staticModules (−14).
    /// The counters repeat exactly, so the first is a cost cause and the second an improvement,
    /// none (docs/detection.md, "Evaluation cost").
    /// </summary>
    [SkippableTheory(Timeout = 900_000)]
    [InlineData("60a7fe52a^1", "8e5c398bf", true)]
    [InlineData("83e89a9cd^1", "83e89a9cd", false)]
    public async Task A_diff_makes_any_increase_of_a_deterministic_counter_a_cost_cause_and_a_decrease_none(string baseRev, string headRev, bool regression)
    {
        live.Require();
        var clone = ClanCoreClone.Require();
        var outDir = Directory.CreateTempSubdirectory("clan-conformance-cost-diff-").FullName;
        var command = new DiffCommand(new NixOptions { InputsFile = live.Session.Inputs?.SourceFile, ClanCoreRepository = clone },
            new CampaignOptions { Cases = 1, Cost = 1, Seed = 3, Generator = Conformance.Generators.CaseKind.Clan, Shrink = false, OutDirectory = outDir }, baseRev, headRev);
        var exit = await RunnerServices.Create().GetRequiredService<DiffRunner>().RunAsync(command, CancellationToken.None);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        var causes = summary["causes"]!.AsArray().Select(c => c!["key"]!.GetValue<string>()).ToList();
        output.WriteLine($"exit {exit}; causes: {string.Join(", ", causes)}");
        output.WriteLine(File.ReadAllText(Path.Combine(outDir, "summary.md")));
        var costCauses = causes.Where(k => k.Contains("/cost:", StringComparison.Ordinal)).ToList();
        if (regression)
        {
            Assert.Equal(1, exit);
            Assert.Contains(costCauses, k => k.EndsWith("+", StringComparison.Ordinal) && !k.Contains("instances", StringComparison.Ordinal));
        }
        else
        {
            Assert.Empty(costCauses);
            // The counters did move: the table shows the improvement although it is no cause.
            Assert.Matches(@"\d → \d+ \(-[0-9.]+%\)", File.ReadAllText(Path.Combine(outDir, "summary.md")));
        }
        Directory.Delete(outDir, recursive: true);
    }
}
