using Conformance.Model.Cases;
using Conformance.Model.ModuleSystem;
using Conformance.Model.Semantics;

namespace Conformance.Model.Services;

/// <summary>
/// The modules a machine gets from clan services, as lib.modules collects them (depth decides
/// order, see <see cref="ModuleCollector"/>). Per service, in id order, clan's
/// <c>_allMachines.&lt;m&gt;.machineImports</c> (NixOS) or <c>darwinImports</c> holds
/// <c>result.final.&lt;m&gt;.nixosModule</c> (<c>{ }</c> for a machine outside the service), from
/// service-module.nix:
/// <code>
/// final.nixosModule { imports = [ A P I… ]; }                                        0
///   A  { warnings; assertions; }              (NixOS only)                          1
///   P  setDefaultModuleLocation → perMachine's nixosModule (deferredModule: { imports })
///        → location wrapper → the module perMachine returned                       1, 2, 3, 4
///   I  setDefaultModuleLocation "Via instances.…" (one per role, then instance, the machine is in)
///        → { imports = [ perInstance's nixosModule, extraModules… ]; }              1, 2
///          perInstance's nixosModule (deferredModule) → wrapper → the module       3, 4, 5
///          setDefaultModuleLocation → extraModules element (listOf deferredModule:
///            { imports }) → wrapper → the module                                    3, 4, 5, 6
/// </code>
/// So perMachine's module sits one level above perInstance's, which sits one above the extra
/// modules: merged in reverse, a machine's list options get the extra modules' definitions first,
/// then perInstance's (last role/instance first), then perMachine's (last service first).
/// </summary>
public static class ServiceModules
{
    /// <summary>The service order entry the renderer gives each module (a service is named by its id).</summary>
    public static string PerMachineEntry(string serviceId) => $"{serviceId}/perMachine";

    public static string PerInstanceEntry(string serviceId, string instance, string role) => $"{serviceId}/{instance}/{role}";

    public static string ExtraModuleEntry(string label) => $"extra:{label}";

    /// <summary>One node per service evaluation, in id order: what <paramref name="machine"/> imports from it (an empty module when it is no member).</summary>
    internal static IReadOnlyList<ModuleNode> For(ServiceModel model, string machine, MachineClass machineClass)
    {
        var nodes = new List<ModuleNode>();
        foreach (var group in model.Groups)
        {
            var (machines, error) = group.AllMachines();
            if (error is not null || !machines.TryGetValue(machine, out var instances))
            {
                nodes.Add(new ModuleNode($"{group.Id}: result.final.{machine} or {{ }}"));
                continue;
            }
            var imports = new List<ModuleNode>();
            if (machineClass == MachineClass.Nixos)
                imports.Add(new ModuleNode($"{group.Id}: warnings and assertions") { Definitions = [new ServiceWarningsDef(Warnings(group))] });
            var generated = group.Spec is not null;
            imports.Add(Chain($"{group.Id}: perMachine", 3, generated ? [new ServiceOrderDef(PerMachineEntry(group.Id))] : []));
            foreach (var roleName in group.RoleNames)
            foreach (var instance in group.Instances)
            {
                var role = instance.Roles.FirstOrDefault(r => r.Role == roleName);
                if (role is null || !model.Members(role).Members.Contains(machine)) continue;
                var perInstance = Chain($"{group.Id}: perInstance {instance.Name}/{roleName}", 2,
                    generated ? [new ServiceOrderDef(PerInstanceEntry(group.Id, instance.Name, roleName))] : []);
                var extras = role.ExtraModules.Select(label => Chain($"extraModules {label}", 3, [new ServiceOrderDef(ExtraModuleEntry(label))]));
                imports.Add(ModuleNode.Wrap($"{group.Id}: Via instances.{instance.Name}.roles.{roleName}",
                    ModuleNode.Wrap("perInstance result with extraModules", [perInstance, .. extras])));
            }
            nodes.Add(new ModuleNode($"{group.Id}: result.final.{machine}.nixosModule") { Imports = imports });
        }
        return nodes;
    }

    /// <summary>
    /// The NixOS warnings of a service's module for its members: a missing description per role
    /// (roles in name order), then a missing manifest.readme, naming the service
    /// <c>&lt;input&gt;/&lt;name&gt;</c> (<c>&lt;clan-core&gt;/&lt;name&gt;</c> for clan-core's).
    /// </summary>
    public static IReadOnlyList<string> Warnings(ServiceModel.ServiceGroup group)
    {
        var canonical = $"{group.Module.Input ?? "<clan-core>"}/{group.Module.Name}";
        var warnings = group.RoleNames
            .Where(r => group.Spec?.FindRole(r)?.Description is null)
            .Select(r => $"Missing description for role '{r}' of clanService '{canonical}'")
            .ToList();
        if (group.Spec?.Readme != true) warnings.Add($"Missing manifest.readme for clanService '{canonical}'");
        return warnings;
    }

    /// <summary><paramref name="levels"/> nested wrappers with the definitions at the bottom.</summary>
    private static ModuleNode Chain(string origin, int levels, IReadOnlyList<Definition> definitions)
    {
        var node = new ModuleNode(origin) { Definitions = definitions };
        for (var i = 0; i < levels; i++) node = ModuleNode.Wrap($"wrapper of {origin}", node);
        return node;
    }
}

/// <summary><c>conformance.serviceOrder = [ Entry ]</c> in a module a service gives a machine (never rendered from a case: the service's own code writes it).</summary>
internal sealed record ServiceOrderDef(string Entry) : Definition
{
    public override string OptionPath => "conformance.serviceOrder";
}

/// <summary><c>warnings = [ … ]</c> of a service's module for its NixOS members.</summary>
internal sealed record ServiceWarningsDef(IReadOnlyList<string> Warnings) : Definition
{
    public override string OptionPath => "warnings";
}
