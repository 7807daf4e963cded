namespace Conformance.Model.Cases;

/// <summary>
/// One generated clan: everything the renderer writes and the oracle reasons about.
/// Plain data; equality for deduplication and fingerprints goes through <see cref="CaseJson"/>.
/// </summary>
public sealed record ClanCase(string Id)
{
    /// <summary><c>clan.meta.name</c>.</summary>
    public string ClanName { get; init; } = "conformance";

    /// <summary>flake-parts <c>systems</c>: the systems perSystem (and so <c>perSystem.clan.pkgs</c>) exists for.</summary>
    public IReadOnlyList<string> FlakeSystems { get; init; } = [Systems.X86_64Linux];

    public PkgsForSystemSpec PkgsForSystem { get; init; } = PkgsForSystemSpec.Unset;

    public IReadOnlyList<MachineSpec> Machines { get; init; } = [];

    /// <summary>The module pool machines and configuration.nix files import from.</summary>
    public IReadOnlyList<ModuleSpec> Modules { get; init; } = [];

    public IReadOnlyList<InstanceSpec> Instances { get; init; } = [];

    public IReadOnlyList<StaticTag> StaticTags { get; init; } = [];

    /// <summary>
    /// <c>clan.specialArgs</c>: extra module arguments clan-core passes to every machine's
    /// nixosSystem/darwinSystem (next to its own <c>clan-core</c>). Names start with <c>conformance</c>.
    /// </summary>
    public IReadOnlyList<SpecialArg> SpecialArgs { get; init; } = [];

    /// <summary>Systems whose <c>clanInternals.machines.&lt;system&gt;</c> copies are observed (each costs a NixOS evaluation per machine).</summary>
    public IReadOnlyList<string> InspectSystems { get; init; } = [];

    public ModuleSpec? FindModule(string id) => Modules.FirstOrDefault(m => m.Id == id);
}

/// <summary>One <c>clan.specialArgs.&lt;name&gt; = "&lt;value&gt;"</c> definition.</summary>
public sealed record SpecialArg(string Name, string Value);
