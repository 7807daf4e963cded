using Conformance.Model.Observations;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Rendering.Reduction;
using Conformance.NixDriver.Rendering.Syntax;
using Conformance.Runner.Reports;
using Conformance.Tests.Examples;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Reduction;

/// <summary>The report profile and what a report's repro is read back from, without Nix.</summary>
public sealed class ReportProfileSpecs
{
    private static IReadOnlyDictionary<string, InputPin> LockPins => InputPin.FromLock(File.ReadAllText(Path.Combine(RepoPaths.Root, "fixtures", "test-clan", "flake.lock")));

    private static IReadOnlyList<Finding> Findings => FindingFiles.Load(Path.Combine(RepoPaths.Root, "findings"));

    [Fact]
    public void Every_findings_clan_has_a_plain_clan_core_lib_clan_shape_without_harness_names()
    {
        foreach (var finding in Findings)
        {
            var plain = ReportProfile.Plain(finding.Case, finding.Field, LockPins["clan-core"], LockPins);
            Assert.NotNull(plain);
            var flake = plain!.Files.Files["flake.nix"];
            Assert.Contains("clan-core.lib.clan", flake);
            Assert.DoesNotContain("flake-parts", flake);
            Assert.DoesNotContain("import-tree", flake);
            var listing = plain.Program.Listing();
            Assert.False(listing.Contains("conformance", StringComparison.OrdinalIgnoreCase), $"finding {finding.Number}'s plain repro says conformance:\n{listing}");
            Assert.DoesNotContain("_harness", listing);
            // Every path a file names is a file of the repro.
            foreach (var (path, root) in plain.Program.Nix)
                foreach (var (_, node) in NixTree.Nodes(root))
                    if (node is NixPath { Text: var p } && (p.StartsWith("./", StringComparison.Ordinal) || p.StartsWith("../", StringComparison.Ordinal)) && p != "./.")
                        Assert.Contains(Path.GetRelativePath(".", Path.Combine(Path.GetDirectoryName(path) ?? "", p)).Replace('\\', '/'), plain.Files.Files.Keys);
        }
    }

    [Fact]
    public void A_case_that_needs_flake_parts_has_no_plain_shape()
    {
        // Dendritic modules are flake-parts' flake.modules, and the machines read them through its config.
        var key = FieldKey.Parse("clan/NixosConfigurations");
        Assert.Null(ReportProfile.Plain(ExampleCases.Dendritic, key, LockPins["clan-core"], LockPins));
        Assert.True(ReportProfile.FlakeParts(ExampleCases.Dendritic, key, LockPins["clan-core"], LockPins).FlakeParts);
    }

    [Fact]
    public void The_reduction_key_follows_the_case_and_what_is_said_of_it_not_the_printed_text()
    {
        var finding = Findings[0];
        string Key(string title, params string[] sides) =>
            ReportReduction.Prepare(finding.Case, finding.Field, LockPins["clan-core"], LockPins, finding.ExpectedValue, title, sides).Key;
        Assert.Equal(Key(finding.Title, "pin"), Key(finding.Title, "pin"));
        Assert.NotEqual(Key(finding.Title, "pin"), Key(finding.Title + " (edited)", "pin"));
        Assert.NotEqual(Key(finding.Title, "pin"), Key(finding.Title, "pin", "base"));
    }

    [Fact]
    public void A_commands_selection_moves_into_the_attribute_it_reads()
    {
        var repro = ReportProfile.FlakeParts(Findings.Single(f => f.Number == 21).Case, FieldKey.Parse("svc/self-net/Members"), LockPins["clan-core"], LockPins);
        var nix = repro.Program.Nix.ToDictionary(kv => kv.Key, kv => kv.Value);
        nix[ReportProfile.CommandFile] = NixParser.Parse("f: builtins.attrNames f.clan._services.allServices.self-net.result.allMachines");
        var hoisted = ReportReduction.Hoisted(repro with { Program = repro.Program with { Nix = nix } })!;
        Assert.Equal("nix eval --json '.#clan._services.allServices.self-net.result.allMachines' --apply 'builtins.attrNames'", hoisted.Command.ToShellString());
        // A function using its argument twice, or selecting a name the command line cannot address, stays as it is.
        nix[ReportProfile.CommandFile] = NixParser.Parse("f: f.clan.a ++ f.clan.b");
        Assert.Null(ReportReduction.Hoisted(repro with { Program = repro.Program with { Nix = nix } }));
        nix[ReportProfile.CommandFile] = NixParser.Parse("f: f.clan.\"a b\"");
        Assert.Null(ReportReduction.Hoisted(repro with { Program = repro.Program with { Nix = nix } }));
    }

    [Fact]
    public void A_reports_reproduction_reads_back_as_files_and_command()
    {
        var finding = Findings.Single(f => f.Number == 21);
        var repro = ReportProfile.Plain(finding.Case, finding.Field, LockPins["clan-core"], LockPins)!;
        var run = new ReproductionRun(repro.Command.ToShellString(), "[\"jno\",\"jon\"]", "2.26.3", LockPins["clan-core"].Rev!, LockPins["clan-core"].NarHash, null, "nixpkgs");
        var report = FindingReport.Render(finding, repro.Files, run);
        var (files, command) = FindingReport.ReproductionOf(report)!.Value;
        Assert.Equal(repro.Files.ToListing(), files.ToListing());
        var parsed = ReproCommand.ParseValue(command)!;
        Assert.Equal(repro.Command.AttributePath, parsed.AttributePath);
        Assert.Equal(repro.Command.Apply, parsed.Apply);
        Assert.Equal(command, parsed.ToShellString());
    }

    [Theory]
    [InlineData("nix eval --json '.#.' --apply 'f: f.a'", "", "f: f.a")]
    [InlineData("nix eval --json '.#nixosConfigurations.jon' --apply 'm: m.config.networking.hostName'", "nixosConfigurations/jon", "m: m.config.networking.hostName")]
    [InlineData("nix eval --json '.#clanInternals.machines.x86_64-linux.\"a b\"' --apply 'x: x'", "clanInternals/machines/x86_64-linux/a b", "x: x")]
    [InlineData("nix eval --json '.#.' --apply 'f: \"it'\\''s\"'", "", "f: \"it's\"")]
    public void A_value_command_reads_back_as_written(string shell, string path, string apply)
    {
        var command = ReproCommand.ParseValue(shell)!;
        Assert.Equal(path, string.Join("/", command.AttributePath));
        Assert.Equal(apply, command.Apply);
    }

    [Fact]
    public void The_introducing_commit_reads_with_its_date_and_pull_request_on_clans_forge()
    {
        var commit = new Model.Ledger.Commit("2bc314d4835783da322d6ec7d16280d97cf046de", new DateTimeOffset(2026, 4, 10, 8, 0, 0, TimeSpan.Zero),
            "clan/module: use pkgsFor as default") { Merge = new Model.Ledger.Commit("fb7d2a7c5ed352e92ea0d78aa51aa88478db8067", DateTimeOffset.UnixEpoch, "Merge pull request 'x' (#7295) from y into main") };
        Assert.Equal("Introduced by `2bc314d48` (2026-04-10, [#7295](https://git.clan.lol/clan/clan-core/pulls/7295)): clan/module: use pkgsFor as default (bisected).",
            Introduction.From(commit, "bisected").Line());
    }

    [Fact]
    public void Premises_count_the_expected_values_names_and_the_titles_quoted_names()
    {
        // A string the program holds only in parts: each part at least once, whatever else mentions it.
        var parts = ReproProgram.Parse(new RenderedTree(new Dictionary<string, string> { ["flake.nix"] = "{ a = \"pfs:\" + s; b = builtins.trace \"pfs: called\" 1; }" }));
        var partial = ReproPremises.Of(parts, System.Text.Json.Nodes.JsonNode.Parse("[\"pfs:x86_64-linux\"]"), null);
        Assert.Equal(1, partial.Atoms["pfs:"]);
        Assert.False(partial.Atoms.ContainsKey("pfs: called"));
        var program = ReproProgram.Parse(new RenderedTree(new Dictionary<string, string> { ["flake.nix"] = "{ a.jon = 1; b.jon = 2; roles = 3; }" }));
        var premises = ReproPremises.Of(program, System.Text.Json.Nodes.JsonNode.Parse("[\"jon\"]"), "`roles.<role>.machines` is odd");
        Assert.Equal(2, premises.Atoms["jon"]);
        Assert.Equal(1, premises.Names["roles"]);
        Assert.False(premises.Names.ContainsKey("role"));
        Assert.False(premises.HeldBy(ReproProgram.Parse(new RenderedTree(new Dictionary<string, string> { ["flake.nix"] = "{ a.jon = 1; roles = 3; }" }))));
    }
}
