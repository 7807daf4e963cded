using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Runner.Checking;
using Conformance.Tests.Infrastructure;
using Conformance.Tests.Differential;
using FsCheck;
using Xunit.Abstractions;

namespace Conformance.Tests.Reliability;

/// <summary>
/// Hostile strings (Nix metacharacters, control characters, non-ASCII) rendered into clans and
/// read back through real Nix: the model predicts each string unchanged, so a conforming verdict
/// is a round trip. FsCheck generates the strings; the cases are checked in one batch.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class RenderingSafetySpecs(LiveNixFixture live, ITestOutputHelper output)
{
    [SkippableFact(Timeout = 900_000)]
    public async Task Hostile_strings_round_trip_through_real_nix_unchanged()
    {
        var session = live.Require();
        var seed = SharedCampaign.ConfiguredSeed;
        var cases = Enumerable.Range(1, 24)
            .Select(i => Generators.Choices.Draw.Generate(HostileStrings.Case($"s{i:D3}"), new Rnd((ulong)(seed + i)), 10).Value)
            .ToList();
        var results = await Checks.Model(session).CheckAsync(cases);
        foreach (var r in results.Where(r => !r.Verdict.Conforms))
        {
            output.WriteLine(CaseJson.Serialize(r.Case));
            foreach (var d in r.Verdict.Disagreements) output.WriteLine($"  {d.Key}: expected {d.Expected}; actual {d.Actual}");
        }
        Assert.All(results, r => Assert.True(r.Verdict.Conforms, $"{r.Case.Id} did not round-trip (details in the test output)"));
        // Not vacuous: the strings really were hostile and really were compared as values.
        var compared = results.SelectMany(r => r.Verdict.Fields).Count(f => f.Agrees && (f.Key.MachineField == Model.Observations.MachineField.Scalar || f.Key.MachineField == Model.Observations.MachineField.List));
        Assert.True(compared >= 40, $"only {compared} string-valued fields were compared");
        Assert.Contains(cases, c => CaseJson.Serialize(c).Contains("${"));
    }
}
