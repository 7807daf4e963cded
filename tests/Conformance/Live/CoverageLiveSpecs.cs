using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Model.Coverage;
using Conformance.NixDriver.Observing;
using Conformance.Runner;
using Conformance.Runner.Cli;
using Conformance.Runner.Coverage;
using Conformance.Runner.Hosting;
using Conformance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

/// <summary>
/// <c>coverage</c> at the pin, end to end on real Nix (one <c>nix eval</c> of the coverage flake):
/// it lists what the recorded listing holds (so the offline specs on tests/Conformance/recorded
/// stay true), every registry pattern names a declared option, every eval test clan-core's flake
/// lists is catalogued, and the report ends with its three summary lines.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class CoverageLiveSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    [SkippableFact(Timeout = 600_000)]
    public async Task Coverage_at_the_pin_lists_the_recorded_options_and_tests_and_ends_with_the_three_summary_lines()
    {
        live.Require();
        var json = Path.Combine(Directory.CreateTempSubdirectory("clan-conformance-coverage-").FullName, "coverage.json");
        var stdout = new StringWriter();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddConformance(new RepositoryFiles(RepoPaths.Root), new RunnerConsole(stdout, new StringWriter())).BuildServiceProvider();
        var exit = await services.GetRequiredService<CoverageRunner>().RunAsync(
            new CoverageCommand(new NixOptions { InputsFile = live.Session.Inputs?.SourceFile }, null, null) { JsonFile = json }, CancellationToken.None);
        var text = stdout.ToString();
        output.WriteLine(text);

        Assert.Equal(0, exit);
        var last = text.TrimEnd().Split('\n').TakeLast(3).ToList();
        Assert.Matches(@"^options: \d+/\d+ generated, predicted and observed", last[0]);
        Assert.Matches(@"^option groups: \d+/\d+ generated, predicted and observed$", last[1]);
        Assert.Matches(@"^clan-core eval tests: \d+/\d+ expressed as model specs$", last[2]);

        var report = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Empty(report["unmatchedPatterns"]!.AsArray());
        Assert.Empty(report["evalTests"]!["uncatalogued"]!.AsArray());
        Assert.Empty(report["evalTests"]!["stale"]!.AsArray());
        Assert.True(report["evalTests"]!["listedByNix"]!.GetValue<bool>());
        var recorded = DeclarationReader.Parse(JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "coverage-d7c35d9.json"))).RootElement);
        Assert.Equal(OptionListing.From(recorded.Options).Select(o => o.Path.Text),
            report["options"]!.AsArray().Select(o => o!["path"]!.GetValue<string>()));
    }
}
