using Conformance.Model.Cases;
using static Conformance.Generators.ListEdits;

namespace Conformance.Generators;

/// <summary>
/// Shrinks the service parts of a case, one component at a time, largest cuts first: whole services
/// (with their instances), instances, roles of an instance, then inside a role its members, tags,
/// settings at each level and extra modules, then inside settings their definitions, values and
/// wrappers; inside a service its roles, interface options, defaults and extras. Candidates may be
/// invalid (the case shrinker drops those).
/// </summary>
public static class ServiceShrinker
{
    /// <summary>Whole components: a service with its instances, a mocked input with its instances, meta.domain.</summary>
    public static IEnumerable<ClanCase> Components(ClanCase c)
    {
        // Half of the services, with their instances.
        foreach (var half in Halves(c.Services))
            yield return c with
            {
                Services = half,
                Instances = c.Instances.Where(i => i.Module is not { Input: ModuleRef.Self } m || half.Any(s => s.Name == m.Name)).ToList(),
            };
        // A service and every instance of it.
        foreach (var service in c.Services)
            yield return c with
            {
                Services = c.Services.Where(s => s != service).ToList(),
                Instances = c.Instances.Where(i => i.Module != new ModuleRef(service.Name, ModuleRef.Self)).ToList(),
            };
        foreach (var input in c.InputServices)
            yield return c with
            {
                InputServices = c.InputServices.Where(i => i != input).ToList(),
                Instances = c.Instances.Where(i => i.Module?.Input != input.Input).ToList(),
            };
        if (c.Domain is not null) yield return c with { Domain = null };
    }

    /// <summary>Parts: of each instance (roles, members, settings…), then of each service (roles, interface…).</summary>
    public static IEnumerable<ClanCase> Parts(ClanCase c)
    {
        for (var i = 0; i < c.Instances.Count; i++)
            foreach (var smaller in Instance(c.Instances[i]))
                yield return c with { Instances = Replace(c.Instances, i, smaller) };
        for (var i = 0; i < c.Services.Count; i++)
            foreach (var smaller in Service(c.Services[i]))
                yield return c with { Services = Replace(c.Services, i, smaller) };
        for (var i = 0; i < c.InputServices.Count; i++)
        for (var j = 0; j < c.InputServices[i].Services.Count; j++)
            foreach (var smaller in Service(c.InputServices[i].Services[j]))
                yield return c with { InputServices = Replace(c.InputServices, i, c.InputServices[i] with { Services = Replace(c.InputServices[i].Services, j, smaller) }) };
    }

    /// <summary>An instance: fewer roles, then smaller roles.</summary>
    public static IEnumerable<InstanceSpec> Instance(InstanceSpec instance)
    {
        for (var i = 0; i < instance.Roles.Count; i++) yield return instance with { Roles = Without(instance.Roles, i) };
        for (var i = 0; i < instance.Roles.Count; i++)
            foreach (var smaller in Role(instance.Roles[i]))
                yield return instance with { Roles = Replace(instance.Roles, i, smaller) };
    }

    /// <summary>A role assignment: members, tags, settings per level, extra modules, then smaller settings.</summary>
    public static IEnumerable<RoleSpec> Role(RoleSpec role)
    {
        if (role.Settings is not null) yield return role with { Settings = null };
        if (role.MachineSettings.Count > 0) yield return role with { MachineSettings = [] };
        if (role.TagSettings.Count > 0) yield return role with { TagSettings = [] };
        if (role.ExtraModules.Count > 0) yield return role with { ExtraModules = [] };
        for (var i = 0; i < role.Machines.Count; i++)
            yield return role with { Machines = Without(role.Machines, i), MachineSettings = role.MachineSettings.Where(s => s.Target != role.Machines[i]).ToList() };
        for (var i = 0; i < role.Tags.Count; i++)
            yield return role with { Tags = Without(role.Tags, i), TagSettings = role.TagSettings.Where(s => s.Target != role.Tags[i]).ToList() };
        if (role.TagsAsAttrs && role.TagSettings.Count == 0) yield return role with { TagsAsAttrs = false };
        for (var i = 0; i < role.MachineSettings.Count; i++) yield return role with { MachineSettings = Without(role.MachineSettings, i) };
        for (var i = 0; i < role.TagSettings.Count; i++) yield return role with { TagSettings = Without(role.TagSettings, i) };
        for (var i = 0; i < role.ExtraModules.Count; i++) yield return role with { ExtraModules = Without(role.ExtraModules, i) };
        if (role.Settings is { } settings)
            foreach (var smaller in Settings(settings)) yield return role with { Settings = smaller };
        for (var i = 0; i < role.MachineSettings.Count; i++)
            foreach (var smaller in Settings(role.MachineSettings[i].Settings))
                yield return role with { MachineSettings = Replace(role.MachineSettings, i, role.MachineSettings[i] with { Settings = smaller }) };
        for (var i = 0; i < role.TagSettings.Count; i++)
            foreach (var smaller in Settings(role.TagSettings[i].Settings))
                yield return role with { TagSettings = Replace(role.TagSettings, i, role.TagSettings[i] with { Settings = smaller }) };
    }

    /// <summary>Settings: one definition fewer, then each definition: its fault, its priority, a value fewer, plainer values.</summary>
    public static IEnumerable<SettingsSpec> Settings(SettingsSpec settings)
    {
        for (var i = 0; i < settings.Definitions.Count && settings.Definitions.Count > 1; i++)
            yield return settings with { Definitions = Without(settings.Definitions, i) };
        for (var i = 0; i < settings.Definitions.Count; i++)
            foreach (var smaller in Definition(settings.Definitions[i]))
                yield return settings with { Definitions = Replace(settings.Definitions, i, smaller) };
    }

    private static IEnumerable<SettingsDefinition> Definition(SettingsDefinition d)
    {
        if (d.Fault != SettingsFault.None) yield return d with { Fault = SettingsFault.None };
        if (d.Priority != Priority.Plain) yield return d with { Priority = Priority.Plain };
        for (var i = 0; i < d.Values.Count; i++) yield return d with { Values = Without(d.Values, i) };
        for (var i = 0; i < d.Values.Count; i++)
        {
            var v = d.Values[i];
            if (v.Priority != Priority.Plain) yield return d with { Values = Replace(d.Values, i, v with { Priority = Priority.Plain }) };
            if (v.Order != Order.Plain) yield return d with { Values = Replace(d.Values, i, v with { Order = Order.Plain }) };
            if (v.Value is ListValue { Items.Count: > 1 } list) yield return d with { Values = Replace(d.Values, i, v with { Value = new ListValue([list.Items[0]]) }) };
            if (v.Value is AttrsValue { Entries.Count: > 1 } attrs) yield return d with { Values = Replace(d.Values, i, v with { Value = new AttrsValue([attrs.Entries[0]]) }) };
        }
    }

    /// <summary>A service: fewer roles, options, defaults, descriptions, extras.</summary>
    public static IEnumerable<ServiceSpec> Service(ServiceSpec service)
    {
        if (service.Constraints is not null) yield return service with { Constraints = null };
        if (service.ManifestName is not null) yield return service with { ManifestName = null };
        if (service.Readme) yield return service with { Readme = false };
        for (var i = 0; i < service.Roles.Count && service.Roles.Count > 1; i++) yield return service with { Roles = Without(service.Roles, i) };
        for (var i = 0; i < service.Roles.Count; i++)
        {
            var role = service.Roles[i];
            if (role.Extend is not null) yield return service with { Roles = Replace(service.Roles, i, role with { Extend = null }) };
            if (role.Description is not null) yield return service with { Roles = Replace(service.Roles, i, role with { Description = null }) };
            for (var j = 0; j < role.Interface.Count; j++)
                yield return service with { Roles = Replace(service.Roles, i, role with { Interface = Without(role.Interface, j) }) };
            for (var j = 0; j < role.Interface.Count; j++)
                if (role.Interface[j].HasDefault)
                    yield return service with { Roles = Replace(service.Roles, i, role with { Interface = Replace(role.Interface, j, role.Interface[j] with { Default = null, MetaDefault = null }) }) };
        }
    }
}
