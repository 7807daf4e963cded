using Conformance.NixDriver.Rendering;
using Conformance.Runner.Reports;
using Conformance.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class ReducerScratchSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    [SkippableTheory(Timeout = 1_800_000)]
    [InlineData("01")]
    public async Task Scratch(string number)
    {
        var session = live.Require();
        var pins = InputPin.FromLock(File.ReadAllText(Path.Combine(RepoPaths.Root, "fixtures", "test-clan", "flake.lock")));
        var finding = FindingFiles.Load(Path.Combine(RepoPaths.Root, "findings")).Single(f => f.Number == int.Parse(number));
        var start = ReportReduction.Prepare(finding.Case, finding.Field, pins["clan-core"], pins, finding.ExpectedValue, finding.Title, ["pin"]);
        output.WriteLine(start.Plain?.Files.ToListing() ?? "(no plain)");
        output.WriteLine(start.Plain?.Command.ToShellString() ?? "");
        var reduced = await new ReportReduction(session, TimeSpan.FromMinutes(10)).ReduceAsync(start, finding.ExpectedValue, finding.Title,
            [new ReportReduction.Side("pin", session.Evaluator)], TimeSpan.FromMinutes(15), default);
        output.WriteLine(reduced.Summary);
        File.WriteAllText($"/tmp/scratch-{number}.txt", reduced.Summary + "\n" + string.Join("; ", reduced.Outcomes) + "\n" + reduced.Repro.Files.ToListing() + "\n" + reduced.Repro.Command.ToShellString() + "\n");
        output.WriteLine(string.Join("; ", reduced.Outcomes));
        output.WriteLine(reduced.Repro.Files.ToListing());
        output.WriteLine(reduced.Repro.Command.ToShellString());
    }
}
