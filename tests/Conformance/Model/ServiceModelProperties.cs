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
/// carrying the tag and no others, role-level settings never see machine or tag settings, priorities compare
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

    /// <summary>
    /// A tag's settings reach exactly the members carrying the tag. Every role whose tags are an
    /// attribute set gets, for each of its tags, a setting stronger than anything generated
    /// (<c>mkOverride 1</c>) of one of its interface's scalar options; then every member carrying the
    /// tag whose settings evaluated before still evaluates and shows that value (or, when the
    /// interface has no scalar option, the setting is of an undeclared option and fails them), and
    /// every other member's settings are unchanged. A model that ignores tag settings fails this
    /// (<see cref="PlantedModelSpecs"/>); one that applies them to members not carrying the tag
    /// fails the second half. At most <see cref="TagsPerCase"/> tags per case, to keep it fast.
    /// </summary>
    [Property(MaxTest = 80)] // up to five predictions a case, so fewer cases than the class's 150
    public void A_tags_settings_reach_exactly_the_members_carrying_the_tag(ClanCase c) =>
        TagSettingsReachExactlyTheCarriers(Oracle.Predict, c);

    /// <summary>Each tag planted costs two predictions of the case; generated roles rarely have more than two tags.</summary>
    private const int TagsPerCase = 2;

    /// <summary>The tag-settings property against any model (the planted wrong ones included).</summary>
    internal static void TagSettingsReachExactlyTheCarriers(Func<ClanCase, Prediction> predict, ClanCase c)
    {
        var inventory = new Conformance.Model.Semantics.Inventory(c);
        var before = predict(c).Fields;
        foreach (var (instance, role, tag) in c.Instances.SelectMany(i => i.Roles.Where(r => r.TagsAsAttrs).SelectMany(r => r.Tags.Distinct().Select(t => (i, r, t)))).Take(TagsPerCase))
        {
            var (changed, option) = WithStrongestTagSetting(c, instance, role, tag);
            var after = predict(changed).Fields;
            var carriers = inventory.Machines.Where(m => inventory.Tags[m].Contains(tag)).ToHashSet(StringComparer.Ordinal);
            foreach (var (key, outcome) in before.Where(kv => kv.Key.ServiceField == ServiceField.Settings && kv.Key.Instance == instance.Name && kv.Key.Role == role.Role))
            {
                var where = $"{key} (tag {tag}, setting {option.Option} = {option.Json})";
                if (!carriers.Contains(key.Machine!))
                {
                    Assert.True(outcome.ToString() == after[key].ToString(), $"{where}: not carrying the tag, yet its settings changed from {outcome} to {after[key]}");
                    continue;
                }
                if (option.Declared)
                {
                    if (outcome is ValueOutcome) Assert.True(after[key] is ValueOutcome, $"{where}: carries the tag; its settings evaluated before, and fail after: {after[key]}");
                    if (after[key] is ValueOutcome { Expected: JsonObject settings })
                        Assert.True(settings[option.Option]?.ToJsonString() == option.Json,
                            $"{where}: carries the tag, yet its settings show {option.Option} = {settings[option.Option]?.ToJsonString() ?? "nothing"}");
                }
                else if (outcome is ValueOutcome)
                    Assert.True(after[key] is ErrorOutcome { Error.Kind: Conformance.Model.Errors.ErrorKind.OptionDoesNotExist },
                        $"{where}: carries the tag, whose setting is of an undeclared option, yet its settings are {after[key]}");
            }
        }
    }

    /// <summary>A setting planted at a tag: the option, its value as Nix's JSON prints it, and whether the role's interface declares the option.</summary>
    internal sealed record PlantedSetting(string Option, SettingValue Value, string Json, bool Declared);

    /// <summary>
    /// The case with <paramref name="tag"/>'s settings of <paramref name="role"/> setting one scalar
    /// option at <c>mkOverride 1</c> (the generators' strongest is 10), in every definition of the
    /// tag's settings (whichever survives priority filtering carries it), replacing the tag's own
    /// value of that option (two values of one option in one attribute set is not Nix). A string
    /// option first: its value, <c>"tag-only"</c>, is one no generator writes.
    /// </summary>
    private static (ClanCase Case, PlantedSetting Setting) WithStrongestTagSetting(ClanCase c, InstanceSpec instance, RoleSpec role, string tag)
    {
        var options = c.FindService(instance.ModuleOrProbe)?.FindRole(role.Role)?.Interface ?? [];
        var planted = options.OrderBy(o => o.Type switch { OptionType.Str or OptionType.NullOrStr => 0, OptionType.Int => 1, OptionType.Bool => 2, _ => 3 })
            .Where(o => o.Type is OptionType.Str or OptionType.NullOrStr or OptionType.Int or OptionType.Bool)
            .Select(o => o.Type switch
            {
                OptionType.Int => new PlantedSetting(o.Name, new IntValue(4242), "4242", true),
                OptionType.Bool => new PlantedSetting(o.Name, new BoolValue(true), "true", true),
                _ => new PlantedSetting(o.Name, new StrValue("tag-only"), "\"tag-only\"", true),
            })
            .FirstOrDefault() ?? new PlantedSetting("conformanceUndeclared", new StrValue("tag-only"), "\"tag-only\"", false);
        var value = new SettingDef(planted.Option, planted.Value) { Priority = Priority.Override(1) };
        var existing = role.SettingsOfTag(tag);
        var settings = existing is null || existing.Definitions.Count == 0
            ? SettingsSpec.Of(value)
            : existing with { Definitions = existing.Definitions.Select(d => d with { Values = [.. d.Values.Where(v => v.Option != planted.Option), value] }).ToList() };
        var changed = role with { TagSettings = [.. role.TagSettings.Where(s => s.Target != tag), new TargetSettings(tag, settings)] };
        return (c with { Instances = c.Instances.Select(i => i == instance ? i with { Roles = i.Roles.Select(r => r == role ? changed : r).ToList() } : i).ToList() }, planted);
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
