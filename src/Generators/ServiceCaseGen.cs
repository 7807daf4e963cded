using Conformance.Model.Cases;
using Conformance.Generators.Choices;

namespace Conformance.Generators;

/// <summary>
/// Cases about clan services, observed without any machine evaluation
/// (<see cref="ObservationShape.Services"/>): 1–4 machines (names mostly ordinary, one in twenty an
/// edge case; one in five darwin; declared in the Nix inventory, inventory.json, clan.machines or
/// a machines/ directory, tags from <see cref="Pools.Tags"/>), 1–3 services of the case's own
/// (<see cref="ServiceGen"/>), one in ten cases also a service of a mocked flake input, 1–4
/// instances (<see cref="ServiceInstanceGen"/>), static tags one time in six, meta.domain one in
/// five. Shrinks on its choices (<see cref="CaseShrinker"/>): fewer machines, services, instances
/// and roles, machines declared in no inventory, no mistakes.
/// </summary>
public static class ServiceCaseGen
{
    public static Draw<ClanCase> Case() => Case(ServiceErrorRates.Focused);

    public static Draw<ClanCase> Case(ServiceErrorRates rates) =>
        from machineCount in Draw.Frequency((25, Draw.Constant(1)), (35, Draw.Constant(2)), (25, Draw.Constant(3)), (15, Draw.Constant(4)))
        from names in Draw.CollectToList(Enumerable.Range(0, machineCount), _ =>
            Draw.Frequency((95, Draw.Elements(Pools.MachineNames)), (5, Draw.Elements(Pools.EdgeMachineNames)))).Select(n => n.Distinct().ToList())
        from machines in Draw.CollectToList(names, Machine)
        from serviceCount in Draw.Frequency((35, Draw.Constant(1)), (45, Draw.Constant(2)), (20, Draw.Constant(3)))
        from services in Draw.CollectToList(Pools.ServiceNames.Take(serviceCount), ServiceGen.Service)
        from upstream in Draw.Frequency((90, Draw.Constant<ServiceSpec?>(null)), (10, ServiceGen.Service("uzzi").Select(s => (ServiceSpec?)s)))
        from instanceCount in Draw.Frequency((25, Draw.Constant(1)), (35, Draw.Constant(2)), (25, Draw.Constant(3)), (15, Draw.Constant(4)))
        from instances in Draw.CollectToList(Enumerable.Range(0, instanceCount), _ =>
            ServiceInstanceGen.Instance(References(services, upstream), names, CarriedTags(machines), rates))
        from staticTags in Draw.Frequency((84, Draw.Constant<IReadOnlyList<StaticTag>>([])),
            (16, Draw.SubListOf(names.ToArray()).Select(m => (IReadOnlyList<StaticTag>)[new StaticTag("static", m.ToList())])))
        from domain in Draw.Frequency((80, Draw.Constant<string?>(null)), (20, Draw.Constant<string?>("example.com")))
        from clanName in Draw.Elements("conformance", "test", "clan_1")
        select new ClanCase("c")
        {
            Shape = ObservationShape.Services,
            ClanName = clanName,
            Domain = domain,
            Machines = machines,
            Services = services,
            InputServices = upstream is null ? [] : [new InputServices("upstream") { Services = [upstream] }],
            Instances = instances.Select((inst, i) => inst with { Name = $"i{i + 1}" }).ToList(),
            StaticTags = staticTags,
        };

    /// <summary>The tags the case's machines carry (their own and the computed ones), what roles pick tags from.</summary>
    private static IReadOnlyList<string> CarriedTags(IReadOnlyList<MachineSpec> machines) =>
        machines.SelectMany(m => (m.InventoryNix?.Tags ?? []).Concat(m.InventoryJson?.Tags ?? []))
            .Concat(["all", "nixos", "darwin", "static"]).Distinct().Order(StringComparer.Ordinal).ToList();

    private static IReadOnlyList<(ModuleRef, ServiceSpec)> References(IReadOnlyList<ServiceSpec> services, ServiceSpec? upstream) =>
        [.. services.Select(s => (new ModuleRef(s.Name, ModuleRef.Self), s)), .. upstream is null ? [] : new[] { (new ModuleRef(upstream.Name, "upstream"), upstream) }];

    /// <summary>A machine as the inventory sees it (no modules: nothing evaluates it). Darwin machines say so in an inventory.</summary>
    private static Draw<MachineSpec> Machine(string name) =>
        from darwin in Draw.Frequency((80, Draw.Constant(false)), (20, Draw.Constant(true)))
        from declared in darwin
            ? Draw.Frequency((75, Draw.Constant(InventoryChoice.Nix)), (15, Draw.Constant(InventoryChoice.Json)), (10, Draw.Constant(InventoryChoice.Both)))
            : Draw.Frequency([3, 0, 1, 2], (60, Draw.Constant(InventoryChoice.Nix)), (10, Draw.Constant(InventoryChoice.Json)), (10, Draw.Constant(InventoryChoice.Both)), (20, Draw.Constant(InventoryChoice.None)))
        from elsewhere in Draw.Elements(DirectoryChoice.None, DirectoryChoice.Empty)
        from nixTags in Draw.SubListOf(Pools.Tags).Select(t => t.Take(2).ToList())
        from jsonTags in Draw.SubListOf(Pools.Tags).Select(t => t.Take(1).ToList())
        let cls = darwin ? MachineClass.Darwin : (MachineClass?)null
        select new MachineSpec(name)
        {
            // Without an inventory entry the machine is declared by clan.machines or a machines/ directory.
            InClanMachines = declared == InventoryChoice.None && elsewhere == DirectoryChoice.None,
            InventoryNix = declared is InventoryChoice.Nix or InventoryChoice.Both ? new InventoryEntry { Class = cls, Tags = nixTags } : null,
            InventoryJson = declared is InventoryChoice.Json or InventoryChoice.Both ? new InventoryEntry { Class = declared == InventoryChoice.Json ? cls : null, Tags = jsonTags } : null,
            Directory = declared == InventoryChoice.None && elsewhere == DirectoryChoice.Empty ? new MachineDirectory() : null,
        };

    /// <summary>
    /// Services inside a campaign about everything (<see cref="ObservationShape.Full"/>): one or two
    /// of the case's own services with one or two instances over its machines, mistakes rare —
    /// what NixOS then does with the modules they give machines is observed too.
    /// </summary>
    public static Draw<(IReadOnlyList<ServiceSpec> Services, IReadOnlyList<InstanceSpec> Instances)> ForFullCase(IReadOnlyList<string> machines) =>
        from serviceCount in Draw.Elements(1, 2)
        from services in Draw.CollectToList(Pools.ServiceNames.Take(serviceCount), ServiceGen.Service)
        from instanceCount in Draw.Elements(1, 2)
        from instances in Draw.CollectToList(Enumerable.Range(0, instanceCount), _ =>
            ServiceInstanceGen.Instance(References(services, null), machines, Pools.Tags, ServiceErrorRates.Rare))
        select ((IReadOnlyList<ServiceSpec>)services, (IReadOnlyList<InstanceSpec>)instances.Select((inst, i) => inst with { Name = $"i{i + 1}" }).ToList());
}
