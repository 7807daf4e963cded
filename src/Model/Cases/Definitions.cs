using System.Text.Json.Serialization;

namespace Conformance.Model.Cases;

/// <summary>
/// One definition a module makes. <see cref="Condition"/> wraps it in <c>lib.mkIf</c> (null: no
/// wrapper); <see cref="Priority"/> in <c>lib.mkOverride</c>. Each subtype is one option the
/// model knows the type and merge function of.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ScalarDef), "scalar")]
[JsonDerivedType(typeof(UniqueDef), "unique")]
[JsonDerivedType(typeof(ListDef), "list")]
[JsonDerivedType(typeof(HostNameDef), "hostName")]
[JsonDerivedType(typeof(OverlayDef), "overlay")]
[JsonDerivedType(typeof(NixpkgsConfigDef), "nixpkgsConfig")]
[JsonDerivedType(typeof(HostPlatformDef), "hostPlatform")]
[JsonDerivedType(typeof(NixpkgsPkgsDef), "nixpkgsPkgs")]
[JsonDerivedType(typeof(TargetHostDef), "targetHost")]
[JsonDerivedType(typeof(BuildHostDef), "buildHost")]
[JsonDerivedType(typeof(DomainDef), "domain")]
[JsonDerivedType(typeof(RecommendedDefaultsDef), "recommendedDefaults")]
public abstract record Definition
{
    public Priority Priority { get; init; } = Priority.Plain;

    public bool? Condition { get; init; }

    /// <summary>The option this defines, as a Nix attribute path.</summary>
    [JsonIgnore]
    public abstract string OptionPath { get; }

    /// <summary>Whether rendering needs the flake's <c>inputs</c> (only dendritic and inline modules have them in scope).</summary>
    [JsonIgnore]
    public virtual bool NeedsInputs => false;

    /// <summary>Whether the definition survives <c>mkIf</c>.</summary>
    [JsonIgnore]
    public bool IsActive => Condition != false;
}

/// <summary><c>conformance.scalar = "v"</c> (<c>types.str</c>, default "default").</summary>
public sealed record ScalarDef(string Value) : Definition
{
    [JsonIgnore]
    public override string OptionPath => "conformance.scalar";
}

/// <summary><c>conformance.unique = "v"</c> (<c>types.nullOr (types.uniq types.str)</c>, default null).</summary>
public sealed record UniqueDef(string Value) : Definition
{
    [JsonIgnore]
    public override string OptionPath => "conformance.unique";
}

/// <summary><c>conformance.list = [ … ]</c> (<c>listOf str</c>), optionally <c>mkOrder</c>ed.</summary>
public sealed record ListDef(IReadOnlyList<string> Items) : Definition
{
    public Order Order { get; init; } = Order.Plain;

    [JsonIgnore]
    public override string OptionPath => "conformance.list";
}

/// <summary><c>networking.hostName = "v"</c>.</summary>
public sealed record HostNameDef(string Value) : Definition
{
    [JsonIgnore]
    public override string OptionPath => "networking.hostName";
}

/// <summary><c>nixpkgs.overlays = [ (marker overlay appending Id to conformanceTrail) ]</c>.</summary>
public sealed record OverlayDef(string Id) : Definition
{
    public Order Order { get; init; } = Order.Plain;

    [JsonIgnore]
    public override string OptionPath => "nixpkgs.overlays";
}

/// <summary><c>nixpkgs.config = { conformance = { key = "value"; … }; }</c>.</summary>
public sealed record NixpkgsConfigDef(IReadOnlyList<ConfigEntry> Entries) : Definition
{
    [JsonIgnore]
    public override string OptionPath => "nixpkgs.config";
}

/// <summary>One <c>nixpkgs.config.conformance.&lt;Key&gt;</c> leaf.</summary>
public sealed record ConfigEntry(string Key, string Value);

/// <summary><c>nixpkgs.hostPlatform = "system"</c>.</summary>
public sealed record HostPlatformDef(string System) : Definition
{
    [JsonIgnore]
    public override string OptionPath => "nixpkgs.hostPlatform";
}

/// <summary>
/// <c>nixpkgs.pkgs = import inputs.nixpkgs { system; overlays = [ marker MarkerId ]; config.conformance.source = …; }</c>:
/// a machine bringing its own package set.
/// </summary>
public sealed record NixpkgsPkgsDef(string System, string MarkerId) : Definition
{
    [JsonIgnore]
    public override string OptionPath => "nixpkgs.pkgs";

    [JsonIgnore]
    public override bool NeedsInputs => true;

    /// <summary>What this instance's <c>config.conformance.source</c> says.</summary>
    [JsonIgnore]
    public string ConfigSource => "nixpkgs.pkgs:" + MarkerId;
}

/// <summary><c>clan.core.networking.targetHost = "v"</c> (<c>nullOr str</c>; its default is <c>root@&lt;fqdn&gt;</c> when the machine has a domain).</summary>
public sealed record TargetHostDef(string Value) : Definition
{
    [JsonIgnore]
    public override string OptionPath => "clan.core.networking.targetHost";
}

/// <summary><c>clan.core.networking.buildHost = "v"</c> (<c>nullOr str</c>, default null).</summary>
public sealed record BuildHostDef(string Value) : Definition
{
    [JsonIgnore]
    public override string OptionPath => "clan.core.networking.buildHost";
}

/// <summary><c>networking.domain = "v"</c> (<c>nullOr str</c>, default null; clan's NixOS default is <c>mkDefault meta.domain</c>).</summary>
public sealed record DomainDef(string Value) : Definition
{
    [JsonIgnore]
    public override string OptionPath => "networking.domain";
}

/// <summary><c>clan.core.enableRecommendedDefaults = v</c> (<c>bool</c>, default true): without it clan sets no NixOS domain.</summary>
public sealed record RecommendedDefaultsDef(bool Value) : Definition
{
    [JsonIgnore]
    public override string OptionPath => "clan.core.enableRecommendedDefaults";
}
