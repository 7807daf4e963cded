using System.Text.Json;
using Conformance.Model.Errors;
using Conformance.Model.Observations;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Live;

/// <summary>
/// The seed report's "Validation" list, checked against real clan-core under real Nix on
/// fixtures/test-clan. Each ✅ must work and each ❌ must fail as the seed says; where Nix
/// disagrees with the seed, the test asserts what Nix does and its name says which claim it refutes.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class SeedClaimSpecs(LiveNixFixture live)
{
    private const string PkgsForSystemTrace = "clan-conformance:pkgsForSystem:";

    private static string FixtureDir => RepoPaths.Fixture();

    private Task<NixEvalResult> Eval(string apply, params string[] attribute) =>
        live.Require().Evaluator.EvaluateAsync(NixEvalRequest.Attribute(FixtureDir, attribute).WithApply(apply));

    private Task<NixEvalResult> EvalField(MachineField field, params string[] machineAttribute) =>
        Eval(ObservationExpressions.For(field), machineAttribute);

    // Clan fields are functions of the whole flake's outputs: evaluate the flake itself.
    private Task<NixEvalResult> EvalClanField(ClanField field) => Eval(ObservationExpressions.For(field));

    private static string[] Strings(NixEvalResult r) => r.Deserialize<string[]>();

    private static int PkgsForSystemCalls(NixEvalResult r, string system) =>
        r.Stderr.Traces.Count(t => t == PkgsForSystemTrace + system);

    [SkippableFact(Timeout = 300_000)]
    public async Task Works_nixpkgs_config_set_in_a_machine_module_reaches_that_machines_pkgs()
    {
        // cinnabar allows ngrok via allowUnfreePredicate, electrum via allowUnfree, blackphos (darwin) via predicate.
        Assert.True((await Eval(NixExpressions.PackageAvailable("ngrok"), "nixosConfigurations", "cinnabar")).Deserialize<bool>());
        Assert.True((await Eval(NixExpressions.PackageAvailable("ngrok"), "nixosConfigurations", "electrum")).Deserialize<bool>());
        Assert.True((await Eval(NixExpressions.PackageAvailable("ngrok"), "darwinConfigurations", "blackphos")).Deserialize<bool>());
        // …and only that machine's: electrum's allowUnfree does not leak into cinnabar (graphite-cli is allowed there, terraform is not).
        Assert.False((await Eval(NixExpressions.PackageAvailable("terraform"), "nixosConfigurations", "cinnabar")).Deserialize<bool>());
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task Works_dendritic_flake_modules_imports_become_machine_configuration()
    {
        // The machine module (flake.modules.nixos."machines/nixos/cinnabar") and the base module it
        // imports (flake.modules.nixos.base) both took effect: their overlays are in the trail.
        var trail = Strings(await EvalField(MachineField.Trail, "nixosConfigurations", "cinnabar"));
        Assert.Contains("cinnabar", trail);
        Assert.Contains("base", trail);
        Assert.Equal("x86_64-linux", (await EvalField(MachineField.PkgsSystem, "nixosConfigurations", "cinnabar")).Deserialize<string>());
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task Works_inventory_metadata_and_machine_configuration_combine()
    {
        var inventory = (await EvalClanField(ClanField.Inventory)).Value;
        Assert.Equal("nixos", inventory.GetProperty("cinnabar").GetProperty("machineClass").GetString());
        Assert.Equal("darwin", inventory.GetProperty("blackphos").GetProperty("machineClass").GetString());
        // Computed tags (all, nixos/darwin) are added to the user's.
        var tags = inventory.GetProperty("blackphos").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
        Assert.Equal(["laptop", "all", "darwin"], tags);

        // The class decides the output: nixosConfigurations vs darwinConfigurations.
        Assert.Equal(["cinnabar", "electrum"], Strings(await EvalClanField(ClanField.NixosConfigurations)));
        Assert.Equal(["blackphos"], Strings(await EvalClanField(ClanField.DarwinConfigurations)));
        Assert.Equal(["clan-machine-cinnabar", "clan-machine-electrum"], Strings(await EvalClanField(ClanField.NixosModules)));

        // Roles by tags reach the machines' configuration: server = hetzner, client = cloud + laptop.
        Assert.Equal(["probe/client", "probe/server"], Strings(await EvalField(MachineField.Roles, "nixosConfigurations", "cinnabar")).Order());
        Assert.Equal(["probe/client"], Strings(await EvalField(MachineField.Roles, "nixosConfigurations", "electrum")));
        Assert.Equal(["probe/client"], Strings(await EvalField(MachineField.Roles, "darwinConfigurations", "blackphos")));
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task Works_pkgsForSystem_customises_pkgs_per_system_in_clanInternals()
    {
        // x86_64-linux: the custom instance (its marker overlay first), then the machine's overlays appended.
        var custom = Strings(await EvalField(MachineField.Trail, "clanInternals", "machines", "x86_64-linux", "cinnabar"));
        Assert.Equal("pkgsForSystem", custom[0]);
        // aarch64-darwin: pkgsForSystem returns null, so nixpkgs.legacyPackages is the base (no marker).
        var fallback = Strings(await EvalField(MachineField.Trail, "clanInternals", "machines", "aarch64-darwin", "blackphos"));
        Assert.DoesNotContain("pkgsForSystem", fallback);
        Assert.Contains("blackphos", fallback);
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task Works_overlays_from_base_and_machine_modules_both_apply_imported_module_first()
    {
        // lib.modules merges definitions in reverse of its breadth-first module collection, so the
        // base module (imported by the machine module) defines its overlay before the machine's.
        Assert.Equal(["base", "cinnabar"], Strings(await EvalField(MachineField.Trail, "nixosConfigurations", "cinnabar")));
        Assert.Equal(["base"], Strings(await EvalField(MachineField.Trail, "nixosConfigurations", "electrum")));
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task Fails_inventory_level_nixpkgs_config_is_rejected_as_a_nonexistent_option()
    {
        var error = await EvaluateVariantExpectingError("inventory-nixpkgs");
        Assert.Equal(ErrorKind.OptionDoesNotExist, error.Kind);
        Assert.Contains("The option `flake.clan.inventory.machines.cinnabar.nixpkgs' does not exist.", error.Message);
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task Fails_service_level_nixpkgs_config_is_rejected_as_a_nonexistent_option()
    {
        var error = await EvaluateVariantExpectingError("service-nixpkgs");
        Assert.Equal(ErrorKind.OptionDoesNotExist, error.Kind);
        Assert.Contains("The option `flake.clan.inventory.instances.probe.roles.server.nixpkgs' does not exist.", error.Message);
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task Fails_pkgsForSystem_is_called_once_per_system_not_per_machine()
    {
        var one = await EvalField(MachineField.Trail, "clanInternals", "machines", "x86_64-linux", "cinnabar");
        Assert.Equal(1, PkgsForSystemCalls(one, "x86_64-linux"));

        // All three machines (two NixOS, one darwin) in x86_64-linux: still one call.
        var many = await Eval(NixExpressions.MapMachines(ObservationExpressions.For(MachineField.Trail)), "clanInternals", "machines", "x86_64-linux");
        Assert.Equal(3, many.Value.EnumerateObject().Count());
        Assert.Equal(1, PkgsForSystemCalls(many, "x86_64-linux"));
        Assert.Equal(0, PkgsForSystemCalls(many, "aarch64-darwin"));
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task Refutes_phase_A_pkgsForSystem_is_lazy_and_never_called_for_nixosConfigurations()
    {
        // Seed: "Phase A … Evaluated early … BEFORE machine modules". Nix: pkgsFor is a lazy
        // attribute set; evaluating deployable configurations never calls pkgsForSystem.
        var r = await Eval(NixExpressions.MapMachines(ObservationExpressions.For(MachineField.Trail)), "nixosConfigurations");
        Assert.DoesNotContain(r.Stderr.Traces, t => t.StartsWith(PkgsForSystemTrace, StringComparison.Ordinal));
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task Refutes_nixosConfigurations_pkgs_come_from_pkgsFor()
    {
        // Seed, step 5: "pkgs come from pre-instantiated pkgsFor (no config applied)". Nix: the
        // deployable configuration builds its own pkgs from nixpkgs.* options (no pkgsForSystem
        // marker, machine config applied); only clanInternals.machines uses pkgsFor (clan-core #4141).
        Assert.DoesNotContain("pkgsForSystem", Strings(await EvalField(MachineField.Trail, "nixosConfigurations", "cinnabar")));
        Assert.True((await Eval(NixExpressions.PackageAvailable("ngrok"), "nixosConfigurations", "cinnabar")).Deserialize<bool>());
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task Refutes_overridePkgs_does_not_interfere_with_machine_nixpkgs_config()
    {
        // Seed: "Later injection of overridePkgs doesn't interfere (it only forces pkgs/hostPlatform)".
        // Nix: in clanInternals.machines the forced nixpkgs.pkgs makes the machine's nixpkgs.config
        // ignored (ngrok no longer allowed) and nixpkgs' own assertion against it fails.
        var internals = new[] { "clanInternals", "machines", "x86_64-linux", "cinnabar" };
        Assert.False((await Eval(NixExpressions.PackageAvailable("ngrok"), internals)).Deserialize<bool>());
        var failed = Strings(await EvalField(MachineField.NixpkgsAssertions, internals));
        Assert.Contains(failed, m => m.Contains("externally created instance", StringComparison.Ordinal));
        // The deployable configuration has no such failure.
        Assert.Empty(Strings(await EvalField(MachineField.NixpkgsAssertions, "nixosConfigurations", "cinnabar")));
    }

    private async Task<NixError> EvaluateVariantExpectingError(string variant)
    {
        var session = live.Require();
        var dir = session.CreateScratchDirectory(variant);
        RepoPaths.CopyTree(FixtureDir, dir);
        RepoPaths.CopyTree(RepoPaths.Variant(variant), dir);
        var request = NixEvalRequest.Attribute(dir, "nixosConfigurations", "cinnabar").WithApply(ObservationExpressions.For(MachineField.HostName));
        var thrown = await Assert.ThrowsAsync<NixEvaluationException>(() => session.Evaluator.EvaluateAsync(request));
        return thrown.Error;
    }
}
