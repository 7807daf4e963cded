using Conformance.Model.Cases;
using Conformance.Generators.Choices;

namespace Conformance.Generators;

/// <summary>
/// Random clans. Distribution (size 0–100 scales counts; the defaults keep a case at a few
/// machine evaluations, since each costs ~0.4 s and ~105 MB in Nix):
/// <list type="bullet">
/// <item>1–3 machines; names mostly ordinary, one in ten an edge case (<see cref="Pools.EdgeMachineNames"/>);
/// one in five darwin; each declared in clan.machines (85%), the Nix inventory (60%), inventory.json
/// (20%), a machines/ directory (26%, with a configuration.nix / hardware-configuration.nix / disko.nix
/// in 18% of machines), at least one;</item>
/// <item>a module pool of 0–5 modules (inline, file, dendritic of class generic/nixos/darwin) forming
/// a DAG with diamonds, each with 0–4 definitions of every option the model knows;</item>
/// <item>a per-machine platform module most of the time (a machine without one fails to evaluate);</item>
/// <item>0–2 probe service instances with roles by machine (ghosts included) and by tag (unknown included),
/// 0–2 static tags, pkgsForSystem unset / perSystem / clan option, 0–2 inspected clanInternals systems;</item>
/// <item>with <see cref="CaseWithServices"/>, also services of its own with instances over its machines
/// (<see cref="ServiceCaseGen.ForFullCase"/>, mistakes rare). Plain campaigns have none: their cases
/// stay what they were for revisions of clan-core older than the services the model describes.</item>
/// </list>
/// Shrinks on its choices (<see cref="CaseShrinker"/>): every choice lowered towards the first
/// option listed, which is the simplest (one machine, no module, plain priorities, no services).
/// </summary>
public static class ClanCaseGen
{
    public static Draw<ClanCase> Case() => Draw.Sized(size => Case(Math.Clamp(size, 0, 100), withServices: false));

    /// <summary>
    /// The same clans, each with services of its own over its machines (<see cref="ServiceCaseGen.ForFullCase"/>):
    /// what NixOS and nix-darwin make of the modules services give machines, observed with machine evaluations.
    /// </summary>
    public static Draw<ClanCase> CaseWithServices() => Draw.Sized(size => Case(Math.Clamp(size, 0, 100), withServices: true));

    private static Draw<ClanCase> Case(int size, bool withServices) =>
        withServices ? Clan(size, withServices) : Clan(size, withServices).SelectMany(LayoutGen.Extend);

    private static Draw<ClanCase> Clan(int size, bool withServices) =>
        from machineCount in Draw.Frequency((35, Draw.Constant(1)), (40, Draw.Constant(2)), (25, Draw.Constant(size >= 20 ? 3 : 2)))
        from names in MachineNames(machineCount)
        from modules in ModulePool(Math.Min(5, 1 + size / 20))
        from machines in Draw.CollectToList(names, name => MachineGen.Machine(name, modules))
        from instances in Instance(names).ListOf().Select(l => l.Take(2).ToList())
        from staticTags in StaticTag(names).ListOf().Select(l => l.Take(2).ToList())
        from pkgsForSystem in PkgsForSystem()
        from flakeSystems in FlakeSystems()
        from inspect in InspectSystems()
        from clanName in Draw.Elements("conformance", "test-clan", "clan_1", "Clan-X")
        from specialArgs in SpecialArgs()
        from services in withServices
            ? ServiceCaseGen.ForFullCase(names)
            : Draw.Constant<(IReadOnlyList<ServiceSpec> Services, IReadOnlyList<InstanceSpec> Instances)>(([], []))
        // Drawn last, so the rest of a case is what the same seed gave before this was drawn.
        from coreReads in CoreReads()
        select Number(new ClanCase("c")
        {
            ClanName = clanName,
            FlakeSystems = flakeSystems,
            PkgsForSystem = pkgsForSystem,
            Machines = machines.Select(m => m.Machine).ToList(),
            Modules = [.. modules, .. machines.SelectMany(m => new[] { m.PlatformModule, m.OwnPkgsModule }.OfType<ModuleSpec>())],
            Instances = [.. instances.Select((inst, i) => inst with { Name = $"svc{i + 1}" }), .. services.Instances],
            Services = services.Services,
            StaticTags = staticTags.GroupBy(t => t.Tag).Select(g => g.First()).ToList(),
            InspectSystems = inspect,
            SpecialArgs = specialArgs,
            CoreReads = coreReads,
        });

    /// <summary>In one case in six, machine modules read one to three attributes of the clan-core argument.</summary>
    private static Draw<IReadOnlyList<string>> CoreReads() =>
        Draw.Frequency(
            (83, Draw.Constant<IReadOnlyList<string>>([])),
            (17, from picks in Draw.SubListOf(Pools.CoreAttributes)
                 from first in Draw.Elements(Pools.CoreAttributes)
                 select (IReadOnlyList<string>)picks.Prepend(first).Distinct().Take(3).ToList()));

    /// <summary>clan.specialArgs in one case in four: one or two arguments, values sometimes hostile strings.</summary>
    private static Draw<IReadOnlyList<SpecialArg>> SpecialArgs() =>
        Draw.Frequency(
            (75, Draw.Constant<IReadOnlyList<SpecialArg>>([])),
            (25, from count in Draw.Choose(1, 2)
                 from values in Draw.Frequency((80, Draw.Elements("v1", "v2", "")), (20, HostileStrings.String())).ArrayOf(count)
                 select (IReadOnlyList<SpecialArg>)values.Select((v, i) => new SpecialArg($"conformanceArg{i + 1}", v)).ToList()));

    private static Draw<List<string>> MachineNames(int count) =>
        from picks in Draw.CollectToList(Enumerable.Range(0, count), _ =>
            Draw.Frequency((90, Draw.Elements(Pools.MachineNames)), (10, Draw.Elements(Pools.EdgeMachineNames))))
        select picks.Distinct().ToList();

    /// <summary>A DAG in pool order: module i imports only modules after it; file and inline modules only reach file/inline ones.</summary>
    private static Draw<IReadOnlyList<ModuleSpec>> ModulePool(int maxModules) =>
        from count in Draw.Choose(0, maxModules)
        from kinds in Draw.Frequency((35, Draw.Constant(ModuleKind.Inline)), (35, Draw.Constant(ModuleKind.File)), (30, Draw.Constant(ModuleKind.Dendritic))).ArrayOf(count)
        from classes in Draw.Frequency((55, Draw.Constant(ModuleClass.Generic)), (38, Draw.Constant(ModuleClass.Nixos)), (7, Draw.Constant(ModuleClass.Darwin))).ArrayOf(count)
        from definitions in Draw.CollectToList(Enumerable.Range(0, count), i =>
            DefinitionGen.Definition(kinds[i] == ModuleKind.Dendritic).ListOf().Select(l => l.Take(4).ToList()))
        from importPicks in Draw.CollectToList(Enumerable.Range(0, count), i => Draw.SubListOf(Enumerable.Range(i + 1, count - i - 1).ToArray()))
        select BuildPool(kinds, classes, definitions, importPicks);

    private static IReadOnlyList<ModuleSpec> BuildPool(ModuleKind[] kinds, ModuleClass[] classes, List<List<Definition>> definitions, List<List<int>> importPicks)
    {
        var modules = new ModuleSpec[kinds.Length];
        // Build from the end so "file-safe" (reaches no dendritic module) is known for every import target.
        var fileSafe = new bool[kinds.Length];
        for (var i = kinds.Length - 1; i >= 0; i--)
        {
            var imports = importPicks[i].Take(2)
                .Where(j => kinds[i] == ModuleKind.Dendritic || fileSafe[j])
                .Select(j => $"m{j + 1}").ToList();
            modules[i] = new ModuleSpec($"m{i + 1}", kinds[i])
            {
                Class = kinds[i] == ModuleKind.Dendritic ? classes[i] : ModuleClass.Generic,
                Definitions = definitions[i],
                Imports = imports,
            };
            fileSafe[i] = kinds[i] != ModuleKind.Dendritic && imports.All(id => fileSafe[int.Parse(id[1..]) - 1]);
        }
        return modules;
    }

    private static Draw<InstanceSpec> Instance(IReadOnlyList<string> machines) =>
        from roles in Role(machines).ListOf().Select(l => l.Take(2).ToList())
        select new InstanceSpec("svc") { Roles = roles.GroupBy(r => r.Role).Select(g => g.First()).ToList() };

    private static Draw<RoleSpec> Role(IReadOnlyList<string> machines) =>
        from role in Draw.Elements(RoleSpec.Server, RoleSpec.Client)
        from members in Draw.SubListOf(machines.Append(Pools.GhostMachine).ToArray())
        from tags in Draw.SubListOf(Pools.Tags.Append(Pools.UnknownTag).ToArray())
        select new RoleSpec(role) { Machines = members.Take(2).ToList(), Tags = tags.Take(2).ToList() };

    private static Draw<StaticTag> StaticTag(IReadOnlyList<string> machines) =>
        from tag in Draw.Elements("static", "cloud", "all", "nixos")
        from members in Draw.SubListOf(machines.Append(Pools.GhostMachine).ToArray())
        select new StaticTag(tag, members.ToList());

    private static Draw<PkgsForSystemSpec> PkgsForSystem() =>
        from mode in Draw.Frequency((30, Draw.Constant(PkgsForSystemMode.Unset)), (35, Draw.Constant(PkgsForSystemMode.PerSystem)), (35, Draw.Constant(PkgsForSystemMode.ClanOption)))
        from custom in Draw.SubListOf(Systems.ClanSupported.ToArray())
        select mode == PkgsForSystemMode.Unset ? PkgsForSystemSpec.Unset : new PkgsForSystemSpec(mode) { CustomSystems = custom.ToList() };

    private static Draw<IReadOnlyList<string>> FlakeSystems() =>
        from extra in Draw.SubListOf(Pools.FlakeSystems.Skip(1).ToArray())
        from withDefault in Draw.Frequency((85, Draw.Constant(true)), (15, Draw.Constant(false)))
        select (IReadOnlyList<string>)(withDefault || extra.Count == 0 ? [Systems.X86_64Linux, .. extra] : extra.ToList());

    private static Draw<IReadOnlyList<string>> InspectSystems() =>
        Draw.Frequency(
            (30, Draw.Constant<IReadOnlyList<string>>([])),
            (55, Draw.Frequency((70, Draw.Constant(Systems.X86_64Linux)), (30, Draw.Elements(Systems.ClanSupported.ToArray()))).Select(s => (IReadOnlyList<string>)[s])),
            (15, Draw.SubListOf(Systems.ClanSupported.ToArray()).Select(l => (IReadOnlyList<string>)l.Take(2).ToList())));

    /// <summary>Gives overlays and package-set markers unique ids (o1, o2, …; own1, …) in pool order.</summary>
    public static ClanCase Number(ClanCase c)
    {
        var overlay = 0;
        var own = 0;
        Definition Renumber(Definition d) => d switch
        {
            OverlayDef o => o with { Id = $"o{++overlay}" },
            NixpkgsPkgsDef p => p with { MarkerId = $"own{++own}" },
            _ => d,
        };
        ModuleSpec Module(ModuleSpec m) => m with { Definitions = m.Definitions.Select(Renumber).ToList() };
        return c with
        {
            Modules = c.Modules.Select(Module).ToList(),
            Machines = c.Machines.Select(m => m.Directory?.Configuration is { } conf
                ? m with { Directory = m.Directory with { Configuration = Module(conf) } }
                : m).ToList(),
        };
    }
}
