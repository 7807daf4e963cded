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
            // The attribute goes into the function, so every program reads from the flake's outputs and all share one batch.
            var selected = command.AttributePath.Count == 0 ? "f" : "f." + NixSyntax.AttrPath([.. command.AttributePath]);
            var function = ReproProgram.Parse(new RenderedTree(new Dictionary<string, string>
            {
                [ReportProfile.CommandFile] = $"f: ({ReportFlake.Neutral(command.Apply)}) ({selected})",
            })).Nix;
            // As written: every file verbatim (a program's text files are not printed), the command as the harness writes it.
            programs.Add(new ReproProgram(function, rendered.Files));
            var printed = ReportProfile.FlakeParts(finding.Case, finding.Field, pins["clan-core"], pins).Program;
            programs.Add(printed with { Nix = printed.Nix.Where(kv => kv.Key != ReportProfile.CommandFile).Append(KeyValuePair.Create(ReportProfile.CommandFile, NixDriver.Rendering.Syntax.NixParser.Parse($"f: ({NixDriver.Rendering.Syntax.NixPrinter.Inline(printed.Nix[ReportProfile.CommandFile])}) ({selected})"))).ToDictionary() });
        }
        var observer = new NixReproOracle(session, new ReproCommand([], "x: x", ReproOutput.Value), [], TimeSpan.FromMinutes(20)) { BatchSize = programs.Count };
        var seen = await observer.ObserveAsync(programs, session.Evaluator, default);
        var mismatches = new List<string>();
        for (var i = 0; i < findings.Count; i++)
        {
            output.WriteLine($"finding {findings[i].Number}: as written {seen[2 * i]}; printed {seen[2 * i + 1]}");
            if (seen[2 * i] is null || seen[2 * i + 1] is null || !seen[2 * i]!.Same(seen[2 * i + 1]!)) mismatches.Add($"finding {findings[i].Number}: {seen[2 * i]} vs {seen[2 * i + 1]}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
