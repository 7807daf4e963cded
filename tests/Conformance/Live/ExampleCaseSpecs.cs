using Conformance.Model.Cases;
using Conformance.Runner.Checking;
using Conformance.Tests.Infrastructure;
using Conformance.Tests.Examples;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

/// <summary>
/// The hand-written example cases, predicted by the model and checked against real Nix: each conforms
/// on every field (none unobserved or timed out), and the same observation against a deliberately
/// wrong model fails on every field.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class ExampleCaseSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    public static TheoryData<string> Examples
    {
        get
        {
            var data = new TheoryData<string> { "Dendritic", "Priorities", "ClanCoreReads" };
            foreach (var name in ServiceExampleCases.Names) data.Add(name);
            foreach (var name in ServiceSemanticsCases.Names) data.Add(name);
            foreach (var name in LayoutExampleCases.Names) data.Add(name);
            return data;
        }
    }

    [SkippableTheory(Timeout = 600_000)]
    [MemberData(nameof(Examples))]
    public async Task Example_case_conforms_on_every_field(string name)
    {
        var session = live.Require();
        var clanCase = (ClanCase)(typeof(ExampleCases).GetProperty(name) ?? typeof(ServiceExampleCases).GetProperty(name)
            ?? typeof(ServiceSemanticsCases).GetProperty(name) ?? typeof(LayoutExampleCases).GetProperty(name)!).GetValue(null)!;
        var checker = Checks.Model(session);
        var result = (await checker.CheckAsync([clanCase]))[0];
        foreach (var f in result.Verdict.Fields)
            output.WriteLine($"{(f.Agrees ? "ok  " : f.KnownDeviation is { } d ? "dev " : "FAIL")} {f.Key}: expected {f.Expected} actual {f.Actual?.ToString() ?? "<none>"}{(f.KnownDeviation is { } id ? $" (known deviation {id})" : "")}");
        foreach (var note in result.Observation.Notes) output.WriteLine("note: " + note);
        foreach (var (key, reason) in result.Verdict.Unobserved.Concat(result.Verdict.Faults)) output.WriteLine($"not observed {key}: {reason}");
        EveryField.AssertConforms(result);
        EveryField.AssertAWrongModelIsCaught(result, Checks.KnownDeviations);
    }
}
