using Conformance.Model.Cases;
using Conformance.Generators.Choices;

namespace Conformance.Generators;

/// <summary>How often generated services contain each mistake a user can make (per chance, in percent).</summary>
public sealed record ServiceErrorRates
{
    /// <summary>An instance names a role its service does not define.</summary>
    public int UnknownRole { get; init; }

    /// <summary>A settings option gets two definitions (<c>lib.mkMerge</c>).</summary>
    public int TwoDefinitions { get; init; }

    /// <summary>A settings definition holds a function.</summary>
    public int Function { get; init; }

    /// <summary>A settings definition has a top-level <c>imports</c>.</summary>
    public int Imports { get; init; }

    /// <summary>A settings value is of the wrong type for its option.</summary>
    public int WrongType { get; init; }

    /// <summary>A settings definition sets an option the interface does not declare.</summary>
    public int Undeclared { get; init; }

    /// <summary>An instance names a module nobody provides.</summary>
    public int MissingModule { get; init; }

    /// <summary>The services focus: every mistake often enough that a few hundred cases see each many times.</summary>
    public static readonly ServiceErrorRates Focused = new() { UnknownRole = 4, TwoDefinitions = 5, Function = 2, Imports = 2, WrongType = 3, Undeclared = 3, MissingModule = 2 };

    /// <summary>Campaigns about everything: services mostly right (an unknown role fails every machine of the clan).</summary>
    public static readonly ServiceErrorRates Rare = new() { UnknownRole = 1, TwoDefinitions = 2, Function = 1, Imports = 1, WrongType = 1, Undeclared = 1 };
}

/// <summary>
/// Clan services and their settings. A service has 1–3 roles (from <see cref="Pools.RoleNames"/>),
/// each with an interface of 0–3 options (one name per type, <see cref="Pools.InterfaceOptions"/>),
/// with a default four times in five; half the roles have a description, half the services a
/// readme, one in five an extendSettings module, one in six manifest constraints. Settings hold
/// a few values from small pools (equal values merge, different plain ones conflict), with mkForce,
/// mkDefault, mkOverride and, for lists, mkBefore/mkAfter/mkOrder mixed in; mistakes come at
/// <see cref="ServiceErrorRates"/>. Shrinks on its choices (<see cref="CaseShrinker"/>): one role,
/// no options, no default, no readme, description or extras, one plain definition, no mistake.
/// </summary>
public static class ServiceGen
{
    /// <summary>For a draw of (true, false) in FsCheck's order: false, the feature off, is the simplest.</summary>
    internal static readonly int[] OffFirst = [1, 0];

    public static Draw<ServiceSpec> Service(string name) =>
        from roleCount in Draw.Frequency((40, Draw.Constant(1)), (40, Draw.Constant(2)), (20, Draw.Constant(3)))
        from roleNames in Draw.Shuffle(Pools.RoleNames).Select(r => r.Take(roleCount).ToList())
        from roles in Draw.CollectToList(roleNames, Role)
        from extendIndex in Draw.Frequency((80, Draw.Constant(-1)), (20, Draw.Choose(0, roleCount - 1)))
        from extend in ExtendModule(roles[Math.Max(0, extendIndex)].Interface)
        from readme in Draw.Elements(OffFirst, [true, false])
        from manifest in Draw.Frequency((80, Draw.Constant<string?>(null)), (20, Draw.Constant<string?>(name + "-service")))
        from constraints in Draw.Frequency((84, Draw.Constant<ServiceConstraints?>(null)), (16, Constraints(roleNames).Select(c => (ServiceConstraints?)c)))
        select new ServiceSpec(name)
        {
            ManifestName = manifest,
            Readme = readme,
            Constraints = constraints,
            Roles = roles.Select((r, i) => i == extendIndex && r.Interface.Count > 0 ? r with { Extend = extend } : r).ToList(),
        };

    /// <summary>A role; its interface has the list option two times in three (list values show merge order, which other types hide).</summary>
    private static Draw<ServiceRoleSpec> Role(string name) =>
        from others in Draw.SubListOf(Pools.InterfaceOptions.Where(o => o.Type != OptionType.ListOfStr).ToArray()).Select(o => o.Take(2).ToList())
        from withList in Draw.Frequency(OffFirst, (67, Draw.Constant(true)), (33, Draw.Constant(false)))
        let options = withList ? [.. others, Pools.InterfaceOptions.First(o => o.Type == OptionType.ListOfStr)] : others
        from declarations in Draw.CollectToList(options, o => Declaration(o.Name, o.Type))
        from described in Draw.Elements(OffFirst, [true, false])
        select new ServiceRoleSpec(name) { Interface = declarations, Description = described ? $"the {name} role" : null };

    private static Draw<OptionDecl> Declaration(string name, OptionType type) =>
        Draw.Frequency(
            (20, Draw.Constant(new OptionDecl(name, type))),
            (74, Fitting(type).Select(v => new OptionDecl(name, type) { Default = v })),
            (type == OptionType.Str ? 6 : 0, Draw.Elements(MetaField.Name, MetaField.Domain).Select(m => new OptionDecl(name, type) { MetaDefault = m })));

    private static Draw<ServiceConstraints> Constraints(IReadOnlyList<string> roles) =>
        from maxInstances in Draw.Frequency((50, Draw.Constant<int?>(null)), (50, Draw.Choose(1, 2).Select(i => (int?)i)))
        from constrained in Draw.SubListOf(roles.ToArray())
        from bounds in Draw.CollectToList(constrained, r =>
            from min in Draw.Frequency((50, Draw.Constant<int?>(null)), (50, Draw.Choose(0, 2).Select(i => (int?)i)))
            from max in Draw.Frequency((50, Draw.Constant<int?>(null)), (50, Draw.Choose(1, 2).Select(i => (int?)i)))
            select new RoleConstraint(r) { MinMachines = min, MaxMachines = max })
        select new ServiceConstraints { MaxInstances = maxInstances, Roles = bounds };

    /// <summary>The module a role's perInstance passes to extendSettings: 1–2 values of its interface.</summary>
    private static Draw<SettingsSpec> ExtendModule(IReadOnlyList<OptionDecl> iface) =>
        iface.Count == 0
            ? Draw.Constant(new SettingsSpec())
            : from options in Draw.NonEmptyListOf(Draw.Elements(iface.ToArray())).Select(l => l.DistinctBy(o => o.Name).Take(2).ToList())
              from values in Draw.CollectToList(options, o => Value(o, ServiceErrorRates.Rare with { WrongType = 0 }))
              select SettingsSpec.Of(values.ToArray());

    /// <summary>A settings option: one definition, or (rarely) two, written with lib.mkMerge, sometimes at different top-level priorities.</summary>
    public static Draw<SettingsSpec> Settings(IReadOnlyList<OptionDecl> iface, ServiceErrorRates rates) =>
        Draw.Frequency(
            (100 - rates.TwoDefinitions, from d in Definition(iface, rates) select new SettingsSpec { Definitions = [d] }),
            (rates.TwoDefinitions,
                from first in Definition(iface, rates)
                from second in Definition(iface, rates)
                from demoted in Draw.Frequency((70, Draw.Constant(false)), (30, Draw.Constant(true)))
                select new SettingsSpec { Definitions = [first, demoted ? second with { Priority = Conformance.Model.Cases.Priority.Default } : second with { Priority = first.Priority }] }));

    /// <summary>A definition: a few of the interface's options (the list option, if declared, two times in three).</summary>
    private static Draw<SettingsDefinition> Definition(IReadOnlyList<OptionDecl> iface, ServiceErrorRates rates) =>
        from picked in Draw.SubListOf(iface.ToArray()).Select(o => o.Take(3).ToList())
        from withList in Draw.Frequency(OffFirst, (67, Draw.Constant(true)), (33, Draw.Constant(false)))
        let list = iface.FirstOrDefault(o => o.Type == OptionType.ListOfStr)
        let options = withList && list is not null && !picked.Contains(list) ? [.. picked, list] : picked
        from values in Draw.CollectToList(options, o => Value(o, rates))
        from undeclared in Draw.Frequency((100 - rates.Undeclared, Draw.Constant(false)), (rates.Undeclared, Draw.Constant(true)))
        from fault in Draw.Frequency((100 - rates.Function - rates.Imports, Draw.Constant(SettingsFault.None)),
            (rates.Function, Draw.Constant(SettingsFault.Function)), (rates.Imports, Draw.Constant(SettingsFault.Imports)))
        from priority in Draw.Frequency((92, Draw.Constant(Conformance.Model.Cases.Priority.Plain)), (3, Draw.Constant(Conformance.Model.Cases.Priority.Default)), (3, Draw.Constant(Conformance.Model.Cases.Priority.Force)), (2, Draw.Constant(Conformance.Model.Cases.Priority.OptionDefault)))
        select new SettingsDefinition
        {
            Values = undeclared ? [.. values, new SettingDef(Pools.UndeclaredOption, new IntValue(1))] : values,
            Fault = fault,
            Priority = priority,
        };

    /// <summary>A value for an option: of its type (with a priority and, for lists, an order), or — at the error rate — of another type.</summary>
    public static Draw<SettingDef> Value(OptionDecl option, ServiceErrorRates rates) =>
        from wrong in Draw.Frequency((100 - rates.WrongType, Draw.Constant(false)), (rates.WrongType, Draw.Constant(true)))
        from value in wrong ? Draw.Constant(WrongTypeFor(option.Type)) : Fitting(option.Type)
        from priority in SettingPriority()
        from order in option.Type == OptionType.ListOfStr ? DefinitionGen.Order(Pools.SettingOrders) : Draw.Constant(Conformance.Model.Cases.Order.Plain)
        select new SettingDef(option.Name, value) { Priority = priority, Order = order };

    public static Draw<SettingValue> Fitting(OptionType type) => type switch
    {
        OptionType.Str => Draw.Elements(Pools.SettingStrings).Select(s => (SettingValue)new StrValue(s)),
        OptionType.Int => Draw.Elements(Pools.SettingInts).Select(i => (SettingValue)new IntValue(i)),
        OptionType.Bool => Draw.Elements(true, false).Select(b => (SettingValue)new BoolValue(b)),
        OptionType.ListOfStr => Draw.NonEmptyListOf(Draw.Elements(Pools.SettingListItems)).Select(l => (SettingValue)new ListValue(l.Take(2).ToList())),
        OptionType.AttrsOfStr =>
            from keys in Draw.NonEmptyListOf(Draw.Elements(Pools.SettingAttrKeys)).Select(k => k.Distinct().ToList())
            from values in Draw.Elements(Pools.SettingStrings).ArrayOf(keys.Count)
            select (SettingValue)new AttrsValue(keys.Select((k, i) => new AttrEntry(k, values[i])).ToList()),
        _ => Draw.Frequency((40, Draw.Constant((SettingValue)new NullValue())), (60, Draw.Elements(Pools.SettingStrings).Select(s => (SettingValue)new StrValue(s)))),
    };

    /// <summary>A value of another kind than the option's type accepts.</summary>
    public static SettingValue WrongTypeFor(OptionType type) => type switch
    {
        OptionType.Int => new StrValue("1"),
        OptionType.Str or OptionType.NullOrStr => new IntValue(1),
        OptionType.Bool => new StrValue("true"),
        OptionType.ListOfStr => new StrValue("x"),
        _ => new ListValue(["k1"]),
    };

    private static Draw<Priority> SettingPriority() =>
        Draw.Frequency(
            (60, Draw.Constant(Conformance.Model.Cases.Priority.Plain)),
            (12, Draw.Constant(Conformance.Model.Cases.Priority.Force)),
            (12, Draw.Constant(Conformance.Model.Cases.Priority.Default)),
            (16, Draw.Elements(Pools.SettingPriorities).Select(Conformance.Model.Cases.Priority.Override)));
}
