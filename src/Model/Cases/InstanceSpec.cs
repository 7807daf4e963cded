using System.Text.Json.Serialization;

namespace Conformance.Model.Cases;

/// <summary>
/// <c>clan.inventory.instances.&lt;Name&gt;</c>. Without <see cref="Module"/> it is an instance of the
/// probe service (a local clan service whose roles server and client add "&lt;instance&gt;/&lt;role&gt;"
/// to the machines' <c>conformance.roles</c>); with it, an instance of the service it names.
/// </summary>
public sealed record InstanceSpec(string Name)
{
    public IReadOnlyList<RoleSpec> Roles { get; init; } = [];

    /// <summary><c>module = { name; input; }</c>; null: the probe service (<c>{ name = "probe"; input = "self"; }</c>).</summary>
    public ModuleRef? Module { get; init; }

    [JsonIgnore]
    public ModuleRef ModuleOrProbe => Module ?? ModuleRef.Probe;

    /// <summary>Where a probe instance is declared (Nix, <c>inventory.json</c>, or split); written only when not Nix.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public InstanceSource Source { get; init; }
}

/// <summary>
/// <c>module.name</c> and <c>module.input</c> of an instance: <c>"self"</c> is the clan's own
/// <c>clan.modules</c>, null is clan-core's, any other name a flake input's. The input is written
/// also when null: it is a required parameter, so a case.json without it would not read back.
/// </summary>
public sealed record ModuleRef(string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Input)
{
    public const string Self = "self";

    public static readonly ModuleRef Probe = new("probe", Self);

    /// <summary>clan-core's id of the service evaluation all instances of this module share: <c>(input or "&lt;clan-core&gt;") + "-" + name</c>.</summary>
    [JsonIgnore]
    public string ServiceId => (Input ?? "<clan-core>") + "-" + Name;
}

/// <summary>
/// A role of an instance: its members by name and by tag, and the settings at each level
/// (role, machine, tag), plus extra modules for its members.
/// </summary>
public sealed record RoleSpec(string Role)
{
    public const string Server = "server";
    public const string Client = "client";

    /// <summary>Members by name (<c>machines.&lt;m&gt; = { … }</c>); names need not be inventory machines.</summary>
    public IReadOnlyList<string> Machines { get; init; } = [];

    /// <summary>Member tags: every inventory machine carrying one is a member.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// How <see cref="Tags"/> are written: a list (<c>tags = [ "a" ]</c>, which clan coerces to
    /// <c>{ a = { }; }</c>) or an attribute set (<c>tags.a = { };</c>). Tag settings need the attribute set.
    /// </summary>
    public bool TagsAsAttrs { get; init; }

    /// <summary>Role-level <c>settings</c>; null: not defined.</summary>
    public SettingsSpec? Settings { get; init; }

    /// <summary><c>machines.&lt;m&gt;.settings</c> of some of <see cref="Machines"/>.</summary>
    public IReadOnlyList<TargetSettings> MachineSettings { get; init; } = [];

    /// <summary><c>tags.&lt;t&gt;.settings</c> of some of <see cref="Tags"/>.</summary>
    public IReadOnlyList<TargetSettings> TagSettings { get; init; } = [];

    /// <summary>
    /// <c>extraModules</c>: each entry is a module adding its label to <c>conformance.serviceOrder</c>
    /// of every member machine.
    /// </summary>
    public IReadOnlyList<string> ExtraModules { get; init; } = [];

    public SettingsSpec? SettingsOfMachine(string machine) => MachineSettings.FirstOrDefault(s => s.Target == machine)?.Settings;

    public SettingsSpec? SettingsOfTag(string tag) => TagSettings.FirstOrDefault(s => s.Target == tag)?.Settings;

    /// <summary>Whether anything beyond membership is set (the probe service's roles take nothing else).</summary>
    [JsonIgnore]
    public bool HasServiceDetails => Settings is not null || MachineSettings.Count > 0 || TagSettings.Count > 0 || ExtraModules.Count > 0 || TagsAsAttrs;
}

/// <summary><c>clan.inventory.tags.&lt;Tag&gt; = [ machines ]</c>: a static tag.</summary>
public sealed record StaticTag(string Tag, IReadOnlyList<string> Machines);
