using Conformance.Model.Cases;
using Conformance.Runner.Checking;
using Conformance.Tests.Infrastructure;
using Conformance.Tests.Differential;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

/// <summary>
/// Replays every promoted case in tests/Conformance/regressions (cases that once exposed a gap in
/// the model or a bug): each must conform on every field (none unobserved or timed out), and the
/// same observations against a deliberately wrong model must fail on every field. Promote a saved failure by copying its case.json here
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
    public async Task Every_promoted_case_conforms_on_every_field()
    {
        var session = live.Require();
        var files = System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal).ToList();
        var cases = files.Select(f => CaseJson.Deserialize(File.ReadAllText(f))).ToList();
        var results = await Checks.Model(session).CheckAsync(cases);
        var failing = new List<string>();
        for (var i = 0; i < results.Count; i++)
        {
            var problems = EveryField.Problems(results[i].Expected.Fields.Keys, results[i].Verdict);
            output.WriteLine($"{(problems.Count == 0 ? "ok  " : "FAIL")} {Path.GetFileName(files[i])}");
            foreach (var p in problems) output.WriteLine("     " + p);
            if (problems.Count > 0) failing.Add(Path.GetFileName(files[i]));
            EveryField.AssertAWrongModelIsCaught(results[i], Checks.KnownDeviations);
        }
        Assert.True(failing.Count == 0, $"{string.Join(", ", failing)} no longer conform on every field (see the output)");
    }
}
