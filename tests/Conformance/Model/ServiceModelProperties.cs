using System.Text.Json.Nodes;
using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using FsCheck.Xunit;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// Properties of the service model on generated service cases (no Nix). Each states something the
/// model could get wrong: attribute sets are unordered, tag settings reach exactly the members
/// carrying the tag, role-level settings never see machine or tag settings, priorities compare
/// across levels.
/// </summary>
[Properties(Arbitrary = [typeof(ServiceArbitraries)], MaxTest = 150)]
public sealed class ServiceModelProperties
{
    [Property]
    public void Generated_service_cases_are_valid_round_trip_and_are_answered_field_by_field(ClanCase c)
    {
        Assert.Empty(CaseValidator.Problems(c));
        Assert.True(CaseJson.Same(c, CaseJson.Deserialize(CaseJson.Serialize(c))));
        var p = Oracle.Predict(c);
        Assert.Equal(ObservationPlan.Fields(c), p.Keys);
        Assert.DoesNotContain(p.Keys, k => k.Scope is Scope.Configuration or Scope.Internals);
        Assert.Equal(0, ObservationPlan.MachineEvaluations(c));
        Assert.Contains(p.Keys, k => k.ServiceField == ServiceField.Services);
    }

    /// <summary>Instances, services, roles and machines are attribute sets in Nix: listing them in another order changes nothing.</summary>
    [Property]
    public void The_order_instances_services_roles_and_machines_are_listed_in_changes_nothing(ClanCase c)
    {
        var reversed = c with
        {
            Instances = c.Instances.Reverse().Select(i => i with { Roles = i.Roles.Reverse().ToList() }).ToList(),
            Services = c.Services.Reverse().Select(s => s with { Roles = s.Roles.Reverse().ToList() }).ToList(),
            Machines = c.Machines.Reverse().ToList(),
        };
        Assert.Equal(Texts(Oracle.Predict(c)), Texts(Oracle.Predict(reversed)));
    }

    /// <summary>Changing a tag's settings changes the settings of members carrying the tag only.</summary>
    [Property]
    public void A_tags_settings_reach_only_members_carrying_the_tag(ClanCase c)
    {
        var target = c.Instances.SelectMany(i => i.Roles.Where(r => r.TagsAsAttrs).SelectMany(r => r.Tags.Select(t => (i, r, t)))).FirstOrDefault();
        if (target.i is null) return;
        var (instance, role, tag) = target;
        var changed = role with
        {
            TagSettings = [.. role.TagSettings.Where(s => s.Target != tag), new TargetSettings(tag, SettingsSpec.Of(new SettingDef("name", new StrValue("tag-only")) { Priority = Priority.Override(1) }))],
        };
        var other = c with { Instances = c.Instances.Select(i => i == instance ? i with { Roles = i.Roles.Select(r => r == role ? changed : r).ToList() } : i).ToList() };
        var inventory = new Conformance.Model.Semantics.Inventory(c);
        var carriers = inventory.Machines.Where(m => inventory.Tags[m].Contains(tag)).ToHashSet();
        var before = Oracle.Predict(c).Fields;
        var after = Oracle.Predict(other).Fields;
        foreach (var (key, outcome) in before.Where(kv => kv.Key.ServiceField is ServiceField.Settings && kv.Key.Instance == instance.Name && kv.Key.Role == role.Role))
            if (!carriers.Contains(key.Machine!))
                Assert.Equal(outcome.ToString(), after[key].ToString());
    }

    /// <summary>Role-level settings (what perInstance's roles.&lt;r&gt;.settings shows) never include machine or tag settings.</summary>
    [Property]
    public void Role_level_settings_ignore_machine_and_tag_settings(ClanCase c)
    {
        var bare = c with { Instances = c.Instances.Select(i => i with { Roles = i.Roles.Select(r => r with { MachineSettings = [], TagSettings = [] }).ToList() }).ToList() };
        var before = Oracle.Predict(c).Fields.Where(kv => kv.Key.ServiceField == ServiceField.RoleSettings).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        var after = Oracle.Predict(bare).Fields.Where(kv => kv.Key.ServiceField == ServiceField.RoleSettings).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        Assert.Equal(before, after);
    }

    /// <summary>A machine-level value at a priority stronger than any other definition is the member's setting, whatever the other levels say.</summary>
    [Property]
    public void The_strongest_priority_wins_across_levels(ClanCase c)
    {
        var target = c.Instances
            .SelectMany(i => i.Roles.Where(r => r.Machines.Count > 0).Select(r => (i, r, Service: c.FindService(i.ModuleOrProbe))))
            .Select(x => (x.i, x.r, Option: x.Service?.FindRole(x.r.Role)?.Interface.FirstOrDefault(o => o.Type is OptionType.Str or OptionType.Int)))
            .FirstOrDefault(x => x.Option is not null);
        if (target.Option is null) return;
        var (instance, role, option) = target;
        var machine = role.Machines[0];
        SettingValue value = option!.Type == OptionType.Str ? new StrValue("strongest") : new IntValue(99);
        var forced = role with
        {
            MachineSettings = [.. role.MachineSettings.Where(s => s.Target != machine),
                new TargetSettings(machine, SettingsSpec.Of(new SettingDef(option.Name, value) { Priority = Priority.Override(1) }))],
        };
        var other = c with { Instances = c.Instances.Select(i => i == instance ? i with { Roles = i.Roles.Select(r => r == role ? forced : r).ToList() } : i).ToList() };
        var model = new Conformance.Model.Services.ServiceModel(other, new Conformance.Model.Semantics.Inventory(other));
        var group = model.Group(instance.ModuleOrProbe.ServiceId)!;
        // Errors of the whole settings value (loading, undeclared options) come first; otherwise the option's own leaf must be the value.
        if (group.RolesCheck(instance) is null && group.Settings(instance, forced, machine) is Conformance.Model.Services.ObjectTree tree)
            Assert.Equal(value is StrValue s ? JsonValue.Create(s.Value).ToJsonString() : "99",
                tree.Entries.Single(e => e.Key == option.Name).Value is Conformance.Model.Services.LeafTree leaf ? leaf.Value?.ToJsonString() : "an error");
    }

    private static Dictionary<string, string> Texts(Prediction p) => p.Fields.ToDictionary(kv => kv.Key.Text, kv => kv.Value.ToString()!);
}
