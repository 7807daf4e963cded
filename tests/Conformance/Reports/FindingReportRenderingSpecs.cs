using System.Text.Json.Nodes;
using Conformance.NixDriver.Rendering;
using Conformance.Runner.Reports;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Reports;

/// <summary>Findings as data, their reports and their nix-unit exports, without Nix.</summary>
public sealed class FindingReportRenderingSpecs
{
    private static string FindingsDirectory => Path.Combine(RepoPaths.Root, "findings");

    private static IReadOnlyDictionary<string, InputPin> LockPins => InputPin.FromLock(File.ReadAllText(Path.Combine(RepoPaths.Root, "fixtures", "test-clan", "flake.lock")));

    private const string OtherRevision = "fb7d2a7c5aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string OtherHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private static (string Report, RenderedTree Tree) Render(Finding finding)
    {
        var tree = ReportFlake.Render(ClanRenderer.Render(finding.Case), InputPin.ClanCore(OtherRevision, OtherHash), LockPins);
        var run = new ReproductionRun("nix eval --json '.#.' --apply 'f: f'", "[\"x\"]", "2.26.3", OtherRevision, OtherHash, "2026-04-10", "nixpkgs pinned");
        return (FindingReport.Render(finding, tree, run), tree);
    }

    [Fact]
    public void At_least_eight_findings_parse_and_validate()
    {
        var findings = FindingFiles.Load(FindingsDirectory);
        Assert.True(findings.Count >= 8, $"{findings.Count} findings");
        Assert.All(findings.Where(f => f.Class != FindingClass.Intended), f => Assert.True(File.Exists(Path.Combine(FindingsDirectory, "reports", f.Name + ".md")), $"finding {f.Number} has no generated report"));
    }

    [Fact]
    public void The_readme_shows_a_generated_report_as_it_is()
    {
        // README "Filing a finding upstream" quotes finding 21's report up to its verification note: regenerated reports must not leave it behind.
        var report = File.ReadAllText(Path.Combine(FindingsDirectory, "reports", "21-typo-under-role-machines-creates-member.md"));
        var upstream = report[..report.IndexOf("\n<!-- Verification", StringComparison.Ordinal)].TrimEnd('\n');
        Assert.Contains("````markdown\n" + upstream + "\n````", File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")));
    }

    [Fact]
    public void A_report_speaks_of_clan_core_only()
    {
        string[] harnessWords = ["clan-conformance", "harness", "the model", "known deviation", "fingerprint", "cause key", "_harness", "svc/", "cfg/", "sys/", "clan/Nixos", "verdict"];
        foreach (var finding in FindingFiles.Load(FindingsDirectory))
        {
            var (report, _) = Render(finding);
            foreach (var word in harnessWords)
                Assert.False(report.Contains(word, StringComparison.OrdinalIgnoreCase), $"finding {finding.Number}'s report says \"{word}\"");
        }
    }

    [Fact]
    public void A_diff_failure_reads_as_a_filed_report_against_the_parent_revision()
    {
        var dir = Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "failure-7295");
        var meta = Runner.Corpus.RecordJson.Deserialize<Runner.Corpus.FailureMeta>(File.ReadAllText(Path.Combine(dir, "meta.json")), "meta.json");
        var fields = Runner.Corpus.RecordJson.Deserialize<List<Runner.Corpus.FieldRecord>>(File.ReadAllText(Path.Combine(dir, "verdict.json")), "verdict.json");
        var finding = FailureFinding.From(meta, fields, Model.Cases.CaseJson.Deserialize(File.ReadAllText(Path.Combine(dir, "case.json"))), []);
        var (report, _) = Render(finding);
        Assert.Contains(meta.BaseVersions!.ClanCoreRevision!.Hash[..9], report);
        Assert.Contains($"should print `{fields[0].Expected.Value!.ToJsonString()}`", report);
        foreach (var word in new[] { "clan-conformance", "harness", "the model", "fingerprint", "cfg/", "verdict" })
            Assert.False(report.Contains(word, StringComparison.OrdinalIgnoreCase), $"the failure's report says \"{word}\"");
    }

    [Fact]
    public void The_reproduction_pins_the_reports_revision_and_hash_and_ships_no_lock()
    {
        var finding = FindingFiles.Load(FindingsDirectory)[0];
        var (report, tree) = Render(finding);
        Assert.DoesNotContain("flake.lock", tree.Files.Keys);
        var flake = tree.Files["flake.nix"];
        Assert.Contains($"github:clan-lol/clan-core/{OtherRevision}?narHash={Uri.EscapeDataString(OtherHash)}", flake);
        // The lock's own clan-core revision appears nowhere: the report is about the other one.
        Assert.EndsWith("/" + LockPins["clan-core"].Rev, LockPins["clan-core"].Url);
        Assert.DoesNotContain(LockPins["clan-core"].Rev!, report);
        foreach (var input in new[] { "nixpkgs", "flake-parts", "import-tree" })
            Assert.Contains($"{input}.url = \"{LockPins[input].Reference}\"", flake);
        Assert.Equal("[\"x\"]", FindingReport.OutputOf(report));
    }

    [Fact]
    public void A_failures_reproduction_on_another_revision_pins_that_revision_not_the_lock()
    {
        var finding = FindingFiles.Load(FindingsDirectory)[0];
        var lockFile = File.ReadAllText(Path.Combine(RepoPaths.Root, "fixtures", "test-clan", "flake.lock"));
        var other = new Runner.Corpus.EvaluatedVersions("2.26.3", "clan-lol/clan-core", "nixpkgs", "container")
        {
            ClanCoreRevision = new Model.Ledger.Commit(OtherRevision, DateTimeOffset.Parse("2026-04-10T00:00:00Z"), "a merge"),
            ClanCoreNarHash = OtherHash,
        };
        var tree = ReproTree.For(finding.Case, other, lockFile);
        Assert.DoesNotContain("flake.lock", tree.Files.Keys);
        Assert.Contains($"github:clan-lol/clan-core/{OtherRevision}?narHash=", tree.Files["flake.nix"]);
        // At the pin itself the fixture's lock still ships (it pins that revision).
        var atPin = ReproTree.For(finding.Case, other with { ClanCoreNarHash = LockPins["clan-core"].NarHash }, lockFile);
        Assert.Equal(lockFile, atPin.Files["flake.lock"]);
    }

    [Fact]
    public void A_bad_finding_file_is_an_error_naming_the_fix()
    {
        var good = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(FindingsDirectory, "21-*.json").Single()))!.AsObject();
        string Error(Action<JsonObject> edit, string name = "21-x.json")
        {
            var copy = good.DeepClone().AsObject();
            edit(copy);
            return Assert.Throws<FindingFormatException>(() => FindingFiles.Parse(copy.ToJsonString(), name)).Message;
        }
        Assert.Contains("missing title", Error(o => o.Remove("title")));
        Assert.Contains("rename the file", Error(_ => { }, "22-x.json"));
        Assert.Contains("name a field as results.jsonl does", Error(o => o["field"] = "nonsense"));
        Assert.Contains("read from stderr", Error(o => o["field"] = "stderr/warnings"));
        Assert.Contains("does not have", Error(o => o["field"] = "cfg/nobody/HostName"));
        Assert.Contains("expectedValue is missing", Error(o => o.Remove("expectedValue")));
        Assert.DoesNotContain("expectedValue", Error(o => { o.Remove("expectedValue"); o["expectedMessage"] = "modules/clan/inventory.nix"; o.Remove("title"); }));
        Assert.Contains("claim needs file", Error(o => o["claim"]!["line"] = 0));
        Assert.Contains("not valid JSON", Assert.Throws<FindingFormatException>(() => FindingFiles.Parse("{", "21-x.json")).Message);
    }

    [Fact]
    public void A_finding_exports_as_a_test_in_clan_cores_own_shape()
    {
        var finding = FindingFiles.Load(FindingsDirectory).Single(f => f.Number == 21);
        var exported = ExportRunner.Finding(finding, LockPins["clan-core"], LockPins);
        var test = exported.ClanCore!;
        Assert.Equal(NixDriver.Rendering.ClanCoreSuite.Services, test.Suite);
        Assert.Equal("lib/inventory/distributed-service/tests/typo_under_role_machines_creates_member.nix", test.Path);
        Assert.Equal([test.Path], exported.Tree.Files.Keys);
        var text = exported.Tree.Files[test.Path];
        // As lib/inventory/distributed-service/tests/settings.nix is written: createTestClan, the clan inline, expr and expected.
        Assert.StartsWith("# ", text);
        Assert.Contains("{ lib, createTestClan, ... }:", text);
        Assert.Contains("res = createTestClan {", text);
        Assert.Contains("_class = \"clan.service\";", text);
        Assert.Matches(@"test_typo_under_role_machines_creates_member =\n\s+let\n", text);
        Assert.Contains("expr = lib.attrNames res.config._services.allServices.self-net.result.allMachines;", text);
        Assert.Contains("expected = [ \"jon\" ];", text);
        // Nothing of the harness: no flake-parts, import-tree, probe options or trace labels.
        foreach (var harness in new[] { "conformance", "flake-parts", "import-tree", "_support", "evalModules", "builtins.trace", "inputs." })
            Assert.DoesNotContain(harness, text);
        Assert.Equal("typo_under_role_machines_creates_member = import ./typo_under_role_machines_creates_member.nix { inherit lib createTestClan; };", test.Registration);
    }

    [Fact]
    public void A_docs_finding_whose_behaviour_today_is_an_error_pins_that_error_as_nix_unit_expects_one()
    {
        var finding = FindingFiles.Load(FindingsDirectory).Single(f => f.Number == 18);
        Assert.True(ExportRunner.Exportable(finding));
        var test = ExportRunner.Finding(finding, LockPins["clan-core"], LockPins).ClanCore!;
        Assert.Contains("expectedError = { type = \"ThrownError\"; msg = \"has conflicting definition values\"; };", test.Text);
        Assert.DoesNotContain("expected = ", test.Text);
        Assert.Contains("instances.i1.roles.peer.machines.jon.finalSettings.config", test.Text);
        Assert.Equal("has conflicting definition values", test.ExpectedErrorPattern);
    }

    [Fact]
    public void A_case_clan_cores_shape_cannot_express_exports_in_the_flake_parts_form_saying_why()
    {
        // perInstance's `roles` argument is shown only by the harness's probe module.
        var finding = FindingFiles.Load(FindingsDirectory).Single(f => f.Number == 21) with { Field = Model.Observations.FieldKey.Parse("svc/self-net/i1/peer/jon/Roles") };
        var exported = ExportRunner.Finding(finding, LockPins["clan-core"], LockPins);
        Assert.Null(exported.ClanCore);
        Assert.Contains("probe module", exported.Why);
        Assert.Contains("{ lib, clanLib, ... }:", exported.Tree.Files["default.nix"]);
    }

    [Fact]
    public void A_machine_regression_is_written_as_lib_tests_nix_writes_its_tests()
    {
        var dir = Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "failure-7295");
        var exported = ExportRunner.Export(dir, LockPins["clan-core"], LockPins).Single();
        var test = exported.ClanCore!;
        Assert.Equal(NixDriver.Rendering.ClanCoreSuite.Clan, test.Suite);
        Assert.Equal("lib/regression_707b7807dcef_test.nix", test.Path);
        var text = test.Text;
        Assert.Contains("{ lib, clan-core }:", text);
        Assert.Contains("inherit (clan-core.clanLib) clan;", text);
        Assert.Contains("eval = clan {", text);
        // The field the shape can read (the first, the nixpkgs assertions, only the harness's expression reads) and the parent's value.
        Assert.Contains("._module.args.pkgs.config.custom or { };", text);
        Assert.Contains("expected = { a = \"y\"; b = \"y\"; };", text);
        // The machine's probe-only definitions (conformance.scalar) are left out: nothing the test reads sees them.
        Assert.DoesNotContain("conformance", text);
        Assert.DoesNotContain("scalar", text);
    }

    [Fact]
    public async Task A_patch_adds_the_test_file_and_registers_it_before_the_entry_files_closing_brace_as_git_apply_takes_it()
    {
        var finding = FindingFiles.Load(FindingsDirectory).Single(f => f.Number == 21);
        var test = ExportRunner.Finding(finding, LockPins["clan-core"], LockPins).ClanCore!;
        var entry = "{\n  lib,\n  clanLib,\n  ...\n}:\n{\n  settings = import ./settings.nix { inherit lib; };\n  cli_checks = import ./cli_checks.nix { inherit lib; };\n}\n";
        var patch = ClanCorePatch.Render(test, entry, "tests: a typo becomes a member", "Body.");
        var root = Directory.CreateTempSubdirectory("clan-conformance-patch-").FullName;
        var tree = Path.Combine(root, "tree");
        Directory.CreateDirectory(Path.Combine(tree, Path.GetDirectoryName(test.EntryFile)!));
        File.WriteAllText(Path.Combine(tree, test.EntryFile), entry);
        var applied = await NixDriver.Revisions.PatchedTree.ApplyAsync(tree, patch, Path.Combine(root, "out"));
        Assert.Equal(test.Text, File.ReadAllText(Path.Combine(applied, test.Path)));
        Assert.Equal(entry.Replace("  cli_checks = import ./cli_checks.nix { inherit lib; };\n}", "  cli_checks = import ./cli_checks.nix { inherit lib; };\n  " + test.Registration + "\n}"),
            File.ReadAllText(Path.Combine(applied, test.EntryFile)));
        // A patch for another revision's file does not apply: the failure names git's reason.
        var other = ClanCorePatch.Render(test, entry.Replace("settings", "other"), "s", "b");
        await Assert.ThrowsAsync<NixDriver.Revisions.RevisionException>(() => NixDriver.Revisions.PatchedTree.ApplyAsync(tree, other, Path.Combine(root, "out2")));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void A_case_with_clan_cores_module_input_reads_back()
    {
        // Finding 27's case: module.input = null was left out of case.json, which then did not parse.
        var finding = FindingFiles.Load(FindingsDirectory).Single(f => f.Number == 27);
        Assert.True(Model.Cases.CaseJson.Same(finding.Case, Model.Cases.CaseJson.Deserialize(Model.Cases.CaseJson.Serialize(finding.Case))));
    }

    [Fact]
    public void Nix_values_of_json()
    {
        Assert.Equal("{ port = 42; \"a b\" = [ \"x\" true null ]; }", NixUnitExport.Value(JsonNode.Parse("{\"port\":42,\"a b\":[\"x\",true,null]}")));
        Assert.Equal("[ ]", NixUnitExport.Value(new JsonArray()));
    }
}

/// <summary>The report and export verbs on bad input: one line naming the fix, exit 2, before any Nix runs.</summary>
[Collection(Cli.ConsoleCollection.Name)]
public sealed class FindingCliSpecs
{
    [Fact]
    public async Task Export_without_a_format_names_the_one_there_is()
    {
        var (exit, _, stderr) = await ProgramRun.RunAsync("export", "findings", "--out", Path.GetTempPath());
        Assert.Equal(2, exit);
        ProgramRun.AssertOneClearLine(stderr, "--nix-unit");
    }

    [Fact]
    public async Task A_bad_finding_file_stops_report_and_export_with_the_fix()
    {
        var dir = Directory.CreateTempSubdirectory("clan-conformance-findings-").FullName;
        var file = Path.Combine(dir, "21-broken.json");
        await File.WriteAllTextAsync(file, "{ \"number\": 21 }");
        foreach (var args in new[] { new[] { "report", file }, ["export", "--nix-unit", file, "--out", dir] })
        {
            var (exit, _, stderr) = await ProgramRun.RunAsync(args);
            Assert.Equal(2, exit);
            ProgramRun.AssertOneClearLine(stderr, "missing title, happens, expected, severity, class, introducedBy, field, case; add them");
        }
        Directory.Delete(dir, recursive: true);
    }
}
