using Conformance.Model.Cases;
using Conformance.Runner.Checking;
using Conformance.Tests.Infrastructure;
using Conformance.Tests.Differential;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

/// <summary>
/// Replays every promoted case in tests/Conformance/regressions (cases that once exposed a gap in
/// the model or a bug): each must conform. Promote a saved failure by copying its case.json here
/// under a descriptive name once the model or clan-core is fixed.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class RegressionSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    private static string Directory => Path.Combine(RepoPaths.Root, "tests", "Conformance", "regressions");

    [Fact]
    public void Every_promoted_case_is_valid()
    {
        var files = System.IO.Directory.GetFiles(Directory, "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
            Assert.Empty(CaseValidator.Problems(CaseJson.Deserialize(File.ReadAllText(file))));
    }

    [SkippableFact(Timeout = 900_000)]
    public async Task Every_promoted_case_conforms()
    {
        var session = live.Require();
        var files = System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal).ToList();
        var cases = files.Select(f => CaseJson.Deserialize(File.ReadAllText(f))).ToList();
        var results = await Checks.Model(session).CheckAsync(cases);
        for (var i = 0; i < results.Count; i++)
        {
            output.WriteLine($"{(results[i].Verdict.Conforms ? "ok  " : "FAIL")} {Path.GetFileName(files[i])}");
            foreach (var d in results[i].Verdict.Disagreements) output.WriteLine($"     {d.Key}: expected {d.Expected}; actual {d.Actual}");
        }
        Assert.All(results, r => Assert.True(r.Verdict.Conforms, r.Case.Id + " no longer conforms"));
    }
}
