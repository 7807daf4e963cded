using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Errors;
using Conformance.Model.ModuleSystem;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;

namespace Conformance.Model.Services;

/// <summary>Predicts the service fields of a case (see <see cref="ServiceField"/>; the plan is <see cref="ServicePlan"/>).</summary>
internal sealed class ServicePredictor(Inventory inventory, ServiceModel model)
{
    public Outcome Predict(FieldKey key)
    {
        var field = key.ServiceField ?? throw new ArgumentException($"{key} is not a service field");
        return field.Predict(this, key);
    }

    // ---- what field descriptors read (Observations/Fields/Service) ------------------------------

    /// <summary>The clan's meta, as services see it.</summary>
    internal MetaValues Meta => model.Meta;

    /// <summary>A service-level field: the group must resolve its module first.</summary>
    internal Outcome ForService(FieldKey key, Func<ServiceModel.ServiceGroup, Outcome> field)
    {
        var group = GroupOf(key);
        return group.ResolveError is { } unresolved ? Outcome.Fails(unresolved) : field(group);
    }

    /// <summary>A role-level field: reading <c>instances.&lt;i&gt;.roles</c> checks the instance's roles against the service's.</summary>
    internal Outcome ForRole(FieldKey key, Func<ServiceModel.ServiceGroup, InstanceSpec, RoleSpec, Outcome> field)
    {
        var (group, instance, role) = RoleOf(key);
        return group.RolesCheck(instance) is { } check ? Outcome.Fails(check) : field(group, instance, role);
    }

    /// <summary>A member-level field: perInstance's result for one member, after the lookups Nix makes to reach it.</summary>
    internal Outcome ForMember(FieldKey key, Func<ServiceModel.ServiceGroup, InstanceSpec, RoleSpec, string, Outcome> field)
    {
        var (group, instance, role) = RoleOf(key);
        return group.PerInstanceLookup(instance, role) is { } lookup ? Outcome.Fails(lookup) : field(group, instance, role, key.Machine!);
    }

    private ServiceModel.ServiceGroup GroupOf(FieldKey key) =>
        model.Group(key.Service!) ?? throw new ArgumentException($"{key}: the case has no service {key.Service}");

    private InstanceSpec InstanceOf(ServiceModel.ServiceGroup group, FieldKey key) =>
        group.Instances.FirstOrDefault(i => i.Name == key.Instance) ?? throw new ArgumentException($"{key}: no instance {key.Instance}");

    private (ServiceModel.ServiceGroup, InstanceSpec, RoleSpec) RoleOf(FieldKey key)
    {
        var group = GroupOf(key);
        var instance = InstanceOf(group, key);
        var role = instance.Roles.FirstOrDefault(r => r.Role == key.Role) ?? throw new ArgumentException($"{key}: no role {key.Role}");
        return (group, instance, role);
    }

    internal Outcome Services() => Outcome.Value(JsonValues.Strings(model.Groups.Select(g => g.Id)),
        "one service evaluation per module id: (module.input or \"<clan-core>\") + \"-\" + module.name, instances grouped");

    /// <summary>Per role of the instance, its members; reading the roles checks them against the service's.</summary>
    internal Outcome Membership(FieldKey key)
    {
        var group = GroupOf(key);
        var instance = InstanceOf(group, key);
        if (group.RolesCheck(instance) is { } check) return Outcome.Fails(check);
        return ValueTree.Object(group.RolesOf(instance).Select(role =>
        {
            var (members, error) = model.Members(role);
            return (role.Role, error is not null ? ValueTree.Fails(error) : ValueTree.Of(JsonValues.Strings(members)));
        })).ToOutcome("resolveTags: a role's members are its machines (attrNames, existing or not) and every inventory machine with one of its tags");
    }

    /// <summary>perMachine's arguments for <paramref name="key"/>'s service and machine.</summary>
    internal Outcome PerMachine(FieldKey key, string? instance) => PerMachine(GroupOf(key), key.Machine!, instance);

    /// <summary>perMachine's arguments: <c>machine</c> and the names of <c>instances</c> (<paramref name="instance"/> null), or one of the instances.</summary>
    private Outcome PerMachine(ServiceModel.ServiceGroup group, string machine, string? instance)
    {
        var (machines, error) = group.AllMachines();
        if (error is not null) return Outcome.Fails(error);
        if (!machines.TryGetValue(machine, out var instances))
            return Outcome.Fails(new ExpectedError(ErrorKind.Throw, "is not a member", "the machine is in no role of this service"));
        if (instance is not null)
            return instances.FirstOrDefault(i => i.Name == instance) is { } one
                ? ValueTree.Object([("roles", group.RolesArgument(one))]).ToOutcome(
                    "perMachine's instances.<i>: every role of the instance (not only the machine's), each with its role-level settings and every member's settings")
                : Outcome.Fails(new ExpectedError(ErrorKind.Throw, "is not in instance", "the machine is in no role of this instance"));
        var roles = new SortedSet<string>(NixOrder.Instance);
        foreach (var i in instances)
        foreach (var role in group.RolesOf(i))
            if (model.Members(role).Members.Contains(machine)) roles.Add(role.Role);
        return Outcome.Value(new JsonObject
        {
            ["instances"] = JsonValues.Strings(instances.Select(i => i.Name)),
            ["machine"] = new JsonObject { ["name"] = machine, ["roles"] = JsonValues.Strings(roles) },
        }, "perMachine: instances = only the instances the machine is in; machine.roles = its roles across them, sorted and unique");
    }

    /// <summary>
    /// <c>clanInternals.cliChecks</c>: per service (id order), <c>maxInstances</c>, then per
    /// constrained role (name order) and instance (name order) the role's machine count after tag
    /// resolution against <c>minMachines</c> and <c>maxMachines</c>.
    /// </summary>
    internal Outcome CliChecks()
    {
        var checks = new List<JsonNode?>();
        foreach (var group in model.Groups)
        {
            if (group.ResolveError is { } unresolved) return Outcome.Fails(unresolved);
            if (group.Spec?.Constraints is not { } constraints) continue;
            var name = group.ManifestName;
            if (constraints.MaxInstances is { } max && group.Instances.Count > max)
                checks.Add(Check($"{name}-maxInstances", $"Service '{name}' allows at most {max} instance(s) but {group.Instances.Count} are defined."));
            // lib.optional (min != null && count < min): an unset bound never counts the machines.
            foreach (var rc in constraints.Roles.Where(r => r.MinMachines is not null || r.MaxMachines is not null).OrderBy(r => r.Role, NixOrder.Instance))
            foreach (var instance in group.Instances)
            {
                if (group.RolesCheck(instance) is { } check) return Outcome.Fails(check);
                var role = instance.Roles.FirstOrDefault(r => r.Role == rc.Role);
                var count = 0;
                if (role is not null)
                {
                    var (members, error) = model.Members(role);
                    if (error is not null) return Outcome.Fails(error);
                    count = members.Count;
                }
                if (rc.MinMachines is { } min && count < min)
                    checks.Add(Check($"{name}-{instance.Name}-{rc.Role}-minMachines",
                        $"Role '{rc.Role}' of service '{name}' instance '{instance.Name}' requires at least {min} machine(s) but {count} are assigned."));
                if (rc.MaxMachines is { } maxMachines && count > maxMachines)
                    checks.Add(Check($"{name}-{instance.Name}-{rc.Role}-maxMachines",
                        $"Role '{rc.Role}' of service '{name}' instance '{instance.Name}' allows at most {maxMachines} machine(s) but {count} are assigned."));
            }
        }
        return Outcome.Value(new JsonArray(checks.ToArray()), checks.Count == 0
            ? "no manifest constraint is violated"
            : "service-module.nix result.cliChecks: maxInstances, then minMachines/maxMachines per constrained role and instance (members after tag resolution)");
    }

    private static JsonNode Check(string id, string message) => new JsonObject { ["id"] = id, ["message"] = message, ["severity"] = "error" };

    /// <summary>
    /// The modules the machine gets from every service, evaluated on their own: clan's
    /// <c>machineImports</c> (nixos) or <c>darwinImports</c> (darwin) list, one module per service.
    /// </summary>
    internal Outcome Imports(string machine)
    {
        if (inventory.OwnClassError(machine) is { } classError)
            return Outcome.Fails(classError with { Rule = "the machine's class decides which import list applies, and inventory.json and the Nix inventory disagree on it" });
        if (model.FinalError is { } final) return Outcome.Fails(final);
        var machineClass = inventory.Classes[machine];
        var (definitions, _) = ModuleCollector.DefinitionsInMergeOrder(
            [new ModuleNode("harness: warnings and assertions declared"), .. ServiceModules.For(model, machine, machineClass)], ModuleClass.Generic);
        var order = definitions.Select(d => d.Definition).OfType<ServiceOrderDef>().Select(d => d.Entry);
        var warnings = definitions.Select(d => d.Definition).OfType<ServiceWarningsDef>().SelectMany(d => d.Warnings);
        return Outcome.Value(new JsonObject { ["order"] = JsonValues.Strings(order), ["warnings"] = JsonValues.Strings(warnings) },
            $"{(machineClass == MachineClass.Darwin ? "darwinImports" : "machineImports")}: per service (id order) perMachine's module, " +
            "perInstance's (by role, then instance) with their extraModules one level deeper each; merged in reverse breadth-first order; NixOS modules add the service's warnings");
    }
}
