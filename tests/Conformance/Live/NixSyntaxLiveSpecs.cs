using Conformance.NixDriver.Reducing;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Rendering.Reduction;
using Conformance.Runner.Reports;
using Conformance.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

/// <summary>
/// The reducer's parser, printer and renaming against real Nix: every finding's clan as the harness
/// renders it (its text as written, <c>conformance</c> names and all) and as the report profile
/// holds it (parsed, renamed, printed) evaluate to the same value or the same error under its
/// command. A printer that dropped parentheses Nix needs, mis-escaped a string or lost a binding
/// would show here. One <c>nix repl</c> process for all of them.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class NixSyntaxLiveSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    [SkippableFact(Timeout = 900_000)]
    public async Task Printed_clans_evaluate_as_the_rendered_text_does()
    {
        var session = live.Require();
        var pins = InputPin.FromLock(File.ReadAllText(Path.Combine(RepoPaths.Root, "fixtures", "test-clan", "flake.lock")));
        var findings = FindingFiles.Load(Path.Combine(RepoPaths.Root, "findings"));
        var programs = new List<ReproProgram>();
        foreach (var finding in findings)
        {
            var rendered = ReportFlake.Render(ClanRenderer.Render(finding.Case), pins["clan-core"], pins);
            var command = ReproCommand.For(finding.Case, finding.Field, tried: []);
            var parsedCommand = ReproProgram.Parse(new RenderedTree(new Dictionary<string, string> { [ReportProfile.CommandFile] = ReportFlake.Neutral(command.Apply) }));
            // As written: every file verbatim (a program's text files are not printed), the command as the harness writes it.
            programs.Add(new ReproProgram(parsedCommand.Nix, rendered.Files));
            programs.Add(ReportProfile.FlakeParts(finding.Case, finding.Field, pins["clan-core"], pins).Program);
        }
        // Each pair shares its attribute; the batch reads one attribute path, so each pair gets its own batch.
        var mismatches = new List<string>();
        for (var i = 0; i < findings.Count; i++)
        {
            var attribute = ReproCommand.For(findings[i].Case, findings[i].Field, tried: []).AttributePath;
            var observer = new NixReproOracle(session, new ReproCommand(attribute, "x: x", ReproOutput.Value), [], TimeSpan.FromMinutes(10));
            var seen = await observer.ObserveAsync([programs[2 * i], programs[2 * i + 1]], session.Evaluator, default);
            output.WriteLine($"finding {findings[i].Number}: as written {seen[0]}; printed {seen[1]}");
            if (seen[0] is null || seen[1] is null || !seen[0]!.Same(seen[1]!)) mismatches.Add($"finding {findings[i].Number}: {seen[0]} vs {seen[1]}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
