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
        If(c.CoreReads.Any(a => !Model.Semantics.ClanCoreArgument.Public.Contains(a)), "reads-non-public-clan-core");
        If(c.PkgsForSystem.CustomSystems.Count > 0 && c.PkgsForSystem.Mode != PkgsForSystemMode.Unset, "custom-pkgs-instance");
        If(c.PkgsForSystem.Mode == PkgsForSystemMode.PerSystem && c.InspectSystems.Any(s => !c.FlakeSystems.Contains(s)), "perSystem-missing-system");

        ServiceLabels(c, labels);

        if (prediction is not null)
        {
            foreach (var error in prediction.Fields.Where(kv => kv.Key.Scope == Scope.Service).Select(kv => kv.Value).OfType<ErrorOutcome>()
                .Select(e => ServiceErrorClass(e.Error)).Distinct())
                labels.Add($"service-error:{error}");
            If(prediction.Fields.Any(kv => kv.Key.ServiceField == ServiceField.Settings && kv.Value is ValueOutcome), "service-settings-resolved");
            If(prediction.Fields.Any(kv => kv.Key.MachineField == MachineField.ServiceOrder && kv.Value is ValueOutcome { Expected: System.Text.Json.Nodes.JsonArray { Count: > 1 } }),
                "service-order-in-nixos");
            foreach (var error in prediction.Fields.Values.OfType<ErrorOutcome>().Select(e => e.Error.Kind).Distinct())
                labels.Add($"expects-error:{error}");
            foreach (var deviation in prediction.Fields.Values.Select(o => o.Deviation?.Id).OfType<string>().Distinct())
                labels.Add($"documented-vs-actual:{deviation}");
            If(prediction.Fields.Any(kv => kv.Key.IsPkgsForSystemCalls && kv.Value is ValueOutcome { Expected: not null } v && v.Expected.ToJsonString() == "1"), "pkgsForSystem-called");
        }
        return labels.ToList();
    }

    /// <summary>What a case's services exercise: settings levels, priorities and orders inside settings, tag forms, mistakes made.</summary>
    private static void ServiceLabels(ClanCase c, SortedSet<string> labels)
    {
        if (c.Shape == ObservationShape.Services) labels.Add("shape:services");
        var services = c.Services.Concat(c.InputServices.SelectMany(i => i.Services)).ToList();
        if (services.Count == 0 && c.Instances.All(i => i.Module is null)) return;
        labels.Add($"services:{services.Count}");
        var roles = c.Instances.Where(i => i.Module is not null).SelectMany(i => i.Roles).ToList();
        void If(bool condition, string label) { if (condition) labels.Add(label); }
        If(roles.Any(r => r.Settings is not null), "settings-level:role");
        If(roles.Any(r => r.MachineSettings.Count > 0), "settings-level:machine");
        If(roles.Any(r => r.TagSettings.Count > 0), "settings-level:tag");
        If(services.Any(s => s.Roles.Any(r => r.Extend is not null)), "settings-level:extendSettings");
        If(roles.Any(r => r.Tags.Count > 0 && !r.TagsAsAttrs), "tags:list");
        If(roles.Any(r => r.Tags.Count > 0 && r.TagsAsAttrs), "tags:attrs");
        If(roles.Any(r => r.ExtraModules.Count > 0), "extraModules");
        var settings = roles.SelectMany(r => new[] { r.Settings }.Concat(r.MachineSettings.Select(t => t.Settings)).Concat(r.TagSettings.Select(t => t.Settings)))
            .OfType<SettingsSpec>().Concat(services.SelectMany(s => s.Roles).Select(r => r.Extend).OfType<SettingsSpec>()).ToList();
        var values = settings.SelectMany(s => s.Definitions).SelectMany(d => d.Values).ToList();
        foreach (var form in values.Select(v => v.Priority.Form).Where(f => f != PriorityForm.Plain).Distinct()) labels.Add($"settings-priority:{form}");
        foreach (var form in values.Select(v => v.Order.Form).Where(f => f != OrderForm.Plain).Distinct()) labels.Add($"settings-order:{form}");
        foreach (var type in values.Select(v => v.Value.GetType().Name.Replace("Value", "")).Distinct()) labels.Add($"settings-value:{type}");
        If(settings.Any(s => s.Definitions.Count > 1), "settings-definitions:several");
        If(settings.SelectMany(s => s.Definitions).Any(d => d.Priority != Priority.Plain), "settings-definition-priority");
        foreach (var fault in settings.SelectMany(s => s.Definitions).Select(d => d.Fault).Where(f => f != SettingsFault.None).Distinct()) labels.Add($"settings-fault:{fault}");
        var members = c.Instances.Where(i => i.Module is not null).SelectMany(i => i.Roles.SelectMany(r => r.Machines.Select(m => (i.Name, r.Role, m)))).ToList();
        If(members.GroupBy(x => (x.Name, x.m)).Any(g => g.Count() > 1), "machine-in-several-roles");
        If(members.GroupBy(x => x.m).Any(g => g.Select(x => x.Name).Distinct().Count() > 1), "machine-in-several-instances");
        If(c.Instances.Where(i => i.Module is not null).GroupBy(i => i.Module).Any(g => g.Count() > 1), "instances-of-one-service");
        If(roles.Any(r => r.Machines.Contains(Pools.GhostMachine)), "member-not-in-inventory");
        If(c.Machines.Any(m => (m.InventoryNix?.Class ?? m.InventoryJson?.Class) == MachineClass.Darwin)
            && c.Instances.Any(i => i.Module is not null && i.Roles.Any(r => r.Tags.Count > 0 || r.Machines.Count > 0)), "darwin-with-services");
        If(services.Any(s => s.Constraints is not null), "manifest-constraints");
        If(services.Any(s => s.Roles.Any(r => r.Interface.Any(o => o.MetaDefault is not null))), "interface-default-from-meta");
        If(c.InputServices.Count > 0, "service-from-mocked-input");
        foreach (var type in services.SelectMany(s => s.Roles).SelectMany(r => r.Interface).Select(o => o.Type).Distinct()) labels.Add($"interface:{type}");
    }

    /// <summary>The user mistake a predicted service error stands for (the brief's error classes).</summary>
    public static string ServiceErrorClass(Model.Errors.ExpectedError error) => error.Kind switch
    {
        Model.Errors.ErrorKind.Throw when error.KeyText.Contains("uses the following roles", StringComparison.Ordinal) => "unknown-role",
        Model.Errors.ErrorKind.Throw when error.KeyText.Contains("nested imports", StringComparison.Ordinal) => "imports-in-settings",
        Model.Errors.ErrorKind.Throw when error.KeyText.Contains("doesn't provide", StringComparison.Ordinal) => "module-not-found",
        Model.Errors.ErrorKind.NotUnique => "two-definitions",
        Model.Errors.ErrorKind.NotJson => "function-in-settings",
        Model.Errors.ErrorKind.TypeMismatch => "wrong-type",
        Model.Errors.ErrorKind.ConflictingDefinitions when error.KeyText.Contains("machineClass", StringComparison.Ordinal) => "class-conflict",
        Model.Errors.ErrorKind.ConflictingDefinitions => "conflicting-values",
        Model.Errors.ErrorKind.OptionDoesNotExist => "undeclared-option",
        Model.Errors.ErrorKind.NoValueDefined => "no-value",
        var kind => kind.ToString(),
    };

    private static bool ImportedMoreThanOnce(ClanCase c)
    {
        var references = c.Modules.SelectMany(m => m.Imports)
            .Concat(c.Machines.SelectMany(m => m.Imports))
            .Concat(c.Machines.SelectMany(m => m.Directory?.Configuration?.Imports ?? []));
        return references.GroupBy(r => r).Any(g => g.Count() > 1);
    }
}
