using Conformance.Model.Cases;
using FsCheck;
using FsCheck.Fluent;

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
/// <see cref="ServiceErrorRates"/>. Shrinking: <see cref="ServiceShrinker"/>.
/// </summary>
public static class ServiceGen
{
    public static Gen<ServiceSpec> Service(string name) =>
        from roleCount in Weighted.Frequency((40, Gen.Constant(1)), (40, Gen.Constant(2)), (20, Gen.Constant(3)))
        from roleNames in Gen.Shuffle(Pools.RoleNames).Select(r => r.Take(roleCount).ToList())
        from roles in Gen.CollectToList(roleNames, Role)
        from extendIndex in Weighted.Frequency((80, Gen.Constant(-1)), (20, Gen.Choose(0, roleCount - 1)))
        from extend in ExtendModule(roles[Math.Max(0, extendIndex)].Interface)
        from readme in Gen.Elements(true, false)
        from manifest in Weighted.Frequency((80, Gen.Constant<string?>(null)), (20, Gen.Constant<string?>(name + "-service")))
        from constraints in Weighted.Frequency((84, Gen.Constant<ServiceConstraints?>(null)), (16, Constraints(roleNames).Select(c => (ServiceConstraints?)c)))
        select new ServiceSpec(name)
        {
            ManifestName = manifest,
            Readme = readme,
            Constraints = constraints,
            Roles = roles.Select((r, i) => i == extendIndex && r.Interface.Count > 0 ? r with { Extend = extend } : r).ToList(),
        };

    /// <summary>A role; its interface has the list option two times in three (list values show merge order, which other types hide).</summary>
    private static Gen<ServiceRoleSpec> Role(string name) =>
        from others in Gen.SubListOf(Pools.InterfaceOptions.Where(o => o.Type != OptionType.ListOfStr).ToArray()).Select(o => o.Take(2).ToList())
        from withList in Gen.Frequency((67, Gen.Constant(true)), (33, Gen.Constant(false)))
        let options = withList ? [.. others, Pools.InterfaceOptions.First(o => o.Type == OptionType.ListOfStr)] : others
        from declarations in Gen.CollectToList(options, o => Declaration(o.Name, o.Type))
        from described in Gen.Elements(true, false)
        select new ServiceRoleSpec(name) { Interface = declarations, Description = described ? $"the {name} role" : null };

    private static Gen<OptionDecl> Declaration(string name, OptionType type) =>
        Weighted.Frequency(
            (20, Gen.Constant(new OptionDecl(name, type))),
            (74, Fitting(type).Select(v => new OptionDecl(name, type) { Default = v })),
            (type == OptionType.Str ? 6 : 0, Gen.Elements(MetaField.Name, MetaField.Domain).Select(m => new OptionDecl(name, type) { MetaDefault = m })));

    private static Gen<ServiceConstraints> Constraints(IReadOnlyList<string> roles) =>
        from maxInstances in Weighted.Frequency((50, Gen.Constant<int?>(null)), (50, Gen.Choose(1, 2).Select(i => (int?)i)))
        from constrained in Gen.SubListOf(roles.ToArray())
        from bounds in Gen.CollectToList(constrained, r =>
            from min in Weighted.Frequency((50, Gen.Constant<int?>(null)), (50, Gen.Choose(0, 2).Select(i => (int?)i)))
            from max in Weighted.Frequency((50, Gen.Constant<int?>(null)), (50, Gen.Choose(1, 2).Select(i => (int?)i)))
            select new RoleConstraint(r) { MinMachines = min, MaxMachines = max })
        select new ServiceConstraints { MaxInstances = maxInstances, Roles = bounds };

    /// <summary>The module a role's perInstance passes to extendSettings: 1–2 values of its interface.</summary>
    private static Gen<SettingsSpec> ExtendModule(IReadOnlyList<OptionDecl> iface) =>
        iface.Count == 0
            ? Gen.Constant(new SettingsSpec())
            : from options in Gen.NonEmptyListOf(Gen.Elements(iface.ToArray())).Select(l => l.DistinctBy(o => o.Name).Take(2).ToList())
              from values in Gen.CollectToList(options, o => Value(o, ServiceErrorRates.Rare with { WrongType = 0 }))
              select SettingsSpec.Of(values.ToArray());

    /// <summary>A settings option: one definition, or (rarely) two, written with lib.mkMerge, sometimes at different top-level priorities.</summary>
    public static Gen<SettingsSpec> Settings(IReadOnlyList<OptionDecl> iface, ServiceErrorRates rates) =>
        Weighted.Frequency(
            (100 - rates.TwoDefinitions, from d in Definition(iface, rates) select new SettingsSpec { Definitions = [d] }),
            (rates.TwoDefinitions,
                from first in Definition(iface, rates)
                from second in Definition(iface, rates)
                from demoted in Weighted.Frequency((70, Gen.Constant(false)), (30, Gen.Constant(true)))
                select new SettingsSpec { Definitions = [first, demoted ? second with { Priority = Conformance.Model.Cases.Priority.Default } : second with { Priority = first.Priority }] }));

    /// <summary>A definition: a few of the interface's options (the list option, if declared, two times in three).</summary>
    private static Gen<SettingsDefinition> Definition(IReadOnlyList<OptionDecl> iface, ServiceErrorRates rates) =>
        from picked in Gen.SubListOf(iface.ToArray()).Select(o => o.Take(3).ToList())
        from withList in Gen.Frequency((67, Gen.Constant(true)), (33, Gen.Constant(false)))
        let list = iface.FirstOrDefault(o => o.Type == OptionType.ListOfStr)
        let options = withList && list is not null && !picked.Contains(list) ? [.. picked, list] : picked
        from values in Gen.CollectToList(options, o => Value(o, rates))
        from undeclared in Weighted.Frequency((100 - rates.Undeclared, Gen.Constant(false)), (rates.Undeclared, Gen.Constant(true)))
        from fault in Weighted.Frequency((100 - rates.Function - rates.Imports, Gen.Constant(SettingsFault.None)),
            (rates.Function, Gen.Constant(SettingsFault.Function)), (rates.Imports, Gen.Constant(SettingsFault.Imports)))
        from priority in Weighted.Frequency((92, Gen.Constant(Conformance.Model.Cases.Priority.Plain)), (3, Gen.Constant(Conformance.Model.Cases.Priority.Default)), (3, Gen.Constant(Conformance.Model.Cases.Priority.Force)), (2, Gen.Constant(Conformance.Model.Cases.Priority.OptionDefault)))
        select new SettingsDefinition
        {
            Values = undeclared ? [.. values, new SettingDef(Pools.UndeclaredOption, new IntValue(1))] : values,
            Fault = fault,
            Priority = priority,
        };

    /// <summary>A value for an option: of its type (with a priority and, for lists, an order), or — at the error rate — of another type.</summary>
    public static Gen<SettingDef> Value(OptionDecl option, ServiceErrorRates rates) =>
        from wrong in Weighted.Frequency((100 - rates.WrongType, Gen.Constant(false)), (rates.WrongType, Gen.Constant(true)))
        from value in wrong ? Gen.Constant(WrongTypeFor(option.Type)) : Fitting(option.Type)
        from priority in SettingPriority()
        from order in option.Type == OptionType.ListOfStr ? DefinitionGen.Order(Pools.SettingOrders) : Gen.Constant(Conformance.Model.Cases.Order.Plain)
        select new SettingDef(option.Name, value) { Priority = priority, Order = order };

    public static Gen<SettingValue> Fitting(OptionType type) => type switch
    {
        OptionType.Str => Gen.Elements(Pools.SettingStrings).Select(s => (SettingValue)new StrValue(s)),
        OptionType.Int => Gen.Elements(Pools.SettingInts).Select(i => (SettingValue)new IntValue(i)),
        OptionType.Bool => Gen.Elements(true, false).Select(b => (SettingValue)new BoolValue(b)),
        OptionType.ListOfStr => Gen.NonEmptyListOf(Gen.Elements(Pools.SettingListItems)).Select(l => (SettingValue)new ListValue(l.Take(2).ToList())),
        OptionType.AttrsOfStr =>
            from keys in Gen.NonEmptyListOf(Gen.Elements(Pools.SettingAttrKeys)).Select(k => k.Distinct().ToList())
            from values in Gen.Elements(Pools.SettingStrings).ArrayOf(keys.Count)
            select (SettingValue)new AttrsValue(keys.Select((k, i) => new AttrEntry(k, values[i])).ToList()),
        _ => Weighted.Frequency((40, Gen.Constant((SettingValue)new NullValue())), (60, Gen.Elements(Pools.SettingStrings).Select(s => (SettingValue)new StrValue(s)))),
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

    private static Gen<Priority> SettingPriority() =>
        Weighted.Frequency(
            (60, Gen.Constant(Conformance.Model.Cases.Priority.Plain)),
            (12, Gen.Constant(Conformance.Model.Cases.Priority.Force)),
            (12, Gen.Constant(Conformance.Model.Cases.Priority.Default)),
            (16, Gen.Elements(Pools.SettingPriorities).Select(Conformance.Model.Cases.Priority.Override)));
}
