using Conformance.Model.Cases;
using Conformance.Generators.Choices;

namespace Conformance.Generators;

/// <summary>
/// Instances of a case's services and the role assignments in them. An instance picks a service
/// (several instances often the same one), 1–all of its roles (at the error rate also a role the
/// service does not define, or a module nobody provides). A role assignment picks members by name
/// (0–3 machines, sometimes one outside the inventory), by tag (0–3 of the tags given — the
/// case's machines' tags, so members often carry several — sometimes a tag no machine has), writes tags as a list or an attribute set, and sets settings at the role level (3 in 5),
/// for some members (2 in 5 each) and for some tags (3 in 5 each, attribute-set form), plus extra
/// modules (one in six). Shrinks on its choices (<see cref="CaseShrinker"/>): fewer roles, members
/// and tags, tags as a list, no settings at any level, no extra modules.
/// </summary>
public static class ServiceInstanceGen
{
    /// <param name="services">The services instances may use (local ones, referenced with module.input = "self", or a mocked input's).</param>
    /// <param name="machines">Machine names of the case.</param>
    /// <param name="tags">Tags machines of the case may carry.</param>
    public static Draw<InstanceSpec> Instance(IReadOnlyList<(ModuleRef Module, ServiceSpec Service)> services, IReadOnlyList<string> machines,
        IReadOnlyList<string> tags, ServiceErrorRates rates) =>
        from pick in Draw.Elements(services.ToArray())
        from missing in Draw.Frequency((100 - rates.MissingModule, Draw.Constant(false)), (rates.MissingModule, Draw.Constant(true)))
        from roleNames in Draw.NonEmptyListOf(Draw.Elements(pick.Service.Roles.Select(r => r.Name).ToArray())).Select(l => l.Distinct().ToList())
        from unknown in Draw.Frequency((100 - rates.UnknownRole, Draw.Constant(false)), (rates.UnknownRole, Draw.Constant(true)))
        from roles in Draw.CollectToList(unknown ? [.. roleNames, Pools.UnknownRole] : roleNames,
            r => Assignment(r, pick.Service.FindRole(r)?.Interface ?? [], machines, tags, rates))
        select new InstanceSpec("i")
        {
            Module = missing ? pick.Module with { Name = "missing" } : pick.Module,
            Roles = roles,
        };

    /// <summary>A role of an instance: members, tags and settings at every level.</summary>
    public static Draw<RoleSpec> Assignment(string role, IReadOnlyList<OptionDecl> iface, IReadOnlyList<string> machines, IReadOnlyList<string> tags, ServiceErrorRates rates) =>
        from members in Draw.SubListOf(machines.ToArray()).Select(l => l.Take(3).ToList())
        from ghost in Draw.Frequency((94, Draw.Constant(false)), (6, Draw.Constant(true)))
        from memberTags in Draw.SubListOf(tags.ToArray()).Select(l => l.Take(3).ToList())
        from unknownTag in Draw.Frequency((94, Draw.Constant(false)), (6, Draw.Constant(true)))
        from asAttrs in Draw.Elements(ServiceGen.OffFirst, [true, false])
        from roleSettings in Draw.Frequency((40, Draw.Constant<SettingsSpec?>(null)), (60, ServiceGen.Settings(iface, rates).Select(s => (SettingsSpec?)s)))
        from machineSettings in Draw.CollectToList(ghost ? [.. members, Pools.GhostMachine] : members, m => Targeted(m, iface, rates))
        from tagSettings in Draw.CollectToList(unknownTag ? [.. memberTags, Pools.UnknownTag] : memberTags, t => Targeted(t, iface, rates, percent: 60))
        from extra in Draw.Frequency((84, Draw.Constant<IReadOnlyList<string>>([])),
            (16, Draw.NonEmptyListOf(Draw.Elements(Pools.ExtraModuleLabels)).Select(l => (IReadOnlyList<string>)l.Distinct().Take(2).ToList())))
        let allTags = unknownTag ? [.. memberTags, Pools.UnknownTag] : memberTags
        select new RoleSpec(role)
        {
            Machines = ghost ? [.. members, Pools.GhostMachine] : members,
            Tags = allTags,
            TagsAsAttrs = asAttrs,
            Settings = roleSettings,
            MachineSettings = machineSettings.OfType<TargetSettings>().ToList(),
            TagSettings = asAttrs ? tagSettings.OfType<TargetSettings>().ToList() : [],
            ExtraModules = extra,
        };

    private static Draw<TargetSettings?> Targeted(string target, IReadOnlyList<OptionDecl> iface, ServiceErrorRates rates, int percent = 40) =>
        Draw.Frequency((100 - percent, Draw.Constant<TargetSettings?>(null)), (percent, ServiceGen.Settings(iface, rates).Select(s => (TargetSettings?)new TargetSettings(target, s))));
}
