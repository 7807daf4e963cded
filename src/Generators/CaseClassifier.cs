using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Generators;

/// <summary>
/// Labels what a case exercises (FsCheck's <c>Classify</c>/<c>Collect</c>): campaigns report how
/// often each label occurred, so a reader sees whether the generated cases covered the semantics.
/// </summary>
public static class CaseClassifier
{
    public static IReadOnlyList<string> Labels(ClanCase c, Prediction? prediction = null)
    {
        var labels = new SortedSet<string>(StringComparer.Ordinal)
        {
            $"machines:{c.Machines.Count}",
            $"pkgsForSystem:{c.PkgsForSystem.Mode}",
            $"inspect-systems:{c.InspectSystems.Count}",
        };
        void If(bool condition, string label) { if (condition) labels.Add(label); }
        var allModules = c.Modules.Concat(c.Machines.Select(m => m.Directory?.Configuration).OfType<ModuleSpec>()).ToList();
        var definitions = allModules.SelectMany(m => m.Definitions).ToList();

        If(c.Machines.Any(m => m.InventoryNix?.Class == MachineClass.Darwin || m.InventoryJson?.Class == MachineClass.Darwin), "darwin-machine");
        If(c.Machines.Any(m => Pools.EdgeMachineNames.Contains(m.Name)), "edge-machine-name");
        If(c.Machines.Any(m => m.InClanMachines), "source:clan.machines");
        If(c.Machines.Any(m => m.InventoryNix is not null), "source:inventory-nix");
        If(c.Machines.Any(m => m.InventoryJson is not null), "source:inventory.json");
        If(c.Machines.Any(m => m.Directory is not null), "source:machines-dir");
        foreach (var file in c.Machines.Where(m => m.Directory?.Configuration is not null).Select(m => m.Directory!.FileName).Distinct()) labels.Add($"machines-dir:{file}");
        If(c.Machines.Any(m => !m.InClanMachines), "machine-without-clan.machines");
        foreach (var kind in c.Modules.Select(m => m.Kind).Distinct()) labels.Add($"module:{kind}");
        If(c.Modules.Any(m => m.Kind == ModuleKind.Dendritic && m.Class != ModuleClass.Generic), "dendritic-with-class");
        If(ImportedMoreThanOnce(c), "diamond-import");
        If(c.Modules.Any(m => m.Imports.Count > 0), "nested-imports");
        foreach (var kind in definitions.Select(d => d.GetType().Name.Replace("Def", "")).Distinct()) labels.Add($"def:{kind}");
        foreach (var form in definitions.Select(d => d.Priority.Form).Where(f => f != PriorityForm.Plain).Distinct()) labels.Add($"priority:{form}");
        If(definitions.OfType<ListDef>().Any(l => l.Order.Form != OrderForm.Plain) || definitions.OfType<OverlayDef>().Any(o => o.Order.Form != OrderForm.Plain), "mkOrder");
        If(definitions.Any(d => d.Condition == false), "mkIf-false");
        If(definitions.OfType<NixpkgsPkgsDef>().Any(), "machine-sets-nixpkgs.pkgs");
        If(definitions.OfType<HostPlatformDef>().Any(d => d.Priority.Form != PriorityForm.Plain), "hostPlatform-with-priority");
        If(c.Instances.Count > 0, "service-instance");
        If(c.Instances.Any(i => i.Roles.Any(r => r.Machines.Contains(Pools.GhostMachine))), "role-unknown-machine");
        If(c.Instances.Any(i => i.Roles.Any(r => r.Tags.Contains(Pools.UnknownTag))), "role-unknown-tag");
        If(c.StaticTags.Count > 0, "static-tags");
        If(c.SpecialArgs.Count > 0, "special-args");
        If(c.PkgsForSystem.CustomSystems.Count > 0 && c.PkgsForSystem.Mode != PkgsForSystemMode.Unset, "custom-pkgs-instance");
        If(c.PkgsForSystem.Mode == PkgsForSystemMode.PerSystem && c.InspectSystems.Any(s => !c.FlakeSystems.Contains(s)), "perSystem-missing-system");

        if (prediction is not null)
        {
            foreach (var error in prediction.Fields.Values.OfType<ErrorOutcome>().Select(e => e.Error.Kind).Distinct())
                labels.Add($"expects-error:{error}");
            foreach (var deviation in prediction.Fields.Values.Select(o => o.Deviation?.Id).OfType<string>().Distinct())
                labels.Add($"documented-vs-actual:{deviation}");
            If(prediction.Fields.Any(kv => kv.Key.IsPkgsForSystemCalls && kv.Value is ValueOutcome { Expected: not null } v && v.Expected.ToJsonString() == "1"), "pkgsForSystem-called");
        }
        return labels.ToList();
    }

    private static bool ImportedMoreThanOnce(ClanCase c)
    {
        var references = c.Modules.SelectMany(m => m.Imports)
            .Concat(c.Machines.SelectMany(m => m.Imports))
            .Concat(c.Machines.SelectMany(m => m.Directory?.Configuration?.Imports ?? []));
        return references.GroupBy(r => r).Any(g => g.Count() > 1);
    }
}
