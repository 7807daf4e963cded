using Conformance.Model.Cases;
using static Conformance.Generators.ListEdits;

namespace Conformance.Generators;

/// <summary>
/// Shrinks a case towards one machine, one module, one definition, one component at a time
/// (FsCheck's convention: candidates from the largest reduction to the smallest; the first that
/// still fails is kept and shrinking starts again from it). Every candidate is a valid case.
/// </summary>
public static class ClanCaseShrinker
{
    public static IEnumerable<ClanCase> Shrink(ClanCase c) => Candidates(c).Where(x => CaseValidator.Problems(x).Count == 0);

    private static IEnumerable<ClanCase> Candidates(ClanCase c)
    {
        // Whole components first: half of them, then one at a time.
        foreach (var half in Halves(c.Machines)) yield return c with { Machines = half };
        foreach (var half in Halves(c.Instances)) yield return c with { Instances = half };
        for (var i = 0; i < c.Machines.Count && c.Machines.Count > 1; i++)
            yield return c with { Machines = Without(c.Machines, i) };
        // Then big cuts, delta-debugging style (a shrink step costs a Nix process, so removing half
        // the module pool or all of a module's definitions at once saves many one-at-a-time steps).
        if (c.Modules.Count > 1)
        {
            var half = c.Modules.Count / 2;
            yield return c.Modules.Take(half).Aggregate(c, (x, m) => WithoutModule(x, m.Id));
            yield return c.Modules.Skip(half).Aggregate(c, (x, m) => WithoutModule(x, m.Id));
        }
        foreach (var (module, index) in c.Modules.Select((m, i) => (m, i)).Where(x => x.m.Definitions.Count > 1))
            yield return c with { Modules = Replace(c.Modules, index, module with { Definitions = [] }) };
        foreach (var smaller in ServiceShrinker.Components(c)) yield return smaller;
        for (var i = 0; i < c.Instances.Count; i++)
            yield return c with { Instances = Without(c.Instances, i) };
        for (var i = 0; i < c.StaticTags.Count; i++)
            yield return c with { StaticTags = Without(c.StaticTags, i) };
        for (var i = 0; i < c.SpecialArgs.Count; i++)
            yield return c with { SpecialArgs = Without(c.SpecialArgs, i) };
        for (var i = 0; i < c.CoreReads.Count; i++)
            yield return c with { CoreReads = Without(c.CoreReads, i) };
        for (var i = 0; i < c.InspectSystems.Count; i++)
            yield return c with { InspectSystems = Without(c.InspectSystems, i) };
        if (c.PkgsForSystem.Mode != PkgsForSystemMode.Unset)
        {
            yield return c with { PkgsForSystem = PkgsForSystemSpec.Unset };
            for (var i = 0; i < c.PkgsForSystem.CustomSystems.Count; i++)
                yield return c with { PkgsForSystem = c.PkgsForSystem with { CustomSystems = Without(c.PkgsForSystem.CustomSystems, i) } };
        }
        for (var i = 0; i < c.FlakeSystems.Count && c.FlakeSystems.Count > 1; i++)
            yield return c with { FlakeSystems = Without(c.FlakeSystems, i) };
        foreach (var module in c.Modules)
            yield return WithoutModule(c, module.Id);

        // Then parts of machines.
        for (var i = 0; i < c.Machines.Count; i++)
            foreach (var smaller in ShrinkMachine(c.Machines[i]))
                yield return c with { Machines = Replace(c.Machines, i, smaller) };

        // Then module contents: imports, definitions, definition details.
        for (var i = 0; i < c.Modules.Count; i++)
            foreach (var smaller in ShrinkModule(c.Modules[i]))
                yield return c with { Modules = Replace(c.Modules, i, smaller) };

        // Then instances (roles, members, settings) and services.
        foreach (var smaller in ServiceShrinker.Parts(c)) yield return smaller;
        foreach (var smaller in LayoutShrinker.Candidates(c)) yield return smaller;
    }

    private static ClanCase WithoutModule(ClanCase c, string id) => c with
    {
        Modules = c.Modules.Where(m => m.Id != id).Select(m => m with { Imports = m.Imports.Where(i => i != id).ToList() }).ToList(),
        Machines = c.Machines.Select(m => m with
        {
            Imports = m.Imports.Where(i => i != id).ToList(),
            Directory = m.Directory?.Configuration is { } conf
                ? m.Directory with { Configuration = conf with { Imports = conf.Imports.Where(i => i != id).ToList() } }
                : m.Directory,
        }).ToList(),
    };

    private static IEnumerable<MachineSpec> ShrinkMachine(MachineSpec m)
    {
        var sources = (m.InClanMachines ? 1 : 0) + (m.InventoryNix is null ? 0 : 1) + (m.InventoryJson is null ? 0 : 1) + (m.Directory is null ? 0 : 1);
        if (m.InventoryJson is not null && sources > 1) yield return m with { InventoryJson = null };
        if (m.Directory is not null && sources > 1) yield return m with { Directory = null };
        if (m.InventoryNix is not null && sources > 1 && m.InventoryNix.Class != MachineClass.Darwin) yield return m with { InventoryNix = null };
        if (m.Directory?.Configuration is not null) yield return m with { Directory = new MachineDirectory() };
        for (var i = 0; i < m.Imports.Count; i++) yield return m with { Imports = Without(m.Imports, i) };
        if (m.InventoryNix is { Tags.Count: > 0 } nix) yield return m with { InventoryNix = nix with { Tags = [] } };
        if (m.InventoryJson is { Tags.Count: > 0 } json) yield return m with { InventoryJson = json with { Tags = [] } };
        if (m.Directory?.Configuration is { } conf)
            foreach (var smaller in ShrinkModule(conf))
                yield return m with { Directory = m.Directory with { Configuration = smaller } };
    }

    private static IEnumerable<ModuleSpec> ShrinkModule(ModuleSpec m)
    {
        for (var i = 0; i < m.Imports.Count; i++) yield return m with { Imports = Without(m.Imports, i) };
        for (var i = 0; i < m.Definitions.Count; i++) yield return m with { Definitions = Without(m.Definitions, i) };
        if (m.Kind == ModuleKind.Dendritic && m.Class != ModuleClass.Generic) yield return m with { Class = ModuleClass.Generic };
        for (var i = 0; i < m.Definitions.Count; i++)
            foreach (var simpler in Simplify(m.Definitions[i]))
                yield return m with { Definitions = Replace(m.Definitions, i, simpler) };
    }

    /// <summary>Towards a plain definition: drop mkIf, priority, order; shorten lists.</summary>
    private static IEnumerable<Definition> Simplify(Definition d)
    {
        if (d.Condition is not null) yield return d with { Condition = null };
        if (d.Priority != Priority.Plain) yield return d with { Priority = Priority.Plain };
        switch (d)
        {
            case ListDef { Order.Form: not OrderForm.Plain } l: yield return l with { Order = Order.Plain }; break;
            case OverlayDef { Order.Form: not OrderForm.Plain } o: yield return o with { Order = Order.Plain }; break;
        }
        if (d is ListDef { Items.Count: > 1 } list) yield return list with { Items = [list.Items[0]] };
        if (d is NixpkgsConfigDef { Entries.Count: > 1 } config) yield return config with { Entries = [config.Entries[0]] };
    }
}
