using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.NixDriver.Checking;
using Conformance.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

[Collection(LiveNixCollection.Name)]
[Trait("Category", "Explore")]
public sealed class ExploreSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    [SkippableFact(Timeout = 3_600_000)]
    public async Task Explore()
    {
        var session = live.Require();
        var seed = int.Parse(Environment.GetEnvironmentVariable("EXPLORE_SEED") ?? "1");
        var count = int.Parse(Environment.GetEnvironmentVariable("EXPLORE_COUNT") ?? "20");
        var indices = Environment.GetEnvironmentVariable("EXPLORE_INDICES");
        var cases = indices is null
            ? ClanArbitraries.Campaign(seed, count)
            : indices.Split(',').Select(i => ClanArbitraries.Generate(seed, int.Parse(i))).ToList();
        var checker = new ConformanceChecker(session, new CheckOptions { LockFile = File.ReadAllText(Path.Combine(RepoPaths.Fixture(), "flake.lock")) });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await checker.CheckAsync(cases);
        output.WriteLine($"{results.Count} cases in {clock.Elapsed.TotalSeconds:0}s, {checker.Processes} processes, {checker.MachineEvaluations} machine evals");
        foreach (var r in results.Where(r => !r.Verdict.Conforms))
        {
            output.WriteLine($"=== {r.Case.Id}");
            output.WriteLine(CaseJson.Serialize(r.Case));
            foreach (var d in r.Verdict.Disagreements)
                output.WriteLine($"  {d.Key}: expected {d.Expected} | actual {d.Actual?.ToString() ?? "<none>"}");
        }
        output.WriteLine($"disagreeing: {results.Count(r => !r.Verdict.Conforms)}");
    }
}
