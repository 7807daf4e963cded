using Conformance.Model.Cases;
using FsCheck;
using FsCheck.Fluent;

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
/// Shrinking is <see cref="ClanCaseShrinker"/>.
/// </summary>
public static class ClanCaseGen
{
    public static Gen<ClanCase> Case() => Gen.Sized(size => Case(Math.Clamp(size, 0, 100), withServices: false));

    /// <summary>
    /// The same clans, each with services of its own over its machines (<see cref="ServiceCaseGen.ForFullCase"/>):
    /// what NixOS and nix-darwin make of the modules services give machines, observed with machine evaluations.
    /// </summary>
    public static Gen<ClanCase> CaseWithServices() => Gen.Sized(size => Case(Math.Clamp(size, 0, 100), withServices: true));

    private static Gen<ClanCase> Case(int size, bool withServices) =>
        withServices ? Clan(size, withServices) : Clan(size, withServices).SelectMany(LayoutGen.Extend);

    private static Gen<ClanCase> Clan(int size, bool withServices) =>
        from machineCount in Gen.Frequency((35, Gen.Constant(1)), (40, Gen.Constant(2)), (25, Gen.Constant(size >= 20 ? 3 : 2)))
        from names in MachineNames(machineCount)
        from modules in ModulePool(Math.Min(5, 1 + size / 20))
        from machines in Gen.CollectToList(names, name => MachineGen.Machine(name, modules))
        from instances in Instance(names).ListOf().Select(l => l.Take(2).ToList())
        from staticTags in StaticTag(names).ListOf().Select(l => l.Take(2).ToList())
        from pkgsForSystem in PkgsForSystem()
        from flakeSystems in FlakeSystems()
        from inspect in InspectSystems()
        from clanName in Gen.Elements("conformance", "test-clan", "clan_1", "Clan-X")
        from specialArgs in SpecialArgs()
        from services in withServices
            ? ServiceCaseGen.ForFullCase(names)
            : Gen.Constant<(IReadOnlyList<ServiceSpec> Services, IReadOnlyList<InstanceSpec> Instances)>(([], []))
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
    private static Gen<IReadOnlyList<string>> CoreReads() =>
        Gen.Frequency(
            (83, Gen.Constant<IReadOnlyList<string>>([])),
            (17, from picks in Gen.SubListOf(Pools.CoreAttributes)
                 from first in Gen.Elements(Pools.CoreAttributes)
                 select (IReadOnlyList<string>)picks.Prepend(first).Distinct().Take(3).ToList()));

    /// <summary>clan.specialArgs in one case in four: one or two arguments, values sometimes hostile strings.</summary>
    private static Gen<IReadOnlyList<SpecialArg>> SpecialArgs() =>
        Gen.Frequency(
            (75, Gen.Constant<IReadOnlyList<SpecialArg>>([])),
            (25, from count in Gen.Choose(1, 2)
                 from values in Gen.Frequency((80, Gen.Elements("v1", "v2", "")), (20, HostileStrings.String())).ArrayOf(count)
                 select (IReadOnlyList<SpecialArg>)values.Select((v, i) => new SpecialArg($"conformanceArg{i + 1}", v)).ToList()));

    private static Gen<List<string>> MachineNames(int count) =>
        from picks in Gen.CollectToList(Enumerable.Range(0, count), _ =>
            Gen.Frequency((90, Gen.Elements(Pools.MachineNames)), (10, Gen.Elements(Pools.EdgeMachineNames))))
        select picks.Distinct().ToList();

    /// <summary>A DAG in pool order: module i imports only modules after it; file and inline modules only reach file/inline ones.</summary>
    private static Gen<IReadOnlyList<ModuleSpec>> ModulePool(int maxModules) =>
        from count in Gen.Choose(0, maxModules)
        from kinds in Gen.Frequency((35, Gen.Constant(ModuleKind.Inline)), (35, Gen.Constant(ModuleKind.File)), (30, Gen.Constant(ModuleKind.Dendritic))).ArrayOf(count)
        from classes in Gen.Frequency((55, Gen.Constant(ModuleClass.Generic)), (38, Gen.Constant(ModuleClass.Nixos)), (7, Gen.Constant(ModuleClass.Darwin))).ArrayOf(count)
        from definitions in Gen.CollectToList(Enumerable.Range(0, count), i =>
            DefinitionGen.Definition(kinds[i] == ModuleKind.Dendritic).ListOf().Select(l => l.Take(4).ToList()))
        from importPicks in Gen.CollectToList(Enumerable.Range(0, count), i => Gen.SubListOf(Enumerable.Range(i + 1, count - i - 1).ToArray()))
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

    private static Gen<InstanceSpec> Instance(IReadOnlyList<string> machines) =>
        from roles in Role(machines).ListOf().Select(l => l.Take(2).ToList())
        select new InstanceSpec("svc") { Roles = roles.GroupBy(r => r.Role).Select(g => g.First()).ToList() };

    private static Gen<RoleSpec> Role(IReadOnlyList<string> machines) =>
        from role in Gen.Elements(RoleSpec.Server, RoleSpec.Client)
        from members in Gen.SubListOf(machines.Append(Pools.GhostMachine).ToArray())
        from tags in Gen.SubListOf(Pools.Tags.Append(Pools.UnknownTag).ToArray())
        select new RoleSpec(role) { Machines = members.Take(2).ToList(), Tags = tags.Take(2).ToList() };

    private static Gen<StaticTag> StaticTag(IReadOnlyList<string> machines) =>
        from tag in Gen.Elements("static", "cloud", "all", "nixos")
        from members in Gen.SubListOf(machines.Append(Pools.GhostMachine).ToArray())
        select new StaticTag(tag, members.ToList());

    private static Gen<PkgsForSystemSpec> PkgsForSystem() =>
        from mode in Gen.Frequency((30, Gen.Constant(PkgsForSystemMode.Unset)), (35, Gen.Constant(PkgsForSystemMode.PerSystem)), (35, Gen.Constant(PkgsForSystemMode.ClanOption)))
        from custom in Gen.SubListOf(Systems.ClanSupported.ToArray())
        select mode == PkgsForSystemMode.Unset ? PkgsForSystemSpec.Unset : new PkgsForSystemSpec(mode) { CustomSystems = custom.ToList() };

    private static Gen<IReadOnlyList<string>> FlakeSystems() =>
        from extra in Gen.SubListOf(Pools.FlakeSystems.Skip(1).ToArray())
        from withDefault in Gen.Frequency((85, Gen.Constant(true)), (15, Gen.Constant(false)))
        select (IReadOnlyList<string>)(withDefault || extra.Count == 0 ? [Systems.X86_64Linux, .. extra] : extra.ToList());

    private static Gen<IReadOnlyList<string>> InspectSystems() =>
        Gen.Frequency(
            (30, Gen.Constant<IReadOnlyList<string>>([])),
            (55, Gen.Frequency((70, Gen.Constant(Systems.X86_64Linux)), (30, Gen.Elements(Systems.ClanSupported.ToArray()))).Select(s => (IReadOnlyList<string>)[s])),
            (15, Gen.SubListOf(Systems.ClanSupported.ToArray()).Select(l => (IReadOnlyList<string>)l.Take(2).ToList())));

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
