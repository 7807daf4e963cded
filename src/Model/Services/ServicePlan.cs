using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Semantics;

namespace Conformance.Model.Services;

/// <summary>
/// Which service fields a case observes. Decided by the case (its instances, services and
/// machines: membership is computed from the case, not from a prediction); cases without
/// services of their own or module references keep the probe-only field set they always had.
/// </summary>
public static class ServicePlan
{
    /// <summary>Whether the case observes service fields: it defines services, mocks inputs with services, or names a module.</summary>
    public static bool ObservesServices(ClanCase c) =>
        c.Services.Count > 0 || c.InputServices.Count > 0 || c.Instances.Any(i => i.Module is not null);

    public static IEnumerable<FieldKey> Keys(ClanCase c)
    {
        if (!ObservesServices(c)) yield break;
        var inventory = new Inventory(c);
        var model = new ServiceModel(c, inventory);
        yield return FieldKey.Svc(ServiceField.Services);
        yield return FieldKey.Svc(ServiceField.CliChecks);
        foreach (var group in model.Groups)
        {
            yield return FieldKey.Svc(ServiceField.Manifest, group.Id);
            yield return FieldKey.Svc(ServiceField.Instances, group.Id);
            yield return FieldKey.Svc(ServiceField.Members, group.Id);
            if (group.Spec is not null)
            {
                yield return FieldKey.Svc(ServiceField.SpecialArgs, group.Id);
                yield return FieldKey.Svc(ServiceField.Assertions, group.Id);
            }
            var serviceMachines = new SortedDictionary<string, SortedSet<string>>(NixOrder.Instance);
            foreach (var instance in group.Instances)
            {
                yield return FieldKey.Svc(ServiceField.Membership, group.Id, instance.Name);
                if (group.Spec is null) continue;
                foreach (var role in group.RolesOf(instance).Where(r => group.RoleNames.Contains(r.Role)))
                {
                    yield return FieldKey.Svc(ServiceField.RoleSettings, group.Id, instance.Name, role.Role);
                    foreach (var machine in model.Members(role).Members)
                    {
                        if (!serviceMachines.TryGetValue(machine, out var machineInstances)) serviceMachines[machine] = machineInstances = new SortedSet<string>(NixOrder.Instance);
                        machineInstances.Add(instance.Name);
                        yield return FieldKey.Svc(ServiceField.Settings, group.Id, instance.Name, role.Role, machine);
                        yield return FieldKey.Svc(ServiceField.Args, group.Id, instance.Name, role.Role, machine);
                        yield return FieldKey.Svc(ServiceField.Roles, group.Id, instance.Name, role.Role, machine);
                        yield return FieldKey.Svc(ServiceField.Meta, group.Id, instance.Name, role.Role, machine);
                        if (group.Spec.FindRole(role.Role)?.Extend is not null)
                            yield return FieldKey.Svc(ServiceField.Extended, group.Id, instance.Name, role.Role, machine);
                    }
                }
            }
            foreach (var (machine, instances) in serviceMachines)
            {
                yield return FieldKey.Svc(ServiceField.PerMachine, group.Id, machine: machine);
                foreach (var instance in instances) yield return FieldKey.Svc(ServiceField.PerMachineInstance, group.Id, instance, machine: machine);
            }
        }
        foreach (var machine in inventory.Machines)
            yield return FieldKey.Svc(ServiceField.Imports, machine: machine);
    }
}
