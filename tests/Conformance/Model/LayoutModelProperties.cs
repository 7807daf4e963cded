using System.Text.Json.Nodes;
using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using FsCheck.Xunit;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// Properties of the model of what clans write beyond machines and modules — inventory.json's meta,
/// tags and instances, computed tags, facter reports, deploy addresses — each stated independently
/// of the model's code (from the case and the model's other fields). Each is also run against a
/// planted wrong model that ignores its feature, and must fail there (<see cref="Each_property_fails_against_a_model_that_ignores_its_feature"/>):
/// a property a wrong model passes proves nothing.
/// </summary>
[Properties(Arbitrary = [typeof(HarnessArbitraries)], MaxTest = 200)]
public sealed class LayoutModelProperties
{
    /// <summary>A property: null when it holds for the case and prediction, else what is wrong.</summary>
    public delegate string? Check(ClanCase c, Prediction p);

    [Property] public void A_json_meta_name_other_than_clan_meta_name_fails_the_machines_clan_settings(ClanCase c) => Holds(JsonMetaNameConflicts, c);

    [Property] public void Every_machine_a_json_tag_lists_carries_it(ClanCase c) => Holds(JsonTagsReachMachines, c);

    [Property] public void A_computed_all_but_tag_is_all_without_its_machine(ClanCase c) => Holds(AllButTagIsAllWithoutItsMachine, c);

    [Property] public void A_facter_system_is_the_platform_of_a_nixos_machine_that_sets_none(ClanCase c) => Holds(FacterSystemIsThePlatform, c);

    [Property] public void A_nixos_machine_without_deploy_settings_is_deployed_to_root_at_its_fqdn(ClanCase c) => Holds(TargetHostDefaultsToFqdn, c);

    [Property] public void A_probe_instance_in_inventory_json_gives_its_members_their_roles(ClanCase c) => Holds(JsonInstancesReachMembers, c);

    /// <summary>inventory.json's meta.name is a second definition of inventory.meta.name: a different one conflicts, and every machine's clan.core.settings.name reads it.</summary>
    public static string? JsonMetaNameConflicts(ClanCase c, Prediction p)
    {
        if (c.Meta?.Json?.Name is not { } name || name == c.ClanName) return null;
        foreach (var (key, outcome) in p.Fields.Where(kv => kv.Key.MachineField == MachineField.ClanSettings))
            // (a machine that fails anyway, e.g. without a platform, fails with its own error first)
            if (outcome is not ErrorOutcome)
                return $"{key}: meta.name is \"{c.ClanName}\" in Nix and \"{name}\" in inventory.json, yet {outcome}";
        return p.Fields[FieldKey.Clan(ClanField.Meta)] is ErrorOutcome ? null : "clan/Meta: two different meta.name definitions, yet a value";
    }

    /// <summary>A machine named in inventory.json's tags.&lt;t&gt; has t among its tags (no class conflict in the way).</summary>
    public static string? JsonTagsReachMachines(ClanCase c, Prediction p)
    {
        if (p.Fields[FieldKey.Clan(ClanField.Inventory)] is not ValueOutcome { Expected: JsonObject inventory }) return null;
        foreach (var tag in c.TagSources?.Json ?? [])
            foreach (var machine in tag.Machines.Where(m => inventory.ContainsKey(m)))
                if (!inventory[machine]!["tags"]!.AsArray().Any(t => t!.GetValue<string>() == tag.Tag))
                    return $"inventory.json tags.{tag.Tag} lists {machine}, whose tags are {inventory[machine]!["tags"]!.ToJsonString()}";
        return null;
    }

    /// <summary>The documented <c>allBut</c> tag: the final <c>all</c> tag (as clan/Tags shows it) without the machine.</summary>
    public static string? AllButTagIsAllWithoutItsMachine(ClanCase c, Prediction p)
    {
        if (p.Fields[FieldKey.Clan(ClanField.Tags)] is not ValueOutcome { Expected: JsonObject tags }) return null;
        foreach (var computed in (c.TagSources?.Computed ?? []).Where(t => t.Kind == ComputedTagKind.AllBut))
        {
            var expected = tags["all"]!.AsArray().Select(n => n!.GetValue<string>()).Where(n => n != computed.Machine);
            var actual = tags[computed.Tag]?.AsArray().Select(n => n!.GetValue<string>());
            if (actual is null || !expected.SequenceEqual(actual)) return $"tags.{computed.Tag}: all is {tags["all"]!.ToJsonString()}, {computed.Machine} left out, yet {tags[computed.Tag]?.ToJsonString() ?? "missing"}";
        }
        return null;
    }

    /// <summary>A NixOS machine whose modules set no nixpkgs.hostPlatform (and no pkgs) gets the facter report's system.</summary>
    public static string? FacterSystemIsThePlatform(ClanCase c, Prediction p)
    {
        foreach (var machine in c.Machines.Where(m => m.Directory?.Facter?.System is not null))
        {
            if (!p.Fields.TryGetValue(FieldKey.Configuration(machine.Name, MachineField.HostPlatform), out var outcome)) continue;
            if (p.Fields[FieldKey.Clan(ClanField.NixosConfigurations)] is not ValueOutcome { Expected: JsonArray nixos }
                || !nixos.Any(n => n!.GetValue<string>() == machine.Name)) continue;
            if (SetsPlatformOrPkgs(c, machine)) continue;
            // A machine that fails for another reason says nothing about its platform. Decided on the reference
            // model's prediction, not p's: a model that ignores the report leaves the machine without a platform,
            // so p's hostName fails too, and skipping on p would excuse exactly the fault this property exists for.
            if (Oracle.Predict(c).Fields[FieldKey.Configuration(machine.Name, MachineField.HostName)] is ErrorOutcome) continue;
            if (outcome is not ValueOutcome { Expected: var platform } || platform?.GetValue<string>() != machine.Directory!.Facter!.System)
                return $"{machine.Name}: facter.json says {machine.Directory!.Facter!.System}, no module sets a platform, yet hostPlatform is {outcome}";
        }
        return null;
    }

    /// <summary>
    /// NixOS, enableRecommendedDefaults on, no definition of targetHost or networking.domain, a
    /// meta.domain that evaluates: targetHost is root@&lt;the predicted hostName&gt;.&lt;meta.domain&gt;.
    /// </summary>
    public static string? TargetHostDefaultsToFqdn(ClanCase c, Prediction p)
    {
        if (p.Fields[FieldKey.Clan(ClanField.Meta)] is not ValueOutcome { Expected: JsonObject meta }) return null;
        var domain = meta["domain"]!.GetValue<string>();
        foreach (var machine in c.Machines)
        {
            if (!p.Fields.TryGetValue(FieldKey.Configuration(machine.Name, MachineField.TargetHost), out var outcome)) continue;
            if (p.Fields[FieldKey.Clan(ClanField.NixosConfigurations)] is not ValueOutcome { Expected: JsonArray nixos }
                || !nixos.Any(n => n!.GetValue<string>() == machine.Name)) continue;
            if (Definitions(c, machine).Any(d => d is TargetHostDef or DomainDef or RecommendedDefaultsDef)) continue;
            if (p.Fields[FieldKey.Configuration(machine.Name, MachineField.HostName)] is not ValueOutcome { Expected: JsonValue hostName }
                || hostName.GetValue<string>().Length == 0) continue;
            var expected = $"root@{hostName.GetValue<string>()}.{domain}";
            if (outcome is not ValueOutcome { Expected: JsonValue v } || v.GetValue<string>() != expected)
                return $"{machine.Name}: hostName {hostName}, meta.domain {domain}, no deploy definitions, yet targetHost is {outcome} (expected {expected})";
        }
        return null;
    }

    /// <summary>A member by name of a probe instance declared in (or split into) inventory.json has the instance's role in its conformance.roles.</summary>
    public static string? JsonInstancesReachMembers(ClanCase c, Prediction p)
    {
        foreach (var instance in c.Instances.Where(i => i.Source != InstanceSource.Nix))
            foreach (var role in instance.Roles)
                foreach (var machine in role.Machines.Where(m => c.Machines.Any(x => x.Name == m)))
                    if (p.Fields.TryGetValue(FieldKey.Configuration(machine, MachineField.Roles), out var outcome)
                        && outcome is ValueOutcome { Expected: JsonArray roles }
                        && !roles.Any(r => r!.GetValue<string>() == $"{instance.Name}/{role.Role}"))
                        return $"{machine} is a {role.Role} of {instance.Name} ({instance.Source}), yet its roles are {roles.ToJsonString()}";
        return null;
    }

    /// <summary>Each property, a wrong model that ignores its feature, and the feature's presence in a case.</summary>
    public static IEnumerable<(string Name, Check Property, Func<ClanCase, Prediction> Wrong)> Planted =>
    [
        (nameof(JsonMetaNameConflicts), JsonMetaNameConflicts, c => Oracle.Predict(c with { Meta = c.Meta is { } m ? m with { Json = null } : null })),
        (nameof(JsonTagsReachMachines), JsonTagsReachMachines, c => Oracle.Predict(c with { TagSources = c.TagSources is { } t ? t with { Json = [] } : null })),
        (nameof(AllButTagIsAllWithoutItsMachine), AllButTagIsAllWithoutItsMachine,
            c => Oracle.Predict(c with { TagSources = c.TagSources is { } t ? t with { Computed = t.Computed.Select(x => x with { Machine = null }).ToList() } : null })),
        (nameof(FacterSystemIsThePlatform), FacterSystemIsThePlatform,
            c => Oracle.Predict(c with { Machines = c.Machines.Select(m => m.Directory is { Facter: not null } d ? m with { Directory = d with { Facter = new FacterReport() } } : m).ToList() })),
        (nameof(TargetHostDefaultsToFqdn), TargetHostDefaultsToFqdn, c =>
        {
            // A model that forgot clan's networking.domain default: targetHost stays null.
            var p = Oracle.Predict(c);
            var fields = p.Fields.ToDictionary(kv => kv.Key, kv => kv.Key.MachineField == MachineField.TargetHost && kv.Value is ValueOutcome ? Outcome.Value(null, "wrong") : kv.Value);
            return new Prediction(p.CaseId, new SortedDictionary<FieldKey, Outcome>(fields));
        }),
        (nameof(JsonInstancesReachMembers), JsonInstancesReachMembers,
            c => Oracle.Predict(c with { Instances = c.Instances.Where(i => i.Source == InstanceSource.Nix).ToList() })),
    ];

    /// <summary>
    /// Over the first 400 cases of a seed, each property holds for the model and fails for the wrong
    /// model that ignores its feature in at least one case: the generators reach each feature, and
    /// each property can fail.
    /// </summary>
    [Fact]
    public void Each_property_fails_against_a_model_that_ignores_its_feature()
    {
        var cases = Enumerable.Range(1, 400).Select(i => ClanArbitraries.Generate(23, i)).ToList();
        foreach (var (name, property, wrong) in Planted)
        {
            Assert.All(cases, c => Assert.Null(property(c, Oracle.Predict(c))));
            Assert.True(cases.Any(c => property(c, wrong(c)) is not null), $"{name}: no generated case tells the planted wrong model from the model");
        }
    }

    private static void Holds(Check property, ClanCase c)
    {
        var problem = property(c, Oracle.Predict(c));
        Assert.True(problem is null, problem);
    }

    private static IEnumerable<Definition> Definitions(ClanCase c, MachineSpec machine)
    {
        IEnumerable<ModuleSpec> Reach(string id) => c.FindModule(id) is { } m ? m.Imports.SelectMany(Reach).Prepend(m) : [];
        var modules = machine.Imports.SelectMany(Reach).Concat(machine.Directory?.Configuration is { } conf ? conf.Imports.SelectMany(Reach).Prepend(conf) : []);
        return modules.SelectMany(m => m.Definitions);
    }

    private static bool SetsPlatformOrPkgs(ClanCase c, MachineSpec machine) =>
        Definitions(c, machine).Any(d => d is HostPlatformDef or NixpkgsPkgsDef);
}
