using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Errors;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;

namespace Conformance.Tests.ModelSpecs;

/// <summary>The oracle's clan-core rules, one small case each.</summary>
public sealed class OracleSpecs
{
    private static readonly ModuleSpec Platform = new("platform", ModuleKind.Inline) { Definitions = [new HostPlatformDef(Systems.X86_64Linux)] };

    private static MachineSpec Machine(string name, params string[] imports) => new(name) { InClanMachines = true, Imports = [.. imports, "platform"] };

    private static ClanCase Case(params MachineSpec[] machines) => new("t1") { Machines = machines, Modules = [Platform] };

    private static JsonNode? Value(Prediction p, FieldKey key) => Assert.IsType<ValueOutcome>(p.Fields[key]).Expected;

    private static ExpectedError Error(Prediction p, FieldKey key) => Assert.IsType<ErrorOutcome>(p.Fields[key]).Error;

    [Fact]
    public void Reading_non_public_attributes_of_the_clan_core_argument_warns_once_per_attribute()
    {
        var c = Case(Machine("web"), Machine("db")) with { CoreReads = ["outPath", "clanLib", "inputs"] };
        var p = Oracle.Predict(c);
        Assert.Equal(["outPath", "clanLib", "inputs"], Value(p, FieldKey.Configuration("web", MachineField.CoreReads))!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["inputs", "outPath"], Value(p, FieldKey.CoreWarnings())!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Empty(Value(Oracle.Predict(c with { CoreReads = ["clanLib", "nixosModules"] }), FieldKey.CoreWarnings())!.AsArray());
    }

    [Fact]
    public void Reads_of_the_clan_core_argument_that_never_evaluate_print_no_warning()
    {
        // A NixOS machine with no platform fails every field (finding 11): its reads never run.
        var c = new ClanCase("t1") { Machines = [new MachineSpec("bare") { InClanMachines = true }], CoreReads = ["inputs"] };
        var p = Oracle.Predict(c);
        Assert.IsType<ErrorOutcome>(p.Fields[FieldKey.Configuration("bare", MachineField.CoreReads)]);
        Assert.Empty(Value(p, FieldKey.CoreWarnings())!.AsArray());
        // A machine declared only by its directory has no module reading anything.
        var outside = Case(new MachineSpec("dir") { Directory = new MachineDirectory { Configuration = new ModuleSpec("dir-configuration", ModuleKind.File) { Definitions = [new HostPlatformDef(Systems.X86_64Linux)] } } })
            with { CoreReads = ["inputs"] };
        var q = Oracle.Predict(outside);
        Assert.Empty(Value(q, FieldKey.Configuration("dir", MachineField.CoreReads))!.AsArray());
        Assert.Empty(Value(q, FieldKey.CoreWarnings())!.AsArray());
    }

    [Fact]
    public void Clan_names_the_host_after_the_machine_with_mkDefault_so_a_plain_definition_wins()
    {
        var renamed = new ModuleSpec("rename", ModuleKind.Inline) { Definitions = [new HostNameDef("other")] };
        var p = Oracle.Predict(Case(Machine("web"), Machine("db", "rename")) with { Modules = [Platform, renamed] });
        Assert.Equal("web", Value(p, FieldKey.Configuration("web", MachineField.HostName))!.GetValue<string>());
        Assert.Equal("other", Value(p, FieldKey.Configuration("db", MachineField.HostName))!.GetValue<string>());
    }

    [Fact]
    public void A_mkDefault_hostname_conflicts_with_clans_own_mkDefault()
    {
        var module = new ModuleSpec("rename", ModuleKind.Inline) { Definitions = [new HostNameDef("other") { Priority = Priority.Default }] };
        var p = Oracle.Predict(Case(Machine("web", "rename")) with { Modules = [Platform, module] });
        Assert.Equal(ErrorKind.ConflictingDefinitions, Error(p, FieldKey.Configuration("web", MachineField.HostName)).Kind);
    }

    [Fact]
    public void Machine_names_that_are_not_hostnames_fail_the_type_check_for_nixos_but_darwin_allows_dots()
    {
        var p = Oracle.Predict(Case(Machine("a.b")));
        Assert.Equal(ErrorKind.TypeMismatch, Error(p, FieldKey.Configuration("a.b", MachineField.HostName)).Kind);
        var darwin = Oracle.Predict(Case(Machine("a.b") with { InventoryNix = new InventoryEntry { Class = MachineClass.Darwin } }));
        Assert.Equal("a.b", Value(darwin, FieldKey.Configuration("a.b", MachineField.HostName))!.GetValue<string>());
    }

    [Fact]
    public void PkgsForSystem_is_called_once_per_inspected_system_however_many_machines()
    {
        var c = Case(Machine("a"), Machine("b"), Machine("c")) with
        {
            PkgsForSystem = new PkgsForSystemSpec(PkgsForSystemMode.ClanOption) { CustomSystems = [Systems.X86_64Linux] },
            InspectSystems = [Systems.X86_64Linux],
        };
        var p = Oracle.Predict(c);
        Assert.Equal(1, Value(p, FieldKey.PkgsForSystemCalls(Scope.Internals, Systems.X86_64Linux))!.GetValue<int>());
        Assert.Equal(0, Value(p, FieldKey.PkgsForSystemCalls(Scope.Internals, Systems.Aarch64Linux))!.GetValue<int>());
        // Deployable configurations never call it.
        Assert.Equal(0, Value(Oracle.Predict(c with { InspectSystems = [] }), FieldKey.PkgsForSystemCalls(Scope.Internals, Systems.X86_64Linux))!.GetValue<int>());
    }

    [Fact]
    public void PerSystem_pkgs_for_a_system_flake_parts_does_not_know_is_a_missing_attribute()
    {
        var c = Case(Machine("a")) with
        {
            FlakeSystems = [Systems.X86_64Linux],
            PkgsForSystem = new PkgsForSystemSpec(PkgsForSystemMode.PerSystem),
            InspectSystems = [Systems.Aarch64Linux],
        };
        var error = Error(Oracle.Predict(c), FieldKey.Internals(Systems.Aarch64Linux, "a", MachineField.Trail));
        Assert.Equal(ErrorKind.AttributeMissing, error.Kind);
        Assert.False(error.IsCatchable);
    }

    [Fact]
    public void ClanInternals_forces_pkgsFor_and_appends_the_machines_overlays()
    {
        var overlay = new ModuleSpec("ov", ModuleKind.Inline) { Definitions = [new OverlayDef("mine")] };
        var c = Case(Machine("a", "ov")) with
        {
            Modules = [Platform, overlay],
            PkgsForSystem = new PkgsForSystemSpec(PkgsForSystemMode.ClanOption) { CustomSystems = [Systems.X86_64Linux] },
            InspectSystems = [Systems.X86_64Linux],
        };
        var trail = Oracle.Predict(c).Fields[FieldKey.Internals(Systems.X86_64Linux, "a", MachineField.Trail)];
        // Documented: nixpkgs.* ignored; actual (a known deviation): overlays appended after pkgsForSystem's.
        Assert.Equal("[\"pfs:x86_64-linux\"]", ((ValueOutcome)trail).Expected!.ToJsonString());
        Assert.Equal(DeviationIds.InternalsApplyOverlaysOnPkgsForSystem, trail.Deviation!.Id);
        Assert.Equal("[\"pfs:x86_64-linux\",\"mine\"]", ((ValueOutcome)trail.Deviation.Actual).Expected!.ToJsonString());
    }

    [Fact]
    public void A_machines_own_mkForce_pkgs_collides_with_clans_mkForce_in_clanInternals()
    {
        var own = new ModuleSpec("own", ModuleKind.Dendritic) { Definitions = [new NixpkgsPkgsDef(Systems.X86_64Linux, "own1") { Priority = Priority.Force }] };
        var c = Case(Machine("a", "own")) with { Modules = [own, Platform], InspectSystems = [Systems.X86_64Linux] };
        var p = Oracle.Predict(c);
        Assert.Equal(ErrorKind.NotUnique, Error(p, FieldKey.Internals(Systems.X86_64Linux, "a", MachineField.Trail)).Kind);
        Assert.Equal("[\"own1\"]", Value(p, FieldKey.Configuration("a", MachineField.Trail))!.ToJsonString());
    }

    [Fact]
    public void Computed_tags_follow_the_users_and_roles_resolve_by_tag_ignoring_unknown_machines()
    {
        var c = Case(Machine("web") with { InventoryNix = new InventoryEntry { Tags = ["cloud"] } }, Machine("db")) with
        {
            Instances = [new InstanceSpec("svc") { Roles = [new RoleSpec(RoleSpec.Server) { Tags = ["cloud", "nosuchtag"], Machines = ["ghost"] }] }],
        };
        var p = Oracle.Predict(c);
        var inventory = Value(p, FieldKey.Clan(ClanField.Inventory))!;
        Assert.Equal("[\"cloud\",\"all\",\"nixos\"]", inventory["web"]!["tags"]!.ToJsonString());
        Assert.Equal("[\"svc/server\"]", Value(p, FieldKey.Configuration("web", MachineField.Roles))!.ToJsonString());
        Assert.Equal("[]", Value(p, FieldKey.Configuration("db", MachineField.Roles))!.ToJsonString());
        Assert.Contains(Value(p, FieldKey.Warnings())!.AsArray(), w => w!.GetValue<string>().Contains("no machine with tag 'nosuchtag'"));
    }

    [Fact]
    public void A_class_conflict_between_inventory_json_and_nix_fails_everything_that_filters_by_class()
    {
        var conflicted = Machine("x") with
        {
            InventoryNix = new InventoryEntry { Class = MachineClass.Darwin },
            InventoryJson = new InventoryEntry { Class = MachineClass.Nixos },
        };
        var c = Case(conflicted, Machine("y")) with { InspectSystems = [Systems.X86_64Linux] };
        var p = Oracle.Predict(c);
        Assert.Equal(ErrorKind.ConflictingDefinitions, Error(p, FieldKey.Clan(ClanField.NixosConfigurations)).Kind);
        Assert.Equal(ErrorKind.ConflictingDefinitions, Error(p, FieldKey.Configuration("y", MachineField.HostName)).Kind);
        // clanInternals maps over all machines without filtering: only the conflicting one fails there.
        Assert.IsType<ValueOutcome>(p.Fields[FieldKey.Internals(Systems.X86_64Linux, "y", MachineField.PkgsSystem)]);
        Assert.IsType<ErrorOutcome>(p.Fields[FieldKey.Internals(Systems.X86_64Linux, "x", MachineField.PkgsSystem)]);
    }

    [Fact]
    public void A_nixos_machine_without_any_platform_fails_entirely_a_darwin_one_only_where_pkgs_are_needed()
    {
        var nixos = Oracle.Predict(new ClanCase("t2") { Machines = [new MachineSpec("n") { InClanMachines = true }] });
        Assert.Equal(ErrorKind.Throw, Error(nixos, FieldKey.Configuration("n", MachineField.HostName)).Kind);
        var darwin = Oracle.Predict(new ClanCase("t3") { Machines = [new MachineSpec("d") { InClanMachines = true, InventoryNix = new InventoryEntry { Class = MachineClass.Darwin } }] });
        Assert.Equal("d", Value(darwin, FieldKey.Configuration("d", MachineField.HostName))!.GetValue<string>());
        Assert.Equal(ErrorKind.Throw, Error(darwin, FieldKey.Configuration("d", MachineField.Trail)).Kind);
    }

    [Fact]
    public void Comparing_reports_a_known_deviation_as_expected_and_an_unlisted_one_as_a_failure()
    {
        var key = FieldKey.Configuration("m", MachineField.Trail);
        var expected = Outcome.Value(new JsonArray("documented"), "doc") with
        {
            Deviation = new DeviationOutcome("dev", Outcome.Value(new JsonArray("actual"), "impl")),
        };
        var prediction = new Prediction("c", new Dictionary<FieldKey, Outcome> { [key] = expected });
        var observation = new CaseObservation("c", new Dictionary<FieldKey, Observed> { [key] = new ObservedValue(new JsonArray("actual")) });
        Assert.True(Comparer.Compare(prediction, observation, new HashSet<string> { "dev" }).Conforms);
        Assert.False(Comparer.Compare(prediction, observation, new HashSet<string>()).Conforms);
        // Nix doing what is documented means the deviation disappeared: an alarm, not a pass.
        var documented = observation with { Fields = new Dictionary<FieldKey, Observed> { [key] = new ObservedValue(new JsonArray("documented")) } };
        Assert.False(Comparer.Compare(prediction, documented, new HashSet<string> { "dev" }).Conforms);
    }
}
