using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Tests.Infrastructure;
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
}
