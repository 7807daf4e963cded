using Conformance.Model.Cases;
using Conformance.Generators.Choices;

namespace Conformance.Generators;

/// <summary>Which inventory entries declare a machine.</summary>
public enum InventoryChoice
{
    None,
    Nix,
    Json,
    Both,
}

/// <summary>What a machine's <c>machines/&lt;name&gt;/</c> directory holds.</summary>
public enum DirectoryChoice
{
    None,

    /// <summary>The directory alone (it declares the machine).</summary>
    Empty,

    /// <summary>A configuration.nix, hardware-configuration.nix or disko.nix module.</summary>
    WithModule,
}

/// <summary>Where the machine's class is written; <see cref="Conflict"/> writes different classes into the two inventories.</summary>
public enum ClassChoice
{
    Unset,
    Nix,
    Json,
    Both,
    Conflict,
}

/// <summary>Which module sets the machine's <c>nixpkgs.hostPlatform</c>.</summary>
public enum PlatformChoice
{
    /// <summary>An inline module imported by clan.machines.</summary>
    ClanMachines,

    /// <summary>The machine's configuration.nix.</summary>
    Configuration,

    /// <summary>None (a NixOS machine without platform fails to evaluate).</summary>
    None,
}

/// <summary>
/// Every choice that makes a machine, typed and consistent by construction: each choice is drawn
/// only from the values the earlier ones allow (a darwin machine is declared in an inventory that
/// says so; a platform lives where a module can hold it; a machine is declared somewhere).
/// </summary>
public sealed record MachineChoices(string Name, MachineClass Class)
{
    public InventoryChoice Inventory { get; init; }
    public bool ClanMachines { get; init; }
    public DirectoryChoice Directory { get; init; }
    public ClassChoice ClassWhere { get; init; }
    public IReadOnlyList<string> NixTags { get; init; } = [];
    public IReadOnlyList<string> JsonTags { get; init; } = [];
    public IReadOnlyList<string> Imports { get; init; } = [];
    public PlatformChoice Platform { get; init; }
    public string PlatformSystem { get; init; } = Systems.X86_64Linux;
    public IReadOnlyList<Definition> ConfigurationDefinitions { get; init; } = [];
    public IReadOnlyList<string> ConfigurationImports { get; init; } = [];
    public string FileName { get; init; } = MachineDirectory.ConfigurationNix;
    public Priority? OwnPkgs { get; init; }
}

/// <summary>A generated machine and the modules it brings into the pool (its platform, its own package set).</summary>
public sealed record GeneratedMachine(MachineSpec Machine, ModuleSpec? PlatformModule, ModuleSpec? OwnPkgsModule);

/// <summary>
/// Machines. Distribution: one in five darwin; declared in clan.machines (85%), the Nix inventory
/// (60%), inventory.json (20%), a machines/ directory (26%, holding a module in 18% of machines);
/// a platform module most of the time. Each choice is drawn from the values the previous ones allow,
/// so nothing is repaired afterwards.
/// </summary>
public static class MachineGen
{
    public static Draw<GeneratedMachine> Machine(string name, IReadOnlyList<ModuleSpec> pool) => Choices(name, pool).Select(Build);

    public static Draw<MachineChoices> Choices(string name, IReadOnlyList<ModuleSpec> pool) =>
        from darwin in Draw.Frequency((80, Draw.Constant(false)), (20, Draw.Constant(true)))
        from inventory in Inventory(darwin)
        from declaration in Declaration(inventory)
        from classWhere in ClassWhere(inventory, darwin)
        from nixTags in Draw.SubListOf(Pools.Tags)
        from jsonTags in Draw.SubListOf(Pools.Tags)
        from imports in Draw.SubListOf(pool.Select(m => m.Id).ToArray())
        from platform in Platform(declaration.ClanMachines, declaration.Directory)
        from platformSystem in Draw.Frequency((88, Draw.Constant(darwin ? Systems.Aarch64Darwin : Systems.X86_64Linux)),
            (12, Draw.Elements(Systems.Aarch64Linux, Systems.X86_64Linux, Systems.Aarch64Darwin)))
        from configurationDefinitions in DefinitionGen.Definition(allowInputs: false).ListOf().Select(l => l.Take(3).ToList())
        from configurationImports in Draw.SubListOf(pool.Where(m => FileSafe(pool, m)).Select(m => m.Id).ToArray())
        from fileName in Draw.Frequency((70, Draw.Constant(MachineDirectory.ConfigurationNix)), (20, Draw.Constant(MachineDirectory.HardwareConfigurationNix)), (10, Draw.Constant(MachineDirectory.DiskoNix)))
        from ownPkgs in declaration.ClanMachines ? OwnPkgs() : Draw.Constant<Priority?>(null)
        select new MachineChoices(name, darwin ? MachineClass.Darwin : MachineClass.Nixos)
        {
            Inventory = inventory,
            ClanMachines = declaration.ClanMachines,
            Directory = declaration.Directory,
            ClassWhere = classWhere,
            NixTags = nixTags.Take(3).ToList(),
            JsonTags = jsonTags.Take(2).ToList(),
            Imports = imports.Take(3).ToList(),
            Platform = platform,
            PlatformSystem = platformSystem,
            ConfigurationDefinitions = configurationDefinitions,
            ConfigurationImports = configurationImports.Take(2).ToList(),
            FileName = fileName,
            OwnPkgs = ownPkgs,
        };

    /// <summary>
    /// Nix inventory 60%, inventory.json 20%, independently; a darwin machine needs at least one (its
    /// class lives there). No inventory entry is the simplest, then the Nix one.
    /// </summary>
    private static Draw<InventoryChoice> Inventory(bool darwin) =>
        Draw.Frequency([3, 0, 1, 2],
            (48, Draw.Constant(InventoryChoice.Nix)),
            (8, Draw.Constant(InventoryChoice.Json)),
            (12, Draw.Constant(InventoryChoice.Both)),
            (darwin ? 0 : 32, Draw.Constant(InventoryChoice.None)));

    /// <summary>clan.machines 85% and a machines/ directory 26%; without an inventory entry, at least one of them.</summary>
    private static Draw<(bool ClanMachines, DirectoryChoice Directory)> Declaration(InventoryChoice inventory) =>
        from clanMachines in Draw.Frequency((85, Draw.Constant(true)), (15, Draw.Constant(false)))
        from directory in clanMachines || inventory != InventoryChoice.None
            ? Draw.Frequency((74, Draw.Constant(DirectoryChoice.None)), (8, Draw.Constant(DirectoryChoice.Empty)), (18, Draw.Constant(DirectoryChoice.WithModule)))
            : Draw.Frequency((8, Draw.Constant(DirectoryChoice.Empty)), (18, Draw.Constant(DirectoryChoice.WithModule)))
        select (clanMachines, directory);

    /// <summary>Where the class is written, among the places the inventory choice has; a darwin machine always says so somewhere. Unset is the simplest.</summary>
    private static Draw<ClassChoice> ClassWhere(InventoryChoice inventory, bool darwin) => inventory switch
    {
        InventoryChoice.Both => Draw.Frequency((45, Draw.Constant(ClassChoice.Nix)), (20, Draw.Constant(ClassChoice.Json)), (30, Draw.Constant(ClassChoice.Both)), (5, Draw.Constant(ClassChoice.Conflict))),
        InventoryChoice.Nix => darwin ? Draw.Constant(ClassChoice.Nix) : Draw.Frequency([1, 0], (45, Draw.Constant(ClassChoice.Nix)), (55, Draw.Constant(ClassChoice.Unset))),
        InventoryChoice.Json => darwin ? Draw.Constant(ClassChoice.Json) : Draw.Frequency([1, 0], (50, Draw.Constant(ClassChoice.Json)), (50, Draw.Constant(ClassChoice.Unset))),
        _ => Draw.Constant(ClassChoice.Unset),
    };

    /// <summary>
    /// Platform in clan.machines 84%, in configuration.nix 10%, none 6% — among the places that exist.
    /// None is the simplest (a failure about the inventory or the clan's outputs needs no platform;
    /// one about the machine's evaluation keeps it, since without one the machine fails).
    /// </summary>
    private static Draw<PlatformChoice> Platform(bool clanMachines, DirectoryChoice directory) =>
        Draw.Frequency([2, 0, 1],
            (clanMachines ? 84 : 0, Draw.Constant(PlatformChoice.ClanMachines)),
            (directory == DirectoryChoice.WithModule ? 10 : 0, Draw.Constant(PlatformChoice.Configuration)),
            (6, Draw.Constant(PlatformChoice.None)));

    private static Draw<Priority?> OwnPkgs() =>
        Draw.Frequency((82, Draw.Constant<Priority?>(null)),
            (18, Draw.Elements(Priority.Plain, Priority.Force, Priority.Default, Priority.Override(10), Priority.Override(50)).Select(p => (Priority?)p)));

    /// <summary>The machine the choices describe (no choice is changed here: they are consistent by construction).</summary>
    public static GeneratedMachine Build(MachineChoices c)
    {
        var other = c.Class == MachineClass.Darwin ? MachineClass.Nixos : MachineClass.Darwin;
        MachineClass? nixClass = c.ClassWhere is ClassChoice.Nix or ClassChoice.Both or ClassChoice.Conflict ? c.Class : null;
        MachineClass? jsonClass = c.ClassWhere switch { ClassChoice.Json or ClassChoice.Both => c.Class, ClassChoice.Conflict => other, _ => null };
        var platformDef = new HostPlatformDef(c.PlatformSystem);
        var configuration = c.Directory == DirectoryChoice.WithModule
            ? new ModuleSpec($"configuration-{Slug(c.Name)}", ModuleKind.File)
            {
                Definitions = c.Platform == PlatformChoice.Configuration ? [platformDef, .. c.ConfigurationDefinitions] : c.ConfigurationDefinitions,
                Imports = c.ConfigurationImports,
            }
            : null;
        var platformModule = c.Platform == PlatformChoice.ClanMachines ? new ModuleSpec($"platform-{Slug(c.Name)}", ModuleKind.Inline) { Definitions = [platformDef] } : null;
        // The machine brings its own package set (what clan's overridePkgs mkForce competes with in clanInternals).
        var ownPkgsModule = c.OwnPkgs is { } priority
            ? new ModuleSpec($"ownpkgs-{Slug(c.Name)}", ModuleKind.Dendritic) { Definitions = [new NixpkgsPkgsDef(c.PlatformSystem, "?") { Priority = priority }] }
            : null;
        var machine = new MachineSpec(c.Name)
        {
            InClanMachines = c.ClanMachines,
            Imports = c.ClanMachines ? [.. c.Imports, .. new[] { platformModule?.Id, ownPkgsModule?.Id }.OfType<string>()] : [],
            InventoryNix = c.Inventory is InventoryChoice.Nix or InventoryChoice.Both ? new InventoryEntry { Class = nixClass, Tags = c.NixTags } : null,
            InventoryJson = c.Inventory is InventoryChoice.Json or InventoryChoice.Both ? new InventoryEntry { Class = jsonClass, Tags = c.JsonTags } : null,
            Directory = c.Directory == DirectoryChoice.None ? null : new MachineDirectory { Configuration = configuration, FileName = c.FileName },
        };
        return new GeneratedMachine(machine, platformModule, ownPkgsModule);
    }

    private static bool FileSafe(IReadOnlyList<ModuleSpec> pool, ModuleSpec m) =>
        m.Kind != ModuleKind.Dendritic && m.Imports.All(i => pool.First(p => p.Id == i) is { } child && FileSafe(pool, child));

    /// <summary>Module ids must be [a-z][a-z0-9-]*; machine names may be anything.</summary>
    public static string Slug(string name)
    {
        var slug = new string(name.ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-').ToArray());
        return slug + "-" + ((uint)StableHash(name) % 10000).ToString("D4");
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = 17;
            foreach (var c in s) h = h * 31 + c;
            return h;
        }
    }
}
