namespace Conformance.Model.Cases;

/// <summary>
/// Where the clan lives inside its flake: <c>clan.directory</c>. clan-core reads
/// <c>inventory.json</c> and discovers <c>machines/&lt;name&gt;/</c> there (modules/clan/module.nix),
/// machines import their <c>configuration.nix</c> and <c>facter.json</c> from there (forName.nix,
/// nixos-facter.nix), and <c>clanInternals.inventoryClass.relativeDirectory</c> is its path from the
/// flake's root. Null on a case: the flake's root (clan's default, <c>toString self</c>).
/// </summary>
public sealed record DirectoryLayout
{
    /// <summary>The clan's directory relative to the flake's root (<c>clan</c>, <c>infra/clan</c>); written as a path literal.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// Whether the flake's root also has a <c>machines/stray/</c> directory and an <c>inventory.json</c>
    /// declaring <c>stray</c>: files clan must ignore, since it reads only the clan's directory.
    /// </summary>
    public bool StrayRootFiles { get; init; }

    /// <summary>The machine name the stray root files declare (never a machine of the case).</summary>
    public const string StrayMachine = "stray";
}

/// <summary>
/// <c>clan.meta</c> beyond its name and domain (which are <see cref="ClanCase.ClanName"/> and
/// <see cref="ClanCase.Domain"/>), and the <c>meta</c> an <c>inventory.json</c> writes: both define
/// <c>inventory.meta</c> (module.nix: <c>inventory.meta = config.meta</c>; the JSON file is a module of
/// the inventory), so every option merges both (modules/inventoryClass/meta.nix).
/// </summary>
public sealed record MetaSpec
{
    /// <summary><c>clan.meta.description</c>; null: not written.</summary>
    public string? Description { get; init; }

    /// <summary><c>clan.meta.icon</c>; null: not written.</summary>
    public string? Icon { get; init; }

    /// <summary><c>clan.meta.tld</c> (deprecated: <c>domain</c> defaults to it, with a warning); null: not written.</summary>
    public string? Tld { get; init; }

    /// <summary><c>meta</c> in <c>inventory.json</c>; null: the file has none.</summary>
    public JsonMeta? Json { get; init; }
}

/// <summary><c>meta</c> as <c>inventory.json</c> writes it (what the clan CLI and the UI persist); null: the key is absent.</summary>
public sealed record JsonMeta
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? Icon { get; init; }

    public string? Domain { get; init; }
}

/// <summary>Tags declared beyond the Nix inventory's static lists: in <c>inventory.json</c>, and computed by <c>inventory.tags</c> as a function.</summary>
public sealed record TagSources
{
    /// <summary><c>tags.&lt;t&gt; = [ … ]</c> in <c>inventory.json</c>.</summary>
    public IReadOnlyList<StaticTag> Json { get; init; } = [];

    /// <summary>Tags computed by <c>inventory.tags = { config, machines, lib, ... }: { … }</c> (the documented "dynamic tags").</summary>
    public IReadOnlyList<ComputedTag> Computed { get; init; } = [];
}

/// <summary>How a computed tag's members are computed (the two shapes clan-core's documentation shows).</summary>
public enum ComputedTagKind
{
    /// <summary><c>builtins.filter (n: n != "&lt;machine&gt;") config.all</c>: every machine of the final <c>all</c> tag but one (the documentation's <c>allButFoo</c>).</summary>
    AllBut,

    /// <summary><c>builtins.attrNames (lib.filterAttrs (_: m: m.machineClass == "darwin") machines)</c>: the darwin machines, from the <c>machines</c> argument.</summary>
    Darwin,
}

/// <summary>One tag of <c>inventory.tags</c>'s function form.</summary>
public sealed record ComputedTag(string Tag, ComputedTagKind Kind)
{
    /// <summary>For <see cref="ComputedTagKind.AllBut"/>: the machine left out.</summary>
    public string? Machine { get; init; }
}

/// <summary>Where a probe instance is declared: the Nix inventory, <c>inventory.json</c>, or split between them.</summary>
public enum InstanceSource
{
    /// <summary><c>clan.inventory.instances</c> in a flake-parts module.</summary>
    Nix,

    /// <summary><c>instances</c> in <c>inventory.json</c> (module and roles).</summary>
    Json,

    /// <summary>The module and the roles' tags in Nix, the roles' machines in <c>inventory.json</c>: both define the instance and merge.</summary>
    Split,
}

/// <summary>
/// <c>inventory.machines.&lt;m&gt;.deploy</c>: where the clan CLI deploys and builds the machine
/// (clan_lib reads it before the machine's <c>clan.core.networking</c>); not wired into the machine's
/// configuration at the pin.
/// </summary>
public sealed record DeploySpec
{
    public string? TargetHost { get; init; }

    public string? BuildHost { get; init; }

    public bool? ForwardAgent { get; init; }
}

/// <summary>
/// <c>machines/&lt;m&gt;/facter.json</c>, a nixos-facter report: clan-core's nixos-facter.nix sets
/// <c>hardware.facter.reportPath</c> to it (NixOS only), and NixOS's facter module sets
/// <c>nixpkgs.hostPlatform = mkDefault report.system</c> when the report has a system.
/// </summary>
public sealed record FacterReport
{
    /// <summary>The report's <c>system</c>; null: the report has none (an old nixos-facter's).</summary>
    public string? System { get; init; }
}
