using System.Text.Json.Serialization;

namespace Conformance.Model.Cases;

/// <summary>
/// A clan service the case defines itself: <c>clan.modules.&lt;Name&gt;</c>, referenced by instances
/// with <c>module.input = "self"</c> (or, under <see cref="ClanCase.InputServices"/>, exposed by a
/// mocked flake input). The renderer writes it as a probe: every role's <c>perInstance</c> and the
/// service's <c>perMachine</c> return the arguments clan-core gives them in an option named
/// <c>conformance</c>, and every module a machine gets from the service (perMachine, perInstance,
/// extraModules) adds one entry to the machine's <c>conformance.serviceOrder</c>.
/// </summary>
public sealed record ServiceSpec(string Name)
{
    /// <summary><c>manifest.name</c>; null: the same as <see cref="Name"/>.</summary>
    public string? ManifestName { get; init; }

    /// <summary>The roles the service defines (<c>roles.&lt;r&gt;</c>), each with its settings interface.</summary>
    public IReadOnlyList<ServiceRoleSpec> Roles { get; init; } = [];

    /// <summary>Whether <c>manifest.readme</c> is set (without it every member machine's NixOS <c>warnings</c> name the service).</summary>
    public bool Readme { get; init; }

    /// <summary><c>manifest.constraints</c> (what <c>clanInternals.cliChecks</c> checks).</summary>
    public ServiceConstraints? Constraints { get; init; }

    [JsonIgnore]
    public string Manifest => ManifestName ?? Name;

    public ServiceRoleSpec? FindRole(string role) => Roles.FirstOrDefault(r => r.Name == role);
}

/// <summary>
/// A role of a <see cref="ServiceSpec"/>: its <c>interface</c> (the options settings are checked
/// against), its <c>description</c>, and optionally a module its <c>perInstance</c> passes to
/// <c>extendSettings</c> (what clan-core's own tests call vendoring settings).
/// </summary>
public sealed record ServiceRoleSpec(string Name)
{
    public IReadOnlyList<OptionDecl> Interface { get; init; } = [];

    /// <summary><c>roles.&lt;r&gt;.description</c>; null: unset (a NixOS warning says so).</summary>
    public string? Description { get; init; }

    /// <summary>The module perInstance passes to <c>extendSettings</c>; null: it is not called.</summary>
    public SettingsSpec? Extend { get; init; }
}

/// <summary>The option types a role interface can declare.</summary>
public enum OptionType
{
    /// <summary><c>types.str</c> (mergeEqualOption).</summary>
    Str,

    /// <summary><c>types.int</c> (mergeEqualOption).</summary>
    Int,

    /// <summary><c>types.bool</c> (mergeEqualOption).</summary>
    Bool,

    /// <summary><c>types.listOf types.str</c> (concatenated in merge order, mkOrder sorts).</summary>
    ListOfStr,

    /// <summary><c>types.attrsOf types.str</c> (union of keys; each key merges as a str).</summary>
    AttrsOfStr,

    /// <summary><c>types.nullOr types.str</c>.</summary>
    NullOrStr,
}

/// <summary>
/// <c>options.&lt;Name&gt; = lib.mkOption { type = …; default = …; }</c> in a role interface. With
/// <see cref="MetaDefault"/> the default is <c>"svc.${meta.&lt;field&gt;}"</c> (the interface's
/// <c>meta</c> argument, as clan-core's api_feature_meta test does).
/// </summary>
public sealed record OptionDecl(string Name, OptionType Type)
{
    /// <summary>The default; null with <see cref="HasDefault"/> false: no default (reading an unset option fails).</summary>
    public SettingValue? Default { get; init; }

    public MetaField? MetaDefault { get; init; }

    [JsonIgnore]
    public bool HasDefault => Default is not null || MetaDefault is not null;
}

/// <summary>A field of <c>clan.meta</c> an interface default can read.</summary>
public enum MetaField
{
    Name,
    Domain,
}

/// <summary><c>manifest.constraints</c>: <c>maxInstances</c> and per-role machine counts.</summary>
public sealed record ServiceConstraints
{
    public int? MaxInstances { get; init; }

    public IReadOnlyList<RoleConstraint> Roles { get; init; } = [];
}

/// <summary><c>manifest.constraints.roles.&lt;Role&gt; = { minMachines; maxMachines; }</c>.</summary>
public sealed record RoleConstraint(string Role)
{
    public int? MinMachines { get; init; }

    public int? MaxMachines { get; init; }
}

/// <summary>Services a mocked flake input exposes as <c>clan.modules</c> (instances reach them with <c>module.input = Input</c>).</summary>
public sealed record InputServices(string Input)
{
    public IReadOnlyList<ServiceSpec> Services { get; init; } = [];
}
